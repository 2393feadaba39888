// One output → the view a template partial renders (`output_<kind>.hbs`).
// HTML fragments are built here; templates only place them.
import type { Diagnostics } from '../../errors.js';
import { removeMath, replaceMath } from '../../markdown/math-extract.js';
import type { MathRenderer } from '../../markdown/math-render.js';
import { markdownToHtml, type ExtractedMarkdown } from '../../markdown/render-html.js';
import { dataUri } from '../../markdown/images.js';
import { sanitizeMarkdownHtml } from '../../markdown/sanitize.js';
import type { DisplayOutput, JsonObject, JsonValue, MimeValue, Output } from '../../notebook/model.js';
import { ansiToHtml } from '../../render/ansi.js';
import { escapeHtml, jsonForScript } from '../../render/escape.js';
import { highlightCode } from '../../render/highlight.js';
import { HTML_PRIORITY, WIDGET_VIEW, chooseMime } from '../../render/mime.js';
import { FIGURE_MIMES, figureHtml } from './figures.js';

export interface OutputView {
  /** Partial that renders it: output_stream, output_error, output_html, … */
  partial: string;
  mime: string;
  /** Trusted HTML for the partial's body. */
  html: string;
  /** `Out[n]:` text (already escaped), or '' for no prompt. */
  prompt: string;
  executeResult: boolean;
  /** Images: src, width, height, classes. */
  src?: string;
  width?: string;
  height?: string;
  imageClass?: string;
  /** Images: alt text from the output's metadata ('' when it has none). */
  alt?: string;
  /** Element id, for JavaScript outputs. */
  id?: string;
  /** Widgets: the representation shown instead (no widget manager is bundled). */
  fallback?: OutputView;
}

export interface OutputContext {
  diag: Diagnostics;
  math: MathRenderer;
  sanitize: boolean;
  cdn: boolean;
  /** --a11y: images without alt text are listed in a warning. */
  a11y?: boolean;
  baseDir: string | null;
  usedIds: Set<string>;
  /** JSON path of the output, e.g. `cells[3].outputs[1]`. */
  where: string;
  /** Stable id for elements of this output. */
  domId: string;
  showPrompt: boolean;
  /** Math already taken out of text/latex and text/markdown outputs (by the numbering pre-pass). */
  extracted: Map<DisplayOutput, ExtractedMarkdown>;
}

const asText = (v: MimeValue | undefined): string =>
  typeof v === 'string' ? v : v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : JSON.stringify(v, null, 2);

/** Returns null for outputs that show nothing in HTML (stdin echo, empty bundles). */
export function outputView(out: Output, ctx: OutputContext, executionCount: number | null): OutputView | null {
  const base = { prompt: '', executeResult: false };
  switch (out.type) {
    case 'stream':
      if (out.name === 'stdin') return null; // nbconvert leaves the stdin echo out
      return {
        ...base,
        partial: 'output_stream',
        mime: out.name === 'stderr' ? 'application/vnd.jupyter.stderr' : 'text/plain',
        html: ansiToHtml(out.text),
      };
    case 'error': {
      const text = out.traceback.length ? out.traceback.join('\n') : `${out.ename}: ${out.evalue}`;
      return { ...base, partial: 'output_error', mime: 'application/vnd.jupyter.stderr', html: ansiToHtml(text) };
    }
    default:
      return displayView(out, ctx, executionCount);
  }
}

const WIDGETS_OFFLINE = 'widgets are shown as their saved text/image (no widget manager offline; --cdn loads one)';

// Figures run a library on the notebook's JSON: not in untrusted pages (their image or text fallback shows).
const SANITIZED_PRIORITY = HTML_PRIORITY.filter((m) => m !== 'application/javascript' && m !== WIDGET_VIEW && !FIGURE_MIMES.includes(m));

/** Sanitized exports never run notebook code: no JavaScript, no widgets. */
export function htmlPriority(sanitize: boolean): string[] {
  return sanitize ? SANITIZED_PRIORITY : HTML_PRIORITY;
}

/**
 * Math-bearing text of an output as HTML shows it (text/latex, text/markdown), or null;
 * `output`: text/latex, where `\(`/`\[` delimit math (in markdown they are escapes).
 */
export function outputMathSource(out: DisplayOutput, sanitize: boolean): { text: string; output: boolean } | null {
  const mime = chooseMime(out.data, htmlPriority(sanitize));
  return mime === 'text/latex' || mime === 'text/markdown' ? { text: asText(out.data[mime]), output: mime === 'text/latex' } : null;
}

