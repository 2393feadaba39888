// Headings get an id and a `¶` link as in JupyterLab (rendermime's
// headerAnchors): the id is the heading's text with spaces as dashes.
import type MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';

export interface HeadingEnv {
  /** Ids already used in this document: a repeated heading gets `-2`, `-3`. */
  usedIds?: Set<string>;
  /** Math placeholders → original TeX, so ids read like the heading's visible text. */
  math?: string[];
}

/** The visible text of an inline token (math placeholders restored). */
export function plainText(inline: Token, math: string[] = []): string {
  let text = '';
  for (const t of inline.children ?? []) {
    if (t.type === 'text' || t.type === 'code_inline') text += t.content;
    else if (t.type === 'softbreak' || t.type === 'hardbreak') text += ' ';
    else if (t.type === 'image') text += t.content;
  }
  return text.replace(/@@(\d+)@@/g, (m, i: string) => math[Number(i)] ?? m);
}

/**
 * Where numbering resumes for each base id of a `used` set: 50,000 identical
 * headings cost a linear search each without it (quadratic). Ids are only
 * ever added, so every number below the hint is still taken.
 */
const nextNumber = new WeakMap<Set<string>, Map<string, number>>();

export function headingId(text: string, used?: Set<string>): string {
  const base = text.trim().replace(/ /g, '-');
  if (!used) return base;
  let id = base;
  if (used.has(id)) {
    let hints = nextNumber.get(used);
    if (!hints) nextNumber.set(used, (hints = new Map()));
    let n = hints.get(base) ?? 2;
    while (used.has((id = `${base}-${n}`))) n++;
    hints.set(base, n + 1);
  }
  used.add(id);
  return id;
}

export function headingAnchors(md: MarkdownIt): void {
  md.core.ruler.push('nbx_heading_ids', (state) => {
    const env = state.env as HeadingEnv;
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const open = tokens[i]!;
      const inline = tokens[i + 1];
      if (open.type !== 'heading_open' || !inline) continue;
      open.attrSet('id', headingId(plainText(inline, env.math ?? []), env.usedIds));
    }
  });
  md.renderer.rules.heading_close = (tokens, idx, _opts, _env, self) => {
    const open = tokens[idx - 2];
    const id = open?.attrGet('id');
    const anchor = id ? `<a class="jp-InternalAnchorLink" href="#${md.utils.escapeHtml(id)}" rel="nofollow">¶</a>` : '';
    return anchor + self.renderToken(tokens, idx, _opts);
  };
}
