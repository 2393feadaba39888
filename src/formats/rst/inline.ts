// Inline markdown-it tokens → RST text. RST inline markup cannot nest, so
// emphasis is flattened (strong wins) and anything that is itself markup
// (code, links, math, images) is set beside the emphasised words, not inside.
// Images inside text become substitutions (`|image1|`) defined after the block.
import type Token from 'markdown-it/lib/token.mjs';
import { mathDelimiters } from '../../markdown/math-extract.js';
import { disallowedTex } from '../../render/tex-allowlist.js';
import { block, type Block, type RstDocument } from './document.js';
import {
  cleanLiteral, cleanMarkdown, escapeFinalColons, escapeLineStarts, escapePath, escapeReferenceText, escapeText, escapeUri,
  indent, inlineLiteral, joinPieces, roleText, wrapLongLines, type Piece,
} from './escape.js';

export interface InlineContext {
  doc: RstDocument;
  /** Math chunks of the markdown (`@@N@@` placeholders stand for them). */
  math: string[];
  /** The path or URI an image directive should name for a markdown image `src`. */
  imagePath(src: string): string;
  /** Untrusted notebook: inline raw HTML is left out, math is allowlisted TeX only. */
  sanitize: boolean;
  /** Raw HTML of markdown, cleaned before it becomes a :raw-html: role. */
  cleanHtml?: (html: string) => string;
  /** Reports math shown as its source. */
  warn?: (message: string) => void;
}

interface InlineOptions {
  /** Display math may become a `.. math::` block (paragraphs), or stays a role (titles, cells). */
  displayMath: boolean;
  /** Hard breaks make a line block (paragraphs), or are spaces. */
  breaks: boolean;
  /** Images become substitutions, or their alt text (titles). */
  images: 'substitute' | 'alt';
}

type Style = '' | 'em' | 'strong';
interface ImageRun { type: 'image'; src: string; alt: string; target: string | null }
type Run =
  | { type: 'text'; text: string; style: Style }
  | { type: 'markup'; text: string }
  | { type: 'break' }
  | { type: 'math'; chunk: string }
  | ImageRun;

const markup = (text: string): Run => ({ type: 'markup', text });
const PLACEHOLDER = /@@(\d+)@@/;
const PLACEHOLDER_ONLY = /^@@\d+@@$/;

/** Put math chunks back as they were written (code, URLs, raw HTML). */
export function restoreMath(text: string, math: string[]): string {
  return text.replace(/@@(\d+)@@/g, (m, n: string) => math[Number(n)] ?? m);
}

/** The visible text of inline tokens: for link text, image alt text, headings. */
function plainText(tokens: Token[], math: string[]): string {
  let text = '';
  for (const t of tokens) {
    if (t.type === 'text' || t.type === 'text_special' || t.type === 'code_inline') text += t.content;
    else if (t.type === 'softbreak' || t.type === 'hardbreak') text += ' ';
    else if (t.type === 'image') text += plainText(t.children ?? [], math);
  }
  return restoreMath(text, math);
}

function collectRuns(tokens: Token[], ctx: InlineContext, opts: InlineOptions): Run[] {
  const runs: Run[] = [];
  let em = 0;
  let strong = 0;
  const style = (): Style => (strong > 0 ? 'strong' : em > 0 ? 'em' : '');
  const text = (s: string): Run => ({ type: 'text', text: s, style: style() });
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    switch (t.type) {
      case 'text':
      case 'text_special':
        for (const run of textRuns(t.content, style(), ctx, opts)) runs.push(run); // (a spread of 100,000 runs overflows the stack)
        break;
      case 'softbreak':
        runs.push(text('\n'));
        break;
      case 'hardbreak':
        runs.push(opts.breaks ? { type: 'break' } : text('\n'));
        break;
      case 'code_inline': {
        const code = restoreMath(t.content, ctx.math);
        const literal = inlineLiteral(code);
        runs.push(literal ? markup(literal) : text(code));
        break;
      }
      case 'em_open': em++; break;
      case 'em_close': em--; break;
      case 'strong_open': strong++; break;
      case 'strong_close': strong--; break;
      case 'link_open': {
        let end = i + 1;
        while (end < tokens.length && tokens[end]!.type !== 'link_close') end++;
        runs.push(linkRun(t, tokens.slice(i + 1, end), style(), ctx, opts));
        i = end;
        break;
      }
      case 'image':
        runs.push(imageRun(t, null, style(), ctx, opts));
        break;
      case 'html_inline': {
        const html = restoreMath(t.content, ctx.math);
        const role = ctx.sanitize ? null : roleText('raw-html', ctx.cleanHtml ? ctx.cleanHtml(html) : html);
        if (role) {
          ctx.doc.rawHtml();
          runs.push(markup(role));
        }
        break;
      }
      // s_open/s_close: RST has no strikethrough; the words stay.
    }
  }
  return runs;
}

