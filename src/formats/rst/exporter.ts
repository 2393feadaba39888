// reStructuredText exporter: a document docutils and Sphinx read without
// warnings. Markdown goes through our token renderer (src/markdown/to-rst.ts),
// code is `.. code:: <pygments lexer>`, images are extracted to `<stem>_files/`
// with nbconvert's names, and streams and tracebacks are literal blocks
// without ANSI escapes.
import { removeMath } from '../../markdown/math-extract.js';
import { loadSanitizer, sanitizeMarkdownHtml } from '../../markdown/sanitize.js';
import { disallowedTex } from '../../render/tex-allowlist.js';
import {
  RstDocument, block, codeBlock, latexTextBlocks, markdownToRst, mathBlock, rawBlock, type Block, type RstContext, type SaveFile,
} from './markdown.js';
import { cleanLiteral, escapePath } from './escape.js';
import type { Cell, CodeCell, DisplayOutput, JsonValue, MimeValue, Output, RawCell } from '../../notebook/model.js';
import { stripAnsi } from '../../render/ansi.js';
import { chooseMime } from '../../render/mime.js';
import { AttachmentFiles } from '../attachment-files.js';
import { OutputFiles } from '../output-files.js';
import { ipythonLines } from '../script/python.js';
import { renderTextPage } from '../text-page.js';
import type { ExportContext, Exporter } from '../types.js';

/** nbconvert's RST priority, with reST itself first (nbconvert 6 ignores it) and the images it drops. */
export const RST_PRIORITY = [
  'text/x-rst', 'text/restructuredtext', 'text/html', 'application/pdf', 'text/latex',
  'image/svg+xml', 'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'text/markdown', 'text/plain',
];
const RST_TYPES = new Set(['text/x-rst', 'text/restructuredtext']);
// Untrusted notebook: its reST could hold `.. raw:: html`, so outputs show their next representation.
const SANITIZED_PRIORITY = RST_PRIORITY.filter((m) => !RST_TYPES.has(m));
const IMAGE_FALLBACKS = ['image/svg+xml', 'image/png', 'image/jpeg', 'image/gif', 'image/webp'];

export const rstExporter: Exporter = {
  name: 'rst',
  extension: '.rst',
  description: 'reStructuredText for docutils and Sphinx, images in <name>_files/',
  mimePriority: RST_PRIORITY,
  async export(nb, ctx) {
    await loadSanitizer(); // raw HTML in markdown is always cleaned (and all raw HTML under --sanitize)
    const env = new RstEnv(ctx);
    nb.cells.forEach((cell, position) => env.doc.add(...cellBlocks(cell, position, env)));
    const content = renderTextPage('rst', ctx.options.templateDir, { body: env.doc.toString(), stem: ctx.stem, title: nb.info.title });
    return { content, files: env.files.files };
  },
};

/** What every block of one export shares. */
class RstEnv {
  readonly doc = new RstDocument();
  readonly files: OutputFiles;
  readonly attachments: AttachmentFiles;
  readonly sanitize: boolean;
  readonly cleanHtml: (html: string) => string;

  constructor(readonly ctx: ExportContext) {
    this.files = new OutputFiles(ctx.stem);
    this.attachments = new AttachmentFiles(this.files, ctx.diag);
    this.sanitize = ctx.options.sanitize ?? false;
    this.cleanHtml = this.sanitize ? (html) => sanitizeMarkdownHtml(html) : (html) => html;
  }

  markdown(text: string, sections: boolean, resolveImage: (src: string) => string, fileStem: string): Block[] {
    const ctx: RstContext = {
      // Markdown's raw HTML is sanitized even from a trusted notebook, as in the HTML export.
      doc: this.doc, sections, sanitize: this.sanitize, cleanHtml: (html) => sanitizeMarkdownHtml(html), imagePath: resolveImage,
      saveFile: this.saver(fileStem), warn: (message) => this.ctx.diag.warn(null, message),
    };
    return markdownToRst(removeMath(relinkHtmlAttachments(text, resolveImage)), ctx);
  }

  /** Saves files named `<fileStem><ext>` (numbered when taken). */
  saver(fileStem: string): SaveFile {
    return (ext, data) => this.files.add(fileStem + ext, data);
  }
}

