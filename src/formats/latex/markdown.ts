// Notebook markdown → LaTeX, rendered from markdown-it's token stream (no
// pandoc): math is taken out first (removeMath, as Jupyter does) and put back
// verbatim; headings become sections with \label (JupyterLab's ids, so
// `[x](#Heading-id)` links work), lists, quotes, code blocks, tables
// (longtable + booktabs) and images follow LaTeX's usual forms. LaTeX limits
// (4 levels of one list kind, 6 of nesting) are respected by degrading deeper
// levels to indented paragraphs instead of failing the build.
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { highlightSegments } from './highlight.js';
import { escapeLatex, latexLabel } from './escape.js';
import { paragraphDirection, type Direction } from './scripts.js';
import { verbatimBody } from './verbatim.js';
import { headingAnchors, plainText, type HeadingEnv } from '../../markdown/headings.js';
import { markdownIt } from '../../markdown/markdown-it.js';
import { htmlBlockToMarkdown } from './markdown-html.js';
import { renderInline, restoreMath, type LatexContext } from './markdown-inline.js';
import { renderTable } from './markdown-table.js';

// Text recovered from raw HTML blocks is parsed again, with HTML off: it holds no tags any more.
let withoutHtml: MarkdownIt | undefined;
const mdWithoutHtml = (): MarkdownIt => {
  if (!withoutHtml) {
    withoutHtml = new MarkdownIt('default', { html: false, linkify: true, typographer: false });
    headingAnchors(withoutHtml);
  }
  return withoutHtml;
};

export interface MarkdownLatexContext extends Omit<LatexContext, 'chunks' | 'droppedHtml'> {
  /** Heading ids used so far in the document (a repeated heading gets `-2`). */
  usedIds: Set<string>;
}

export interface MarkdownLatex {
  latex: string;
  /** The first heading's text as LaTeX (a title candidate), or null. */
  heading: string | null;
  /** The LaTeX without its first block, when that block is the heading; else null. */
  afterLeadingHeading: string | null;
}

const SECTIONS = ['section', 'subsection', 'subsubsection', 'paragraph', 'subparagraph', 'subparagraph'];
const ENUM_COUNTERS = ['enumi', 'enumii', 'enumiii', 'enumiv'];

interface BlockState {
  itemize: number;
  enumerate: number;
  /** All list and quote environments open (LaTeX allows 6). */
  nest: number;
  /** Inside a list or quote: headings become bold paragraphs (sectioning there is odd). */
  contained: boolean;
  /** The first heading: its text, and the block it became (to drop it when it is the title). */
  heading: { latex: string; block: string; label: string | null } | null;
}

/** Markdown with its math taken out (`removeMath`) → LaTeX. */
export function markdownToLatex(src: { text: string; math: string[] }, context: MarkdownLatexContext): MarkdownLatex {
  const ctx: LatexContext = { ...context, chunks: src.math, droppedHtml: new Set() };
  const env: HeadingEnv = { usedIds: context.usedIds, math: src.math };
  const state: BlockState = { itemize: 0, enumerate: 0, nest: 0, contained: false, heading: null };
  const blocks = renderBlocks(markdownIt().parse(src.text, env), 0, undefined, ctx, state, env);
  if (ctx.droppedHtml.size) {
    ctx.diag.warn(ctx.where, `raw HTML has no LaTeX form; dropped, text kept: ${[...ctx.droppedHtml].sort().map((t) => `<${t}>`).join(', ')}`);
  }
  const heading = state.heading;
  return {
    latex: blocks.join('\n\n'),
    heading: heading?.latex ?? null,
    // Links to the heading now lead to where it was.
    afterLeadingHeading: heading && blocks[0] === heading.block
      ? [...(heading.label ? [`\\nbxanchor{${heading.label}}`] : []), ...blocks.slice(1)].join('\n\n')
      : null,
  };
}

/** Index of the token closing the one opened at `i`. */
function closing(tokens: readonly Token[], i: number): number {
  const open = tokens[i]!;
  for (let j = i + 1; j < tokens.length; j++) {
    const t = tokens[j]!;
    if (t.level === open.level && t.nesting === -1) return j;
  }
  return tokens.length;
}

function directionOf(inline: Token | undefined): Direction {
  return inline ? paragraphDirection(plainText(inline, []).replace(/@@\d+@@/g, '')) : 'ltr';
}

function renderBlocks(tokens: readonly Token[], start: number, end: number | undefined, ctx: LatexContext,
  st: BlockState, env: HeadingEnv): string[] {
  const blocks: string[] = [];
  const stop = end ?? tokens.length;
  for (let i = start; i < stop; i++) {
    const t = tokens[i]!;
    switch (t.type) {
      case 'paragraph_open': {
        const inline = tokens[i + 1];
        blocks.push(paragraph(inline, ctx, st));
        i = closing(tokens, i);
        break;
      }
      case 'heading_open': {
        const latex = heading(t, tokens[i + 1], ctx, st);
        if (latex) blocks.push(latex);
        i = closing(tokens, i);
        break;
      }
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const close = closing(tokens, i);
        blocks.push(list(tokens, i, close, ctx, st, env));
        i = close;
        break;
      }
      case 'blockquote_open': {
        const close = closing(tokens, i);
        const fits = st.nest < 6;
        const inner = nested(st, { nest: fits ? 1 : 0 }, () => renderBlocks(tokens, i + 1, close, ctx, st, env));
        blocks.push(fits ? `\\begin{quote}\n${inner.join('\n\n')}\n\\end{quote}` : inner.join('\n\n'));
        i = close;
        break;
      }
      case 'fence':
      case 'code_block':
        blocks.push(codeBlock(t, ctx));
        break;
      case 'hr':
        blocks.push('\\nbxrule');
        break;
      case 'table_open': {
        const close = closing(tokens, i);
        blocks.push(renderTable(tokens.slice(i, close + 1), (inline, opts) => renderInline(inline.children ?? [], ctx, opts)));
        i = close;
        break;
      }
      case 'html_block': {
        const { markdown, dropped } = htmlBlockToMarkdown(t.content);
        for (const tag of dropped) ctx.droppedHtml.add(tag);
        if (markdown.trim()) blocks.push(...renderBlocks(mdWithoutHtml().parse(markdown, env), 0, undefined, ctx, st, env));
        break;
      }
      default:
        break; // closing tokens of containers handled by their openers
    }
  }
  return blocks.filter((b) => b.trim() !== '');
}