/** Text with its math placeholders: roles, display-math runs, or literal text. */
function textRuns(content: string, style: Style, ctx: InlineContext, opts: InlineOptions): Run[] {
  if (!content.includes('@@')) return [{ type: 'text', text: content, style }];
  const runs: Run[] = [];
  content.split(PLACEHOLDER).forEach((part, i) => {
    if (i % 2 === 0) {
      if (part) runs.push({ type: 'text', text: part, style });
      return;
    }
    const chunk = ctx.math[Number(part)];
    if (chunk === undefined || PLACEHOLDER_ONLY.test(chunk)) {
      runs.push({ type: 'text', text: chunk ?? `@@${part}@@`, style });
      return;
    }
    const refused = ctx.sanitize ? disallowedTex(chunk) : null;
    if (refused) {
      // Sphinx's LaTeX builder would run it: shown as its source.
      ctx.warn?.(`math ${chunk.length > 40 ? `${chunk.slice(0, 40)}…` : chunk} shown as its source: ${refused} (--sanitize)`);
      runs.push({ type: 'text', text: chunk, style });
      return;
    }
    const { tex, display } = mathDelimiters(chunk);
    // `$\begin{align}…$` is display math too (MathJax shows it so).
    if ((display || DISPLAY_ENV.test(tex.trim())) && opts.displayMath && !style) runs.push({ type: 'math', chunk });
    else {
      const role = roleText('math', tex);
      runs.push(role ? markup(role) : { type: 'text', text: chunk, style });
    }
  });
  return runs;
}

function linkRun(open: Token, inner: Token[], style: Style, ctx: InlineContext, opts: InlineOptions): Run {
  const href = restoreMath(open.attrGet('href') ?? '', ctx.math);
  const images = inner.filter((t) => t.type === 'image');
  const onlyImage = images.length === 1 && inner.every((t) => t.type === 'image' || t.type === 'softbreak' || (t.type === 'text' && !t.content.trim()));
  if (onlyImage) return imageRun(images[0]!, href || null, style, ctx, opts);
  const text = plainText(inner, ctx.math).trim() || href;
  if (!href) return { type: 'text', text, style };
  return markup(ctx.doc.reference(text, escapeReferenceText(text), href, escapeUri(href)));
}

function imageRun(image: Token, target: string | null, style: Style, ctx: InlineContext, opts: InlineOptions): Run {
  const alt = plainText(image.children ?? [], ctx.math).replace(/\s+/g, ' ').trim();
  const src = restoreMath(image.attrGet('src') ?? '', ctx.math);
  if (opts.images === 'alt' || !src) return { type: 'text', text: alt, style };
  return { type: 'image', src, alt, target };
}

/** `.. image::` (or a substitution's `.. |name| image::`) with its options. */
function imageDirective(head: string, image: ImageRun, ctx: InlineContext): string {
  const lines = [`${head} ${escapePath(ctx.imagePath(image.src))}`];
  if (image.alt) lines.push(`   :alt: ${image.alt}`);
  if (image.target) lines.push(`   :target: ${escapeUri(image.target)}`);
  return lines.join('\n');
}

/** Runs → one text, with emphasis wrapped and images turned into substitutions (defined in `defs`). */
function renderRuns(runs: Run[], ctx: InlineContext, defs: Block[]): string {
  const pieces: Piece[] = [];
  for (let i = 0; i < runs.length; ) {
    const run = runs[i]!;
    if (run.type === 'text') {
      let text = '';
      for (; i < runs.length && runs[i]!.type === 'text' && (runs[i] as { style: Style }).style === run.style; i++) {
        text += (runs[i] as { text: string }).text;
      }
      pieces.push(...styled(text, run.style));
      continue;
    }
    if (run.type === 'markup') pieces.push({ text: run.text, markup: true });
    else if (run.type === 'image') {
      const name = ctx.doc.substitution();
      defs.push(block('explicit', imageDirective(`.. |${name}| image::`, run, ctx)));
      pieces.push({ text: `|${name}|`, markup: true });
    } else if (run.type === 'math') {
      const role = roleText('math', mathDelimiters(run.chunk).tex);
      pieces.push(role ? { text: role, markup: true } : { text: escapeText(run.chunk), markup: false });
    }
    i++;
  }
  return joinPieces(pieces).trim();
}

/** Emphasis markup around the words; surrounding whitespace stays outside (RST requires it). */
function styled(text: string, style: Style): Piece[] {
  // (Not /^(\s*)([\s\S]*?)(\s*)$/: its lazy middle retries the final \s*$ at every inner space run, quadratic.)
  const body = text.trim();
  const lead = text.slice(0, text.length - text.trimStart().length);
  const trail = text.slice(lead.length + body.length);
  if (!style || !body) return [{ text: escapeText(text), markup: false }];
  const mark = style === 'strong' ? '**' : '*';
  return [
    { text: lead, markup: false },
    { text: mark + escapeText(body) + mark, markup: true },
    { text: trail, markup: false },
  ];
}