function cellBlocks(cell: Cell, position: number, env: RstEnv): Block[] {
  const where = `cells[${cell.index}]`;
  switch (cell.type) {
    case 'markdown':
      if (cell.view.input === 'remove') return [];
      return env.markdown(cell.source, true, env.attachments.resolver(cell.attachments, where), `${env.ctx.stem}_${position}`);
    case 'raw':
      return rawCell(cell, position, env, where);
    default:
      return codeCell(cell, position, env);
  }
}

/** reST passes through; HTML and LaTeX become raw blocks; markdown is converted; other formats are left out. */
function rawCell(cell: RawCell, position: number, env: RstEnv, where: string): Block[] {
  const mime = (cell.mimeType ?? '').toLowerCase();
  const fileStem = `${env.ctx.stem}_${position}`;
  if (cell.view.input === 'remove') return [];
  if (mime === '' || RST_TYPES.has(mime)) return passThrough(cell.source, env);
  if (mime === 'text/html') return maybe(rawBlock('html', env.cleanHtml(cell.source), env.saver(fileStem)));
  if (mime === 'text/latex') {
    // Untrusted TeX: only the allowlisted commands (as in the LaTeX export), else shown as its source.
    const refused = env.sanitize ? disallowedTex(cell.source) : null;
    if (refused) {
      env.ctx.diag.warn(where, `raw LaTeX cell shown as its source: ${refused} (--sanitize)`);
      return maybe(codeBlock(cell.source, 'latex'));
    }
    return maybe(rawBlock('latex', cell.source, env.saver(fileStem)));
  }
  if (mime === 'text/markdown') return env.markdown(cell.source, true, env.attachments.resolver(cell.attachments, where), fileStem);
  return [];
}

const maybe = (b: Block | null): Block[] => (b ? [b] : []);

/** reST written by the notebook, as is (as source when the notebook is untrusted). */
function passThrough(text: string, env: RstEnv): Block[] {
  if (env.sanitize) return maybe(codeBlock(text, 'rst'));
  const rst = cleanLiteral(text).replace(/^\s*\n/, '').trimEnd();
  // Of unknown shape: 'explicit' makes the join separate a following block quote.
  return rst.trim() ? [block('explicit', rst)] : [];
}

function codeCell(cell: CodeCell, position: number, env: RstEnv): Block[] {
  const blocks: Block[] = [];
  if (cell.view.input !== 'remove') blocks.push(...maybe(codeBlock(cell.source, inputLanguage(cell))));
  if (cell.view.outputs === 'remove') return blocks;
  cell.outputs.forEach((out, index) => {
    const place = { position, index, where: `cells[${cell.index}].outputs[${index}]`, fileStem: `${env.ctx.stem}_${position}_${index}` };
    blocks.push(...outputBlocks(out, place, env));
  });
  return blocks;
}

/** Pygments' Python lexer fails on `!cmd`, `obj?` and `$var` (and Sphinx warns): such cells are plain text. */
function inputLanguage(cell: CodeCell): string {
  if (cell.language !== 'python') return cell.language;
  return ipythonLines(cell.source).some((line) => /[!?$]/.test(line)) ? 'text' : 'python';
}

interface OutputPlace {
  /** Position of the cell in the exported notebook (names extracted files, as nbconvert). */
  position: number;
  index: number;
  where: string;
  /** Name of files saved for it, as nbconvert names extracted outputs: `<stem>_<cell>_<output>`. */
  fileStem: string;
}

const literal = (text: string): Block[] => maybe(codeBlock(stripAnsi(text), 'text'));

function outputBlocks(out: Output, place: OutputPlace, env: RstEnv): Block[] {
  switch (out.type) {
    case 'stream':
      return out.name === 'stdin' ? [] : literal(out.text);
    case 'error':
      return literal(out.traceback.length ? out.traceback.join('\n') : `${out.ename}: ${out.evalue}`);
    default:
      return displayBlocks(out, place, env);
  }
}

const asText = (v: MimeValue | undefined): string =>
  typeof v === 'string' ? v : v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : JSON.stringify(v, null, 2);