function displayView(out: DisplayOutput, ctx: OutputContext, executionCount: number | null): OutputView | null {
  const mime = chooseMime(out.data, htmlPriority(ctx.sanitize));
  if (!mime) {
    const types = Object.keys(out.data);
    if (types.length) ctx.diag.warn(ctx.where, `no representation nbx can show in HTML (${types.join(', ')}); output skipped`);
    return null;
  }
  const executeResult = out.type === 'execute_result';
  const prompt = executeResult && ctx.showPrompt ? `Out[${executionCount ?? '&nbsp;'}]:` : '';
  const view = (partial: string, html: string, extra: Partial<OutputView> = {}): OutputView =>
    ({ partial, mime, html, prompt, executeResult, ...extra });
  const value = out.data[mime];

  switch (mime) {
    case WIDGET_VIEW: {
      // No widget manager is bundled: keep the view's data and show the next representation.
      const rest = { ...out, data: { ...out.data } };
      delete rest.data[WIDGET_VIEW];
      // Kept even with --cdn: shown until (and unless) the widget manager replaces the view.
      const fallback = displayView(rest, ctx, executionCount);
      if (!ctx.cdn && !ctx.diag.warnings.some((w) => w.message === WIDGETS_OFFLINE)) ctx.diag.warn(null, WIDGETS_OFFLINE);
      const script = `<script type="${WIDGET_VIEW}">${jsonForScript(value)}</script>`;
      return view('output_widget', script, fallback ? { fallback } : {});
    }
    case 'application/vnd.plotly.v1+json':
    case 'application/vnd.vega.v5+json':
    case 'application/vnd.vegalite.v5+json':
    case 'application/vnd.vegalite.v4+json':
      return view('output_figure', figureHtml(mime, value, ctx.domId));
    case 'application/javascript':
      return view('output_javascript', javascriptOutput(asText(value), ctx.domId), { id: ctx.domId });
    case 'text/html': {
      const html = asText(value);
      if (!ctx.cdn && !ctx.sanitize && /\brequire(js)?\s*(\(|\.config)/.test(html)) {
        ctx.diag.warn(ctx.where, 'this HTML output loads code with RequireJS (plotly, bokeh, …); it shows only online, with --cdn');
      }
      return view('output_html', titleIframes(typesetHtml(ctx.sanitize ? sanitizeMarkdownHtml(html) : html, ctx)));
    }
    case 'text/markdown': {
      const md = ctx.extracted.get(out) ?? removeMath(asText(value));
      return view('output_markdown', markdownToHtml(md, { ...ctx, attachments: {}, confine: ctx.sanitize }));
    }
    case 'image/svg+xml':
      // As JupyterLab: through <img>, where scripts in the SVG never run and its ids and CSS cannot clash with the page.
      return view('output_image', '', { src: dataUri(mime, asText(value)), ...imageAttrs(out.metadata, mime) });
    case 'text/latex':
      return view('output_latex', latexHtml(ctx.extracted.get(out) ?? removeMath(asText(value), { output: true }), ctx));
    case 'application/json':
      return view('output_json', highlightCode(JSON.stringify(value, null, 2), 'json'));
    case 'text/plain':
      return view('output_text', ansiToHtml(asText(value)));
    default: // images
      if (!(value instanceof Uint8Array)) return view('output_text', escapeHtml(asText(value)));
      return view('output_image', '', { src: dataUri(mime, value), ...imageAttrs(out.metadata, mime) });
  }
}

const UNTITLED_IFRAME = /<iframe\b(?![^>]*\btitle\s*=)/gi;

/**
 * IFrame outputs (IPython.display.IFrame writes no title) get one, so screen
 * readers can name them; iframes that have a title keep it.
 */
function titleIframes(html: string): string {
  return html.replace(UNTITLED_IFRAME, '<iframe title="Embedded content"');
}

/** text/latex as JupyterLab shows it: the math typeset, the rest as text. */
function latexHtml({ text, math }: ExtractedMarkdown, ctx: OutputContext): string {
  return replaceMath(escapeHtml(text), math, (tex) => ctx.math.render(tex, ctx.where));
}

function javascriptOutput(code: string, id: string): string {
  // As nbconvert: global scope, since outputs may define what later outputs use.
  const body = code.replace(/<\/script/gi, '<\\/script');
  return `<script type="text/javascript">\nvar element = document.getElementById(${JSON.stringify(id)});\n${body}\n</script>`;
}

/**
 * Math in an HTML output, typeset as JupyterLab's MathJax does on output nodes;
 * never inside <script>/<style> (jQuery's `$` is not math).
 */
function typesetHtml(html: string, ctx: OutputContext): string {
  if (!/[$\\]/.test(html)) return html;
  return html
    .split(/(<script\b[\s\S]*?<\/script>|<style\b[\s\S]*?<\/style>)/i)
    .map((part, i) => {
      if (i % 2 === 1) return part;
      const { text, math } = removeMath(part, { output: true });
      return math.length ? replaceMath(text, math, (tex) => ctx.math.render(tex, ctx.where)) : part;
    })
    .join('');
}

/** width/height and background hints from output metadata (per-MIME first, as nbconvert). */
function imageAttrs(metadata: JsonObject, mime: string): Partial<OutputView> {
  const perMime = metadata[mime];
  const get = (key: string): JsonValue | undefined =>
    (perMime && typeof perMime === 'object' && !Array.isArray(perMime) ? perMime[key] : undefined) ?? metadata[key];
  const size = (v: JsonValue | undefined) => (typeof v === 'number' || (typeof v === 'string' && /^\d+(\.\d+)?(px|%)?$/.test(v)) ? String(v) : undefined);
  const classes: string[] = [];
  if (get('unconfined')) classes.push('unconfined');
  const bg = get('needs_background');
  if (bg === 'light' || bg === 'dark') classes.push(`jp-needs-${bg}-background`);
  // metadata.alt, per MIME type or for the whole output (what JupyterLab's image renderers read).
  const alt = get('alt');
  return { width: size(get('width')), height: size(get('height')), imageClass: classes.join(' '), alt: typeof alt === 'string' ? alt : '' };
}
