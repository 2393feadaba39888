// One output → the view a LaTeX template partial renders (`output_<kind>.hbs`).
// Representations are tried in nbconvert's LaTeX priority; one that cannot be
// used (bytes that are not the image they claim, LaTeX that would break the
// document, an SVG without a browser to convert it) warns and gives way to the next.
import type { Diagnostics } from '../../errors.js';
import { includableKind, includeImage } from './images.js';
import { environmentsOf, rawLatexProblem, type MathUsage } from './math.js';
import { disallowedTex } from '../../render/tex-allowlist.js';
import type { DisplayOutput, JsonObject, JsonValue, MimeValue, Output } from '../../notebook/model.js';
import { ansiSegments } from './ansi.js';
import type { ScriptUsage } from './escape.js';
import { verbatimBody } from './verbatim.js';
import { chooseMime } from '../../render/mime.js';
import type { OutputFiles } from '../output-files.js';

/** nbconvert's LaTeX display priority. */
export const LATEX_PRIORITY = [
  'text/latex', 'application/pdf', 'image/png', 'image/jpeg', 'image/svg+xml', 'text/markdown', 'text/plain',
] as const;

export interface LatexOutputView {
  /** Partial that renders it: output_stream, output_error, output_text, output_latex, output_markdown, output_image. */
  partial: string;
  mime: string;
  /** The LaTeX body: Verbatim lines, an \nbximage, or LaTeX as written. */
  latex: string;
  /** `Out[n]:`, or '' for none. */
  prompt: string;
  stderr: boolean;
}

export interface LatexOutputContext {
  diag: Diagnostics;
  /** JSON path of the output, e.g. `cells[3].outputs[1]`. */
  where: string;
  files: OutputFiles;
  /** Position of the cell in the exported notebook and of the output in the cell (file names). */
  position: number;
  index: number;
  scripts: ScriptUsage;
  math: MathUsage;
  /** PDFs of SVG outputs, converted before rendering (null: not converted, already warned). */
  svgPdfs: Map<DisplayOutput, Uint8Array | null>;
  markdown(text: string): string;
  prompt: string;
  /** --sanitize: only allowlisted TeX (src/render/tex-allowlist.ts). */
  sanitize: boolean;
}

const asText = (v: MimeValue | undefined): string =>
  typeof v === 'string' ? v : v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : JSON.stringify(v, null, 2);

/** The representation LaTeX shows first, before any is found unusable: SVG outputs are converted up front. */
export function preferredMime(out: DisplayOutput): string | null {
  return chooseMime(out.data, LATEX_PRIORITY);
}

// An output longer than this is cut, with a note: escaping for Verbatim costs
// about 70 bytes of memory per character (a 100 MB stream line exhausted V8's
// heap and the batch with it), and a million characters is hundreds of pages.
export const MAX_OUTPUT_CHARS = 1_000_000;

/** `text` cut to MAX_OUTPUT_CHARS with a note saying so (and a warning). */
function limited(text: string, ctx: LatexOutputContext): string {
  if (text.length <= MAX_OUTPUT_CHARS) return text;
  ctx.diag.warn(ctx.where, `output of ${text.length} characters cut to ${MAX_OUTPUT_CHARS}`);
  return `${text.slice(0, MAX_OUTPUT_CHARS)}\n[nbx: ${text.length - MAX_OUTPUT_CHARS} more characters not shown]`;
}

/** Returns null for outputs that show nothing (stdin echo, empty streams, nothing usable). */
export function latexOutputView(out: Output, ctx: LatexOutputContext): LatexOutputView | null {
  const view = (partial: string, mime: string, latex: string, prompt = ''): LatexOutputView =>
    ({ partial, mime, latex, prompt, stderr: false });
  switch (out.type) {
    case 'stream':
      if (out.name === 'stdin' || !out.text) return null; // nbconvert leaves the stdin echo out
      return { ...view('output_stream', 'text/plain', verbatimBody(ansiSegments(limited(out.text, ctx)), { scripts: ctx.scripts })), stderr: out.name === 'stderr' };
    case 'error': {
      const text = out.traceback.length ? out.traceback.join('\n') : `${out.ename}: ${out.evalue}`;
      return view('output_error', 'application/vnd.jupyter.stderr', verbatimBody(ansiSegments(limited(text, ctx)), { scripts: ctx.scripts }));
    }
    default:
      return displayView(out, ctx, view);
  }
}