function displayBlocks(out: DisplayOutput, place: OutputPlace, env: RstEnv): Block[] {
  const priority = env.sanitize ? SANITIZED_PRIORITY : RST_PRIORITY;
  const latex = out.data['text/latex'];
  // LaTeX that is not math (Julia's help is a LaTeX document) gives way to the next representation.
  const mime = chooseMime(out.data, latex === undefined || isMath(asText(latex)) ? priority : priority.filter((m) => m !== 'text/latex'));
  if (!mime) {
    const types = Object.keys(out.data);
    if (types.length) env.ctx.diag.warn(place.where, `no representation nbx can show in reStructuredText (${types.join(', ')}); output skipped`);
    return [];
  }
  const text = () => asText(out.data[mime]);
  switch (mime) {
    case 'text/x-rst':
    case 'text/restructuredtext':
      return passThrough(text(), env);
    case 'text/html':
      return maybe(rawBlock('html', env.cleanHtml(text()), env.saver(place.fileStem)));
    case 'text/latex':
      return latexBlocks(text(), env);
    case 'text/markdown':
      // Headings in an output are rubrics: an output must not restructure the document.
      return env.markdown(text(), false, env.attachments.resolver({}, place.where), place.fileStem);
    case 'text/plain':
      return literal(text());
    case 'application/pdf': {
      // A PDF cannot show in a web page: its image alternative shows instead, if any.
      const fallback = IMAGE_FALLBACKS.find((m) => out.data[m] !== undefined);
      return imageBlock(out, fallback ?? mime, place, env);
    }
    default:
      return imageBlock(out, mime, place, env);
  }
}

// Environments that hold math (others, like verbatim or tabular, are text layout).
const MATH_ENV = /^\\begin\{(?:equation|align|alignat|gather|multline|eqnarray|flalign|split|aligned|gathered|[pbvBV]?matrix|cases|array|subequations|displaymath|math)\*?\}/;

/** Whether a text/latex output is math (with text around it), not a LaTeX document fragment. */
function isMath(latex: string): boolean {
  const { text, math } = removeMath(latex, { output: true });
  return !/\\[a-zA-Z]/.test(text.replace(/@@\d+@@/g, '')) && math.every((chunk) => !chunk.startsWith('\\begin') || MATH_ENV.test(chunk));
}

/** A text/latex output: one display block when it is one formula (as nbconvert), else text with math. */
function latexBlocks(latex: string, env: RstEnv): Block[] {
  const extracted = removeMath(latex, { output: true });
  const only = /^\s*@@(\d+)@@\s*$/.exec(extracted.text);
  const chunk = only ? extracted.math[Number(only[1])] : undefined;
  const warn = (message: string) => env.ctx.diag.warn(null, message);
  if (chunk !== undefined && !(env.sanitize && disallowedTex(chunk))) return maybe(mathBlock(chunk));
  return latexTextBlocks(extracted, { doc: env.doc, math: extracted.math, sanitize: env.sanitize, imagePath: (s) => s, warn });
}

function imageBlock(out: DisplayOutput, mime: string, place: OutputPlace, env: RstEnv): Block[] {
  const data = out.data[mime];
  if (!(data instanceof Uint8Array) && typeof data !== 'string') return literal(asText(data));
  const file = env.files.addOutput(place.position, place.index, mime, data, out.metadata);
  const lines = [`.. image:: ${escapePath(file)}`];
  for (const key of ['width', 'height']) {
    const size = imageSize(out.metadata, mime, key);
    if (size) lines.push(`   :${key}: ${size}`);
  }
  return [block('explicit', lines.join('\n'))];
}

/** width/height from output metadata (per-MIME first, as nbconvert), in pixels, or null. */
function imageSize(metadata: DisplayOutput['metadata'], mime: string, key: string): string | null {
  const perMime = metadata[mime];
  const value: JsonValue | undefined =
    (perMime && typeof perMime === 'object' && !Array.isArray(perMime) ? perMime[key] : undefined) ?? metadata[key];
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return `${value}px`;
  if (typeof value === 'string' && /^\d+(\.\d+)?(px|%)?$/.test(value)) return /\D$/.test(value) ? value : `${value}px`;
  return null;
}

/**
 * `<img src="attachment:x.png">` in raw HTML points at the extracted file, as
 * markdown images do (the Markdown exporter relinks them too; Sphinx would show a broken image).
 */
function relinkHtmlAttachments(markdown: string, resolveImage: (src: string) => string): string {
  if (!markdown.includes('attachment:')) return markdown;
  return markdown.replace(/(\bsrc\s*=\s*)(["'])(attachment:[^"'\n]*)\2/gi,
    (whole, attr: string, quote: string, src: string) => `${attr}${quote}${resolveImage(src)}${quote}`);
}
