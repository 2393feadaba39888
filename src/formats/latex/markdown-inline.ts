// markdown-it inline tokens → LaTeX: text escaped, math put back as written
// (to-latex-math.ts), emphasis, code, links, images, and the few inline HTML
// tags with a LaTeX meaning. Every brace opened here is closed here, whatever
// the nesting of the HTML tags in the source, so a cell cannot unbalance the document.
import type Token from 'markdown-it/lib/token.mjs';
import { escapeLatex, escapeUrl, latexLabel, type ScriptUsage } from './escape.js';
import type { Direction } from './scripts.js';
import { formattingKind, formattingLatex, parseTag, sentinelMeaning } from './markdown-html.js';
import { markdownImage, type ImageContext } from './images.js';
import { mathToLatex, type MathUsage } from './math.js';

export interface LatexContext extends ImageContext {
  scripts: ScriptUsage;
  math: MathUsage;
  /** The math chunks of the markdown being rendered (`@@N@@` placeholders). */
  chunks: string[];
  /** HTML tags dropped so far in this cell (reported once per cell). */
  droppedHtml: Set<string>;
}

export interface InlineOptions {
  /** A heading, table cell or link text: only inline math, no line breaks, no ulem commands. */
  restricted: boolean;
  direction: Direction;
  /** Line breaks in a table cell: `\newline` in paragraph columns, a space in others. */
  cellBreak?: string;
}

const PLACEHOLDER_OR_SENTINEL = /@@(\d+)@@|[\ufdd0-\ufdef]/g;

export function renderInline(tokens: readonly Token[], ctx: LatexContext, opts: InlineOptions): string {
  const open: { tag: string; close: string }[] = []; // HTML formatting, closed by the end of this call
  let out = '';
  const text = (s: string) => escapeLatex(s, { scripts: ctx.scripts, direction: opts.direction });
  const ltr = (latex: string) => (opts.direction === 'rtl' && latex ? `\\nbxLTR{${latex}}` : latex);
  const openTag = (tag: string, latex: { open: string; close: string }) => {
    open.push({ tag, close: latex.close });
    out += latex.open;
  };
  const closeTag = (tag: string) => {
    const at = open.map((o) => o.tag).lastIndexOf(tag);
    if (at < 0) return; // a stray closing tag
    while (open.length > at) out += open.pop()!.close;
  };
  let written = false; // out has more than spaces (remembered: out.trim() at every break is quadratic)
  const lineBreak = (newline: boolean) => {
    if (!written && !(written = out.trim() !== '')) return; // `\\` with no line before it is an error
    out += opts.cellBreak ?? (opts.restricted ? ' ' : newline ? '\\\\\n' : '\\\\');
  };

  for (const token of tokens) {
    switch (token.type) {
      case 'text': {
        let last = 0;
        for (const m of token.content.matchAll(PLACEHOLDER_OR_SENTINEL)) {
          out += text(token.content.slice(last, m.index));
          last = m.index! + m[0].length;
          if (m[1] !== undefined) {
            const chunk = ctx.chunks[Number(m[1])];
            out += chunk === undefined ? text(m[0]) : mathLatex(chunk, ctx, opts, text, ltr);
          } else {
            const meaning = sentinelMeaning(m[0]);
            if (meaning === 'break') lineBreak(false); // <br> in an HTML block: its newline follows
            else if (meaning?.closing) closeTag(meaning.kind);
            else if (meaning) openTag(meaning.kind, formattingLatex(meaning.kind, opts.restricted));
          }
        }
        out += text(token.content.slice(last));
        break;
      }
      case 'softbreak':
        out += '\n';
        break;
      case 'hardbreak':
        lineBreak(true);
        break;
      case 'code_inline':
        out += ltr(`\\nbxcode{${escapeLatex(restoreMath(token.content, ctx.chunks), { scripts: ctx.scripts })}}`);
        break;
      case 'em_open':
        out += '\\emph{';
        break;
      case 'strong_open':
        out += '\\textbf{';
        break;
      case 's_open':
        out += opts.restricted ? '{' : '\\sout{';
        break;
      case 'em_close':
      case 'strong_close':
      case 's_close':
      case 'link_close':
        out += '}';
        break;
      case 'link_open':
        out += linkOpen(token.attrGet('href') ?? '');
        break;
      case 'image': {
        const alt = renderInline(token.children ?? [], ctx, { ...opts, restricted: true });
        out += image(token.attrGet('src') ?? '', alt, ctx, opts);
        break;
      }
      case 'html_inline': {
        // Tag actions append to `out` themselves: call first, then append what is returned.
        const latex = htmlInline(token.content, ctx, opts, { openTag, closeTag, lineBreak });
        out += latex;
        break;
      }
      default:
        if (token.content) out += text(token.content);
    }
  }
  while (open.length) out += open.pop()!.close;
  return opts.direction === 'rtl' ? mergeLtrRuns(out) : out;
}

