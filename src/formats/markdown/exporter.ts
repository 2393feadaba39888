// Markdown exporter: markdown cells as written (attachments extracted and
// relinked), code as fenced blocks with the cell's language, outputs by
// nbconvert's markdown priority: images extracted to `<stem>_files/`, HTML
// and markdown as they are, text fenced with ANSI escapes removed.
import type Token from 'markdown-it/lib/token.mjs';
import { markdownIt } from '../../markdown/markdown-it.js';
import { loadSanitizer, sanitizeMarkdownHtml, sanitizeSvg } from '../../markdown/sanitize.js';
import type { Cell, DisplayOutput, MarkdownCell, MimeValue, Output, RawCell } from '../../notebook/model.js';
import { stripAnsi } from '../../render/ansi.js';
import { chooseMime } from '../../render/mime.js';
import { AttachmentFiles } from '../attachment-files.js';
import { OutputFiles } from '../output-files.js';
import { renderTextPage } from '../text-page.js';
import type { ExportContext, Exporter } from '../types.js';

/** nbconvert's MarkdownExporter priority (plus the image types it drops). */
export const MARKDOWN_PRIORITY = [
  'text/html', 'text/markdown', 'image/svg+xml', 'text/latex', 'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'text/plain',
];
const RAW_PASSED = new Set(['', 'text/markdown', 'text/html']);
// The alt text nbconvert gives extracted images.
const IMAGE_ALT: Record<string, string> = { 'image/svg+xml': 'svg', 'image/jpeg': 'jpeg' };

export const markdownExporter: Exporter = {
  name: 'markdown',
  extension: '.md',
  description: 'Markdown (CommonMark + GFM), images in <name>_files/',
  mimePriority: MARKDOWN_PRIORITY,
  async export(nb, ctx) {
    if (ctx.options.sanitize) await loadSanitizer(); // raw HTML is cleaned, not dropped
    const files = new OutputFiles(ctx.stem);
    const env: Env = { ctx, files, attachments: new AttachmentFiles(files, ctx.diag) };
    const blocks = nb.cells.flatMap((cell, position) => cellBlocks(cell, position, env)).filter((b) => b.trim());
    const content = renderTextPage('markdown', ctx.options.templateDir, { body: blocks.join('\n\n'), stem: ctx.stem, title: nb.info.title });
    return { content, files: env.files.files };
  },
};

interface Env {
  ctx: ExportContext;
  files: OutputFiles;
  attachments: AttachmentFiles;
}

const cleanHtml = (html: string, env: Env) => (env.ctx.options.sanitize ? sanitizeMarkdownHtml(html) : html);
const trimBlock = (text: string) => text.replace(/^\s*\n/, '').trimEnd();

function cellBlocks(cell: Cell, position: number, env: Env): string[] {
  if (cell.type === 'markdown') return cell.view.input === 'remove' ? [] : [trimBlock(relinkAttachments(cell, env))];
  if (cell.type === 'raw') return rawCell(cell, env);
  const blocks: string[] = [];
  if (cell.view.input !== 'remove' && cell.source.trim()) blocks.push(fenced(cell.source, cell.language));
  if (cell.view.outputs !== 'remove') {
    cell.outputs.forEach((out, i) => blocks.push(...outputBlocks(out, position, i, `cells[${cell.index}].outputs[${i}]`, env)));
  }
  return blocks;
}

function rawCell(cell: RawCell, env: Env): string[] {
  const mime = (cell.mimeType ?? '').toLowerCase();
  if (cell.view.input === 'remove' || !RAW_PASSED.has(mime)) return [];
  return [trimBlock(mime === 'text/html' ? cleanHtml(cell.source, env) : cell.source)];
}

