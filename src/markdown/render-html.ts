// Notebook markdown → safe HTML, in JupyterLab's order: take the math out,
// render the markdown, sanitize, then put the math back rendered by KaTeX
// (trusted, since KaTeX escapes its input; the sanitizer would strip it).
import type { Diagnostics } from '../errors.js';
import type { MimeBundle } from '../notebook/model.js';
import { plainText, type HeadingEnv } from './headings.js';
import { makeImageResolver } from './images.js';
import { markdownIt } from './markdown-it.js';
import { replaceMath } from './math-extract.js';
import type { MathRenderer } from './math-render.js';
import type Token from 'markdown-it/lib/token.mjs';
import { LINK_SCHEMES, sanitizeMarkdownHtml } from './sanitize.js';

export interface MarkdownHtmlContext {
  math: MathRenderer;
  diag: Diagnostics;
  /** JSON path for warnings, e.g. `cells[3]`. */
  where: string;
  attachments?: Record<string, MimeBundle>;
  baseDir: string | null;
  /** Heading ids used so far in the document. */
  usedIds: Set<string>;
  /** Untrusted notebook: local images only from inside its directory. */
  confine?: boolean;
}

/** Text with math taken out (`@@N@@` placeholders) and the math chunks. */
export interface ExtractedMarkdown {
  text: string;
  math: string[];
}

export function markdownToHtml(src: ExtractedMarkdown, ctx: MarkdownHtmlContext): string {
  const env: HeadingEnv = { usedIds: ctx.usedIds, math: src.math };
  const md = markdownIt();
  const tokens = md.parse(src.text, env);
  const resolveImage = makeImageResolver({ ...ctx });
  // Without raw HTML, markdown-it's output is made of its own escaped markup,
  // and only what the sanitizer would change is left to do: image sources,
  // link schemes and rel. With raw HTML, the whole output is sanitized.
  const clean = hasRawHtml(tokens)
    ? sanitizeMarkdownHtml(md.renderer.render(tokens, md.options, env), resolveImage)
    : md.renderer.render(asSanitized(tokens, resolveImage), md.options, env);
  // replaceMath knows HTML: math inside <pre>/<code> and attributes goes back as escaped source.
  // Code blocks that scroll sideways must be reachable with the keyboard (WCAG 2.1.1).
  return replaceMath(clean, src.math, (tex) => ctx.math.render(tex, ctx.where)).replace(/<pre>/g, '<pre tabindex="0">');
}

/** True when the markdown holds HTML of its own (html_block / html_inline tokens). */
export function hasRawHtml(tokens: readonly Token[]): boolean {
  return tokens.some((t) => t.type === 'html_block' || t.children?.some((c) => c.type === 'html_inline'));
}

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/** What sanitizeMarkdownHtml does to markdown-it's own markup, done on its tokens. */
function asSanitized(tokens: Token[], resolveImage: (src: string) => string): Token[] {
  for (const t of tokens.flatMap((b) => b.children ?? [])) {
    if (t.type === 'image') {
      const src = resolveImage(t.attrGet('src') ?? '');
      const scheme = SCHEME.exec(src)?.[1]?.toLowerCase();
      if (scheme && !IMAGE_SCHEMES.includes(scheme)) t.attrs = (t.attrs ?? []).filter(([name]) => name !== 'src');
      else t.attrSet('src', src);
    } else if (t.type === 'link_open') {
      const scheme = SCHEME.exec(t.attrGet('href') ?? '')?.[1]?.toLowerCase();
      if (scheme && !LINK_SCHEMES.includes(scheme)) t.attrs = (t.attrs ?? []).filter(([name]) => name !== 'href');
      t.attrSet('rel', 'nofollow');
    }
  }
  return tokens;
}

const IMAGE_SCHEMES = ['http', 'https', 'data'];

/** The first heading (ATX or setext, never inside code) of a markdown source, or null. */
export function firstHeading(source: string): { level: number; text: string } | null {
  const tokens = markdownIt().parse(source, {});
  let found: { level: number; text: string } | null = null;
  tokens.forEach((t, i) => {
    const inline = tokens[i + 1];
    if (t.type !== 'heading_open' || !inline || (found && found.level <= Number(t.tag.slice(1)))) return;
    const text = plainText(inline).trim();
    if (text) found = { level: Number(t.tag.slice(1)), text };
  });
  return found;
}