/**
 * In a right-to-left paragraph, left-to-right pieces from separate tokens
 * (`English words` then `code`) must form one \nbxLTR run, or TeX--XeT would
 * lay them out right to left. Merges `\nbxLTR{a} \nbxLTR{b}` (only spaces
 * and separators between, at the same brace depth) into `\nbxLTR{a b}`.
 */
export function mergeLtrRuns(latex: string): string {
  const OPEN = '\\nbxLTR{';
  let out = '';
  const stack: boolean[] = []; // per open brace: was it an \nbxLTR's
  let lastClose: { at: number; depth: number } | null = null;
  for (let i = 0; i < latex.length; ) {
    if (latex.startsWith(OPEN, i)) {
      const between = lastClose && lastClose.depth === stack.length ? out.slice(lastClose.at + 1) : null;
      if (lastClose && between !== null && /^[\s,;:]*$/.test(between)) {
        out = out.slice(0, lastClose.at) + between; // reopen the previous run
      } else {
        out += OPEN;
      }
      stack.push(true);
      lastClose = null;
      i += OPEN.length;
    } else if (latex[i] === '\\') {
      out += latex.slice(i, i + 2);
      i += 2;
    } else {
      const c = latex[i]!;
      out += c;
      i++;
      if (c === '{') stack.push(false);
      else if (c === '}' && stack.pop()) lastClose = { at: out.length - 1, depth: stack.length };
    }
  }
  return out;
}

function mathLatex(chunk: string, ctx: LatexContext, opts: InlineOptions, text: (s: string) => string, ltr: (s: string) => string): string {
  const latex = mathToLatex(chunk, {
    math: ctx.math,
    restricted: opts.restricted,
    warn: (msg) => ctx.diag.warn(ctx.where, msg),
    asText: (source) => `\\nbxcode{${text(source)}}`,
    untrusted: ctx.confine,
  });
  return latex.startsWith('\n') ? latex : ltr(latex); // display math stands alone
}

/** `@@N@@` placeholders back to their source (in code, nothing is math). */
export function restoreMath(text: string, chunks: readonly string[]): string {
  return text.replace(/@@(\d+)@@/g, (m, n: string) => chunks[Number(n)] ?? m);
}

function linkOpen(href: string): string {
  if (href.startsWith('#')) {
    let fragment = href.slice(1);
    try {
      fragment = decodeURIComponent(fragment);
    } catch {
      // keep it encoded
    }
    return `\\hyperref[${latexLabel(fragment)}]{`;
  }
  return `\\href{${escapeUrl(href)}}{`;
}

function image(src: string, alt: string, ctx: LatexContext, opts: InlineOptions): string {
  const fallback = `\\nbximagealt{${alt || `\\nolinkurl{${escapeUrl(src)}}`}}`;
  return markdownImage(src, fallback, ctx, opts.cellBreak !== undefined);
}

interface TagActions {
  openTag(tag: string, latex: { open: string; close: string }): void;
  closeTag(tag: string): void;
  lineBreak(newline: boolean): void;
}

/** An inline HTML tag: formatting and links become commands, <br> a line break, <img> an image; others are dropped. */
function htmlInline(html: string, ctx: LatexContext, opts: InlineOptions, actions: TagActions): string {
  const tag = parseTag(html);
  if (!tag) return ''; // a comment or declaration
  const { name, closing, attrs } = tag;
  const kind = formattingKind(name);
  if (kind) {
    if (closing) actions.closeTag(kind);
    else actions.openTag(kind, formattingLatex(kind, opts.restricted));
    return '';
  }
  if (name === 'br') {
    actions.lineBreak(false);
    return '';
  }
  if (name === 'img') {
    if (closing) return ''; // `</img>` is invalid but common
    const alt = attrs.alt ? escapeLatex(attrs.alt, { scripts: ctx.scripts, direction: opts.direction }) : '';
    return image(attrs.src ?? '', alt, ctx, opts);
  }
  if (name === 'a') {
    if (closing) actions.closeTag('a');
    // As markdown-it's validateLink: no script or file links from raw HTML either.
    else if (attrs.href && !/^\s*(javascript|vbscript|file|data):/i.test(attrs.href)) actions.openTag('a', { open: linkOpen(attrs.href), close: '}' });
    else if ((attrs.id || attrs.name) && !opts.restricted) return `\\nbxanchor{${latexLabel(attrs.id || attrs.name!)}}`;
    return '';
  }
  ctx.droppedHtml.add(name);
  return '';
}