/** Inline content on one line (titles, table cells); substitution definitions go to `defs`. */
export function inlineLine(inline: Token, ctx: InlineContext, defs: Block[], images: 'substitute' | 'alt' = 'substitute'): string {
  const runs = collectRuns(inline.children ?? [], ctx, { displayMath: false, breaks: false, images });
  // One line, no tabs (docutils would expand them, and a title's underline would fall short).
  return escapeFinalColons(escapeLineStarts(renderRuns(runs, ctx, defs).replace(/\s*\n\s*/g, ' ').replace(/\t/g, ' ')));
}

/**
 * A paragraph: text blocks, `.. math::` blocks for display math that stood in
 * it, a line block when it has hard breaks, or an image directive when an
 * image is all it holds. Substitution definitions follow.
 */
export function paragraphBlocks(inline: Token, ctx: InlineContext): Block[] {
  const runs = collectRuns(inline.children ?? [], ctx, { displayMath: true, breaks: true, images: 'substitute' });
  const visible = runs.filter((r) => !(r.type === 'text' && !r.text.trim()));
  const only = visible.length === 1 ? visible[0]! : null;
  if (only?.type === 'image') return [block('explicit', imageDirective('.. image::', only, ctx))];
  return runsToBlocks(runs, ctx);
}

function runsToBlocks(runs: Run[], ctx: InlineContext): Block[] {
  const blocks: Block[] = [];
  const defs: Block[] = [];
  let current: Run[] = [];
  const flush = () => {
    const b = textBlock(current, ctx, defs);
    if (b) blocks.push(b);
    current = [];
  };
  for (const run of runs) {
    if (run.type !== 'math') {
      current.push(run);
      continue;
    }
    flush();
    const math = mathBlock(run.chunk);
    if (math) blocks.push(math);
  }
  flush();
  return [...blocks, ...defs];
}

function textBlock(runs: Run[], ctx: InlineContext, defs: Block[]): Block | null {
  if (!runs.some((r) => r.type === 'break')) {
    // Indented continuation lines would start a block quote or definition (math source kept as text can have them).
    const text = renderRuns(runs, ctx, defs).replace(/\n[ \t]+/g, '\n');
    return text ? block('paragraph', escapeFinalColons(escapeLineStarts(wrapLongLines(text)))) : null;
  }
  // Hard line breaks: a line block, one `| ` line per line.
  const lines: Run[][] = [[]];
  for (const r of runs) {
    if (r.type === 'break') lines.push([]);
    else lines.at(-1)!.push(r.type === 'text' ? { ...r, text: r.text.replace(/\n/g, ' ') } : r);
  }
  const rendered = lines.map((line) => renderRuns(line, ctx, defs));
  if (!rendered.some((l) => l)) return null;
  return block('list', rendered.map((l) => (l ? `| ${l}` : '|')).join('\n'));
}

// Display environments Sphinx would wrap again (in `split`): their body is
// what a `.. math::` block holds; docutils aligns `&` rows by itself.
const DISPLAY_ENV = /^\\begin\{(equation|align|gather|multline|eqnarray|flalign)(\*?)\}([\s\S]*)\\end\{\1\2\}$/;

/** `.. math::` for a display chunk (`$$…$$`, `\[…\]`, `\begin{…}`), or null when empty. */
export function mathBlock(chunk: string): Block | null {
  let tex = mathDelimiters(chunk).tex.trim();
  const env = DISPLAY_ENV.exec(tex);
  if (env) {
    tex = env[3]!.replace(/\\(?:nonumber|notag)\b/g, '');
    // eqnarray rows are `a & = & b`: one alignment point, as in align.
    if (env[1] === 'eqnarray') tex = tex.split(/(\\\\)/).map((row) => row.replace(/&([^&]*)&/, '&$1')).join('');
  }
  tex = cleanLiteral(tex).replace(/\n\s*\n/g, '\n').trim();
  return tex ? block('explicit', `.. math::\n\n${indent(tex, 3)}`) : null;
}

/**
 * Text with math, not markdown (a text/latex output): each paragraph's lines
 * as text, inline math as roles, display math as blocks.
 */
export function latexTextBlocks(extracted: { text: string; math: string[] }, ctx: InlineContext): Block[] {
  const blocks: Block[] = [];
  const lineCtx = { ...ctx, math: extracted.math.map(cleanMarkdown) };
  for (const paragraph of cleanMarkdown(extracted.text).split(/\n\s*\n/)) {
    const lines = paragraph.split('\n').map((l) => l.trim()).filter((l) => l).join('\n');
    if (lines) blocks.push(...runsToBlocks(textRuns(lines, '', lineCtx, { displayMath: true, breaks: false, images: 'alt' }), lineCtx));
  }
  return blocks;
}