/** A fenced code block, its fence longer than any backtick run in the code. */
export function fenced(code: string, language: string): string {
  let longest = 0;
  for (const [run] of code.matchAll(/`+/g)) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${code.replace(/\r\n?/g, '\n').replace(/\n$/, '')}\n${fence}`;
}

/**
 * `attachment:name` links (markdown images and HTML `src`) pointed at the
 * extracted files. The links are found from markdown-it's tokens; the source
 * is changed where it spells one of them, outside code blocks.
 */
function relinkAttachments(cell: MarkdownCell, env: Env): string {
  if (!cell.source.includes('attachment:')) return cell.source;
  const source = cell.source.replace(/\r\n?/g, '\n');
  const tokens = markdownIt().parse(source, {});
  const resolve = env.attachments.resolver(cell.attachments, `cells[${cell.index}]`);
  const targets = new Map<string, string>(); // spelling in the source → file
  for (const src of new Set(attachmentLinks(tokens))) {
    const file = resolve(src);
    if (file === src) continue; // not found: warned, left as written
    targets.set(src, file).set(`attachment:${decodeSafe(src.slice('attachment:'.length))}`, file);
  }
  if (!targets.size) return source;
  const codeLines = new Set<number>();
  for (const t of tokens) {
    if ((t.type === 'fence' || t.type === 'code_block') && t.map) for (let i = t.map[0]; i < t.map[1]; i++) codeLines.add(i);
  }
  const spelled = new RegExp(`(?:${[...targets.keys()].map(escapeRegExp).join('|')})(?=[\\s)"'>]|$)`, 'g');
  return source
    .split('\n')
    .map((line, i) => (codeLines.has(i) ? line : line.replace(spelled, (m) => encodeURI(targets.get(m)!))))
    .join('\n');
}

function attachmentLinks(tokens: Token[]): string[] {
  const links: string[] = [];
  for (const t of tokens) {
    if (t.type === 'image' && t.attrGet('src')?.startsWith('attachment:')) links.push(t.attrGet('src')!);
    if (t.type === 'html_block' || t.type === 'html_inline') {
      for (const m of t.content.matchAll(/\bsrc\s*=\s*(?:"(attachment:[^"]*)"|'(attachment:[^']*)'|(attachment:[^\s>]+))/gi)) {
        links.push((m[1] ?? m[2] ?? m[3])!);
      }
    }
    if (t.children) links.push(...attachmentLinks(t.children));
  }
  return links;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const decodeSafe = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

const asText = (v: MimeValue | undefined): string =>
  typeof v === 'string' ? v : v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : JSON.stringify(v, null, 2);

/** Text as a fenced block without colours (`text`: no highlighter guesses a language). */
const textBlock = (text: string): string[] => {
  const clean = stripAnsi(text).replace(/\r\n?/g, '\n').replace(/^\s*\n/, '').trimEnd();
  return clean ? [fenced(clean, 'text')] : [];
};

function outputBlocks(out: Output, position: number, index: number, where: string, env: Env): string[] {
  if (out.type === 'stream') return out.name === 'stdin' ? [] : textBlock(out.text);
  if (out.type === 'error') return textBlock(out.traceback.length ? out.traceback.join('\n') : `${out.ename}: ${out.evalue}`);
  return displayBlocks(out, position, index, where, env);
}

function displayBlocks(out: DisplayOutput, position: number, index: number, where: string, env: Env): string[] {
  const mime = chooseMime(out.data, MARKDOWN_PRIORITY);
  if (!mime) {
    const types = Object.keys(out.data);
    if (types.length) env.ctx.diag.warn(where, `no representation nbx can show in Markdown (${types.join(', ')}); output skipped`);
    return [];
  }
  const value = out.data[mime];
  switch (mime) {
    case 'text/html':
      return [htmlBlock(cleanHtml(asText(value), env))];
    case 'text/markdown':
      // Untrusted markdown: rendered by markdown-it (no javascript: links) and sanitized as HTML.
      if (env.ctx.options.sanitize) return [htmlBlock(sanitizeMarkdownHtml(markdownIt().render(asText(value), {})))];
      return [trimBlock(asText(value))];
    case 'text/latex':
      return [trimBlock(env.ctx.options.sanitize ? inertText(asText(value)) : asText(value))];
    case 'text/plain':
      return textBlock(asText(value));
    default: {
      if (!(value instanceof Uint8Array) && typeof value !== 'string') return textBlock(asText(value));
      // An .svg file opened in a browser runs its scripts.
      const data = mime === 'image/svg+xml' && env.ctx.options.sanitize ? sanitizeSvg(asText(value)) : value;
      const file = env.files.addOutput(position, index, mime, data, out.metadata);
      return [`![${(Object.hasOwn(IMAGE_ALT, mime) ? IMAGE_ALT[mime] : undefined) ?? mime.split('/')[1]}](${encodeURI(file)})`];
    }
  }
}

/**
 * Untrusted text that is not meant as markdown (a text/latex output): its
 * HTML escaped (sanitize-html keeps only the text), and no link can form:
 * `](` and a `[` opening a line (a reference definition) are escaped.
 */
function inertText(text: string): string {
  return sanitizeMarkdownHtml(text).replace(/\]\(/g, ']\\(').replace(/^(\s*)\[/gm, '$1\\[');
}

/**
 * An HTML output as a markdown HTML block. A blank line would end the block
 * (and the rest would be read as markdown, indented lines as code), so blank
 * lines go, except where they are content (`<pre>`, `<textarea>`).
 */
function htmlBlock(html: string): string {
  const text = trimBlock(html.replace(/\r\n?/g, '\n')).trimStart(); // indented by 4, it would be code
  return /<(pre|textarea)\b/i.test(text) ? text : text.replace(/\n[ \t]*(?=\n)/g, '');
}