function displayView(out: DisplayOutput, ctx: LatexOutputContext,
  view: (partial: string, mime: string, latex: string, prompt?: string) => LatexOutputView): LatexOutputView | null {
  const warn = (msg: string) => ctx.diag.warn(ctx.where, msg);
  const prompt = out.type === 'execute_result' ? ctx.prompt : '';
  for (const mime of LATEX_PRIORITY) {
    const value = out.data[mime];
    if (value === undefined) continue;
    switch (mime) {
      case 'text/latex': {
        const latex = asText(value).trim();
        const problem = (latex.length > MAX_OUTPUT_CHARS ? `longer than ${MAX_OUTPUT_CHARS} characters` : null) ?? rawLatexProblem(latex) ?? (ctx.sanitize ? disallowedTex(latex, { defined: ctx.math.definitions }) : null);
        if (problem) {
          warn(`text/latex not used: ${problem}; using the next representation`);
          continue;
        }
        ctx.math.record(latex);
        for (const env of environmentsOf(latex)) ctx.math.environments.add(env);
        return view('output_latex', mime, latex, prompt);
      }
      case 'image/svg+xml': {
        const pdf = ctx.svgPdfs.get(out);
        if (!pdf) continue; // the conversion warned
        const file = ctx.files.addOutput(ctx.position, ctx.index, 'application/pdf', pdf, out.metadata);
        return view('output_image', mime, includeImage(file, sizeKeys(out.metadata, mime)), prompt);
      }
      case 'text/markdown':
        return view('output_markdown', mime, ctx.markdown(limited(asText(value), ctx)), prompt);
      case 'text/plain':
        return view('output_text', mime, verbatimBody(ansiSegments(limited(asText(value), ctx)), { scripts: ctx.scripts }), prompt);
      default: {
        // application/pdf, image/png, image/jpeg: decoded bytes that must really be that.
        const expected = mime === 'application/pdf' ? 'pdf' : mime === 'image/png' ? 'png' : 'jpeg';
        if (!(value instanceof Uint8Array) || includableKind(value) !== expected) {
          warn(`${mime} data is not a valid ${expected.toUpperCase()}; using the next representation`);
          continue;
        }
        const file = ctx.files.addOutput(ctx.position, ctx.index, mime, value, out.metadata);
        return view('output_image', mime, includeImage(file, sizeKeys(out.metadata, mime)), prompt);
      }
    }
  }
  const types = Object.keys(out.data);
  if (types.length) warn(`no representation nbx can show in LaTeX (${types.join(', ')}); output skipped`);
  return null;
}

/** graphicx keys from output metadata width/height (CSS pixels, or a percentage of the line). */
function sizeKeys(metadata: JsonObject, mime: string): string {
  const perMime = metadata[mime];
  const get = (key: string): JsonValue | undefined =>
    (perMime && typeof perMime === 'object' && !Array.isArray(perMime) ? perMime[key] : undefined) ?? metadata[key];
  const keys: string[] = [];
  for (const key of ['width', 'height']) {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(px|%)?\s*$/.exec(String(get(key) ?? ''));
    if (!m || Number(m[1]) <= 0) continue;
    const n = Number(m[1]);
    keys.push(m[2] === '%' ? `${key}=${(n / 100).toFixed(3)}\\linewidth` : `${key}=${+(n * 0.75).toFixed(2)}pt`);
  }
  return keys.join(',');
}