/** Runs `render` one container deeper. */
function nested<T>(st: BlockState, deeper: { nest: number; itemize?: number; enumerate?: number }, render: () => T): T {
  const saved = { ...st };
  st.nest += deeper.nest;
  st.itemize += deeper.itemize ?? 0;
  st.enumerate += deeper.enumerate ?? 0;
  st.contained = true;
  try {
    return render();
  } finally {
    Object.assign(st, { nest: saved.nest, itemize: saved.itemize, enumerate: saved.enumerate, contained: saved.contained });
  }
}

function paragraph(inline: Token | undefined, ctx: LatexContext, st: BlockState): string {
  const children = inline?.children ?? [];
  const direction = directionOf(inline);
  const latex = renderInline(children, ctx, { restricted: false, direction }).trim();
  const visible = children.filter((c) => !(c.type === 'softbreak' || (c.type === 'text' && !c.content.trim()) || (c.type === 'html_inline' && c.content.startsWith('</'))));
  const lone = visible.length === 1 && (visible[0]!.type === 'image' || /^<img\b/i.test(visible[0]!.content));
  if (lone && /\\nbximage|\u0000svg/.test(latex)) return `\\begin{center}\n${latex.trim()}\n\\end{center}`;
  if (direction === 'rtl') return st.contained ? `\\nbxRTL{${latex}}` : `\\begin{nbxrtl}\n\\nbxRTL{${latex}}\n\\end{nbxrtl}`;
  return latex;
}

function heading(open: Token, inline: Token | undefined, ctx: LatexContext, st: BlockState): string {
  const direction = directionOf(inline);
  let latex = renderInline(inline?.children ?? [], ctx, { restricted: true, direction }).trim();
  if (!latex) return '';
  if (direction === 'rtl') latex = `\\nbxRTL{${latex}}`;
  const level = Number(open.tag.slice(1)) || 1;
  const id = open.attrGet('id');
  // Bookmarks are plain text: hyperref warns "Token not allowed" on math and commands, so it gets the words.
  const title = /[$^_]|\\nbx/.test(latex) && inline ? `\\texorpdfstring{${latex}}{${escapeLatex(plainText(inline, ctx.chunks).replace(/[\\$^_{}]/g, ''))}}` : latex;
  const block = st.contained
    ? `\\textbf{${latex}}`
    : `\\${SECTIONS[level - 1] ?? 'subparagraph'}{${title}}${id ? `\\label{${latexLabel(id)}}` : ''}`;
  st.heading ??= { latex: title, block, label: id && !st.contained ? latexLabel(id) : null };
  return block;
}

function list(tokens: readonly Token[], open: number, close: number, ctx: LatexContext, st: BlockState, env: HeadingEnv): string {
  const ordered = tokens[open]!.type === 'ordered_list_open';
  const kindDepth = ordered ? st.enumerate : st.itemize;
  const fits = kindDepth < 4 && st.nest < 6;
  const start = Number(tokens[open]!.attrGet('start') ?? 1);
  const items: string[] = [];
  let number = start;
  for (let i = open + 1; i < close; i++) {
    if (tokens[i]!.type !== 'list_item_open') continue;
    const itemClose = closing(tokens, i);
    const tight = tokens.slice(i + 1, itemClose).some((t) => t.type === 'paragraph_open' && t.hidden);
    const inner = nested(st, { nest: fits ? 1 : 0, itemize: fits && !ordered ? 1 : 0, enumerate: fits && ordered ? 1 : 0 },
      () => renderBlocks(tokens, i + 1, itemClose, ctx, st, env));
    const body = inner.join(tight ? '\n' : '\n\n');
    if (fits) items.push(`\\item{} ${body}`);
    else items.push(`\\par\\noindent\\hspace*{${st.nest + 1}em}${ordered ? `${number}.` : '\\textbullet{}'}~${body}`);
    number++;
    i = itemClose;
  }
  if (!fits) return items.join('\n\n');
  const environment = ordered ? 'enumerate' : 'itemize';
  const counter = ordered && start !== 1 ? `\\setcounter{${ENUM_COUNTERS[kindDepth]}}{${start - 1}}\n` : '';
  return `\\begin{${environment}}\n${counter}${items.join('\n')}\n\\end{${environment}}`;
}

function codeBlock(token: Token, ctx: LatexContext): string {
  const language = token.type === 'fence' ? (token.info.trim().split(/\s+/)[0] ?? '').replace(/^[{.]+|}$/g, '') : '';
  const code = restoreMath(token.content, ctx.chunks).replace(/\n$/, '');
  const body = verbatimBody(highlightSegments(code, language), { scripts: ctx.scripts });
  return `\\begin{nbxcodeblock}\n${body}\n\\end{nbxcodeblock}`;
}
