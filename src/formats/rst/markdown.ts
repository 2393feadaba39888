// Notebook markdown → reStructuredText, from markdown-it's tokens (no pandoc
// process per cell, as nbconvert needs). Math is taken out first with
// JupyterLab's rules (removeMath), so exactly the `$` Jupyter shows as math
// become `:math:` roles and `.. math::` blocks. Block tokens are handled
// here, inline ones in to-rst-inline.ts, escaping in to-rst-escape.ts and
// whole-document consistency (sections, reference names) in to-rst-document.ts.
import type Token from 'markdown-it/lib/token.mjs';
import { markdownIt } from '../../markdown/markdown-it.js';
import type { ExtractedMarkdown } from '../../markdown/render-html.js';
import { block, joinBlocks, type Block } from './document.js';
import { cleanLiteral, cleanMarkdown, cutLongLines, escapePath, hasLongLine, indent } from './escape.js';
import { inlineLine, paragraphBlocks, restoreMath, type InlineContext } from './inline.js';
import { pygmentsLexer } from './lexers.js';

export { RstDocument, joinBlocks, block, type Block } from './document.js';
export { latexTextBlocks, mathBlock } from './inline.js';

export interface RstContext extends Omit<InlineContext, 'math'> {
  /** Headings become sections (markdown cells), or rubrics (markdown outputs, which must not restructure the document). */
  sections: boolean;
  /** Transform raw HTML before it becomes a `.. raw:: html` block (the sanitizer, for untrusted notebooks). */
  cleanHtml?: (html: string) => string;
  /** Writes a file beside the document (raw HTML with lines too long for RST); returns its path. */
  saveFile?: SaveFile;
}

export type SaveFile = (extension: string, data: string) => string;

interface Walk extends RstContext {
  math: string[];
}

/** Top-level blocks of one markdown source, to be added to `ctx.doc` in order. */
export function markdownToRst(src: ExtractedMarkdown, ctx: RstContext): Block[] {
  const tokens = markdownIt().parse(cleanMarkdown(src.text), {});
  return renderBlocks(tokens, { ...ctx, math: src.math.map(cleanMarkdown) }, true);
}

/** Index of the token closing the one opened at `open`. */
function closing(tokens: Token[], open: number): number {
  const level = tokens[open]!.level;
  let i = open + 1;
  while (i < tokens.length && !(tokens[i]!.level === level && tokens[i]!.nesting === -1)) i++;
  return i;
}

function renderBlocks(tokens: Token[], ctx: Walk, topLevel: boolean): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const end = t.nesting === 1 ? closing(tokens, i) : i;
    const inner = () => tokens.slice(i + 1, end);
    switch (t.type) {
      case 'heading_open':
        blocks.push(...heading(Number(t.tag.slice(1)), tokens[i + 1]!, ctx, topLevel));
        break;
      case 'paragraph_open':
        blocks.push(...paragraphBlocks(tokens[i + 1]!, ctx));
        break;
      case 'bullet_list_open':
      case 'ordered_list_open':
        blocks.push(list(inner(), t.type === 'ordered_list_open' ? Number(t.attrGet('start') ?? 1) : null, ctx));
        break;
      case 'blockquote_open': {
        const body = joinBlocks(renderBlocks(inner(), ctx, false));
        if (body) blocks.push(block('indented', indent(body, 4)));
        break;
      }
      case 'fence':
      case 'code_block': {
        const code = codeBlock(restoreMath(t.content, ctx.math), t.info.trim().split(/\s+/)[0] ?? '');
        if (code) blocks.push(code);
        break;
      }
      case 'html_block': {
        const raw = rawBlock('html', (ctx.cleanHtml ?? ((h) => h))(restoreMath(t.content, ctx.math)), ctx.saveFile);
        if (raw) blocks.push(raw);
        break;
      }
      case 'table_open':
        blocks.push(...table(inner(), ctx));
        break;
      case 'hr':
        // RST allows transitions only between top-level body elements.
        if (topLevel) blocks.push(block('transition', '----'));
        break;
    }
    i = end;
  }
  return blocks;
}

function heading(level: number, inline: Token, ctx: Walk, topLevel: boolean): Block[] {
  const defs: Block[] = [];
  const text = inlineLine(inline, ctx, defs, 'alt');
  if (!text) return [];
  // Sections exist only at the top level; elsewhere a heading is a rubric.
  return [topLevel && ctx.sections ? ctx.doc.title(level, text) : block('explicit', `.. rubric:: ${text}`)];
}

function list(tokens: Token[], start: number | null, ctx: Walk): Block {
  const items: { marker: string; blocks: Block[] }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.type !== 'list_item_open') continue;
    const end = closing(tokens, i);
    const marker = start === null ? '-' : `${start + items.length}.`;
    items.push({ marker, blocks: renderBlocks(tokens.slice(i + 1, end), ctx, false) });
    i = end;
  }
  const tight = items.every((item) => item.blocks.length <= 1 && (item.blocks[0]?.kind ?? 'paragraph') === 'paragraph');
  const text = items.map(({ marker, blocks }) => {
    const body = joinBlocks(blocks);
    if (!body) return marker;
    // The body starts after the marker; its other lines align with that column.
    const pad = marker.length + 1;
    return `${marker} ${indent(body, pad).slice(pad)}`;
  });
  return block('list', text.join(tight ? '\n' : '\n\n'));
}

/** GFM table → list-table (no column widths to compute, safe with wide characters). */
function table(tokens: Token[], ctx: Walk): Block[] {
  const rows: string[][] = [];
  let headerRows = 0;
  const defs: Block[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'tr_open') rows.push([]);
    else if (t.type === 'inline') rows.at(-1)?.push(inlineLine(t, ctx, defs));
    else if (t.type === 'thead_close') headerRows = rows.length;
  }
  if (!rows.length) return [];
  const body = rows
    .map((cells) => cells.map((cell, c) => `${c === 0 ? '* -' : '  -'}${cell ? ' ' + cell : ''}`).join('\n'))
    .join('\n');
  // list-table needs a body row besides the header rows.
  const options = headerRows && headerRows < rows.length ? `\n   :header-rows: ${headerRows}` : '';
  return [block('explicit', `.. list-table::${options}\n\n${indent(body, 3)}`), ...defs];
}

/** `.. code:: <lexer>` with the code, or null for empty code (RST requires content). */
export function codeBlock(code: string, language: string): Block | null {
  const content = cleanLiteral(code).replace(/^\s*\n/, '').trimEnd();
  if (!content.trim()) return null;
  return block('explicit', `.. code:: ${pygmentsLexer(language)}\n\n${indent(cutLongLines(content), 4)}`);
}

/**
 * `.. raw:: <format>` with the content, or null when empty. Content with lines
 * too long for RST goes to a file the directive names (`:file:` is not
 * subject to the limit), when `saveFile` is given.
 */
export function rawBlock(format: 'html' | 'latex', content: string, saveFile?: SaveFile): Block | null {
  const text = cleanLiteral(content).replace(/^\s*\n/, '').trimEnd();
  if (!text.trim()) return null;
  if (saveFile && hasLongLine(text)) {
    return block('explicit', `.. raw:: ${format}\n   :file: ${escapePath(saveFile(format === 'html' ? '.html' : '.tex', text + '\n'))}`);
  }
  return block('explicit', `.. raw:: ${format}\n\n${indent(cutLongLines(text), 4)}`);
}
