// HTML exporter: one self-contained page that looks like JupyterLab's
// (nbconvert's `lab` template class names, so existing user CSS applies).
import { removeMath } from '../../markdown/math-extract.js';
import { loadKatex, MathRenderer } from '../../markdown/math-render.js';
import { firstHeading, markdownToHtml, type ExtractedMarkdown } from '../../markdown/render-html.js';
import { loadSanitizer, sanitizeMarkdownHtml } from '../../markdown/sanitize.js';
import type { Cell, CodeCell, DisplayOutput, Notebook } from '../../notebook/model.js';
import { jsonForScript } from '../../render/escape.js';
import { highlightCode } from '../../render/highlight.js';
import { HTML_PRIORITY, WIDGET_STATE } from '../../render/mime.js';
import { highlightCss, highlightVersion, katexCss, katexVersion, nbxCss } from './assets.js';
import { figureKind, figureScripts, type FigureKind } from './figures.js';
import { outputMathSource, outputView, type OutputView } from './outputs.js';
import { loadTemplates } from '../templates.js';
import type { ExportContext, ExportOptions, Exporter } from '../types.js';

export interface CellView {
  partial: string;
  id: string;
  classes: string;
  collapsed: boolean;
  input: { show: boolean; collapsed: boolean; prompt: string; html: string; language: string };
  outputs: { show: boolean; collapsed: boolean; items: OutputView[] };
}

export const htmlExporter: Exporter = {
  name: 'html',
  extension: '.html',
  description: 'self-contained HTML page',
  mimePriority: HTML_PRIORITY,
  async export(nb, ctx) {
    await prepareHtml(nb, ctx.options);
    return { content: renderHtml(nb, ctx), files: [] };
  },
};

/** Loads what rendering `nb` needs beyond the basics (KaTeX, the sanitizer), when it needs them. Await before renderCells/renderHtml. */
export async function prepareHtml(nb: Notebook, options: ExportOptions): Promise<void> {
  await Promise.all([mayHaveMath(nb) && loadKatex(), needsSanitizer(nb, options.sanitize ?? false) && loadSanitizer()]);
}

const MATH_SIGN = /[$\\]/;
// What starts raw HTML in markdown (a tag, comment, declaration or processing instruction): a superset is fine.
const RAW_HTML = /<[A-Za-z!/?]/;

/** Raw HTML in markdown, raw cells, or (--sanitize) HTML outputs: what only the sanitizer renders safely. */
function needsSanitizer(nb: Notebook, sanitize: boolean): boolean {
  return nb.cells.some((cell) => {
    if (cell.type === 'markdown') return RAW_HTML.test(cell.source);
    if (cell.type === 'raw') return true;
    return cell.outputs.some((out) => (out.type === 'display_data' || out.type === 'execute_result') &&
      ((typeof out.data['text/markdown'] === 'string' && RAW_HTML.test(out.data['text/markdown'])) || (sanitize && out.data['text/html'] !== undefined)));
  });
}

/** True unless no markdown cell or rich output has a `$` or `\` (then there is no math to typeset). */
function mayHaveMath(nb: Notebook): boolean {
  return nb.cells.some((cell) => {
    if (cell.type === 'markdown') return MATH_SIGN.test(cell.source);
    if (cell.type !== 'code') return false;
    return cell.outputs.some((out) => (out.type === 'display_data' || out.type === 'execute_result') &&
      Object.values(out.data).some((value) => typeof value === 'string' && MATH_SIGN.test(value)));
  });
}

export function renderHtml(nb: Notebook, ctx: ExportContext): string {
  const { views, math } = renderCells(nb, ctx);
  const cells = nb.cells.map((c) => views.get(c)).filter((v): v is CellView => v !== undefined);
  return loadTemplates('html', ctx.options.templateDir)(pageView(nb, ctx, cells, math));
}

export interface RenderedCells {
  /** The view of every cell that shows something (raw cells of other formats do not). */
  views: Map<Cell, CellView>;
  math: MathRenderer;
}

/** Each cell of `nb` as the `cell_*` partials render it (shared with the slides exporter). */
export function renderCells(nb: Notebook, ctx: ExportContext): RenderedCells {
  const { diag, options } = ctx;
  const math = new MathRenderer(diag);
  const usedIds = new Set<string>();

  // Math is taken out of every markdown cell and math output first, in reading
  // order, so \label/\eqref can be numbered across the notebook.
  const extracted = new Map<Cell | DisplayOutput, ExtractedMarkdown>();
  const chunks: string[] = [];
  const take = (key: Cell | DisplayOutput, text: string, output = false) => {
    const md = removeMath(text, { output });
    extracted.set(key, md);
    chunks.push(...md.math);
  };
  for (const cell of nb.cells) {
    if (cell.type === 'markdown' && cell.view.input !== 'remove') take(cell, cell.source);
    if (cell.type !== 'code' || cell.view.outputs === 'remove') continue;
    for (const out of cell.outputs) {
      const source = out.type === 'display_data' || out.type === 'execute_result' ? outputMathSource(out, !!options.sanitize) : null;
      if (source !== null) take(out as DisplayOutput, source.text, source.output);
    }
  }
  math.prepare(chunks);

  const views = new Map<Cell, CellView>();
  for (const cell of nb.cells) {
    const where = `cells[${cell.index}]`;
    const base = {
      id: cell.id,
      classes: cell.tags.map((t) => ` celltag_${t.replace(/[^\w-]/g, '_')}`).join(''),
      collapsed: cell.view.cell === 'collapse',
    };
    if (cell.type === 'markdown') {
      const md = extracted.get(cell);
      if (!md) continue;
      const html = markdownToHtml(md, { math, diag, where, attachments: cell.attachments, baseDir: ctx.baseDir, usedIds, confine: options.sanitize });
      views.set(cell, { ...base, partial: 'cell_markdown', input: part(cell.view.input, cell.view.prompt ? ' ' : '', html, ''), outputs: noOutputs });
    } else if (cell.type === 'raw') {
      const mime = (cell.mimeType ?? '').toLowerCase();
      if (!['', 'text/html', 'text/markdown'].includes(mime) || cell.view.input === 'remove') continue;
      // nbconvert passes these raw cells through its HTML cleaner; so do we.
      views.set(cell, { ...base, partial: 'cell_raw', input: part('show', '', sanitizeMarkdownHtml(cell.source), ''), outputs: noOutputs });
    } else {
      views.set(cell, { ...base, partial: 'cell_code', ...codeCell(cell, ctx, math, usedIds, extracted as Map<DisplayOutput, ExtractedMarkdown>) });
    }
  }
  if (options.a11y) warnMissingAlt(nb, views, diag);
  return { views, math };
}

const IMG_TAG = /<img\b[^>]*>/gi;
const HAS_ALT = /\balt\s*=\s*("[^"]+"|'[^']+'|[^\s"'>]+)/i;

/** --a11y: one warning listing where images have no alt text (markdown images and image outputs). */
function warnMissingAlt(nb: Notebook, views: Map<Cell, CellView>, diag: ExportContext['diag']): void {
  const missing: string[] = [];
  const count = (html: string) => (html.match(IMG_TAG) ?? []).filter((tag) => !HAS_ALT.test(tag)).length;
  for (const cell of nb.cells) {
    const view = views.get(cell);
    if (!view) continue;
    if (count(view.input.html)) missing.push(`cells[${cell.index}]`);
    view.outputs.items.forEach((out, i) => {
      if ((out.partial === 'output_image' && !out.alt) || count(out.html)) missing.push(`cells[${cell.index}].outputs[${i}]`);
    });
  }
  if (missing.length) diag.warn(null, `${missing.length} image(s) without alt text (set metadata.alt or markdown ![alt](…)): ${missing.join(', ')}`);
}

/** What the page templates need besides the cells: title, theme and stylesheets. */
export function pageView(nb: Notebook, ctx: ExportContext, cells: CellView[], math: MathRenderer) {
  const { options } = ctx;
  const theme = options.theme ?? 'light';
  const widgetState = nb.metadata.widgets && typeof nb.metadata.widgets === 'object' && !Array.isArray(nb.metadata.widgets)
    ? nb.metadata.widgets[WIDGET_STATE] : undefined;
  return {
    title: documentTitle(nb, ctx.stem),
    lang: pageLanguage(nb),
    // Without a level-1 heading of its own the page gets a hidden one (a heading structure for screen readers).
    hasH1: nb.cells.some((c) => c.type === 'markdown' && firstHeading(c.source)?.level === 1),
    language: nb.info.language,
    theme,
    themeName: theme === 'dark' ? 'JupyterLab Dark' : 'JupyterLab Light',
    css: nbxCss(),
    cdn: options.cdn ?? false,
    highlightCss: options.cdn ? null : highlightCss(theme),
    // Only with --cdn: finding the packages' versions costs at start-up.
    highlightCdn: options.cdn ? `https://cdn.jsdelivr.net/npm/highlight.js@${highlightVersion()}/styles/${theme === 'dark' ? 'github-dark' : 'github'}.min.css` : null,
    math: math.used,
    katexCss: math.used && !options.cdn ? katexCss(cells.map(cellHtml).join('')) : null,
    katexCdn: options.cdn ? `https://cdn.jsdelivr.net/npm/katex@${katexVersion()}/dist/katex.min.css` : null,
    widgetState: options.cdn && !options.sanitize && widgetState ? jsonForScript(widgetState) : null,
    sanitize: options.sanitize ?? false,
    figureScripts: figureLibraries(cells, options.cdn ?? false),
    cells,
  };
}

// A BCP 47 tag as people write it (en, en-US, zh-Hans-CN): nothing else goes into lang="".
const LANGUAGE_TAG = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;

/** The page's natural language: the notebook's metadata.language (as Jupyter Book reads it), else English. */
export function pageLanguage(nb: Notebook): string {
  const lang = nb.metadata.language;
  return typeof lang === 'string' && LANGUAGE_TAG.test(lang) ? lang : 'en';
}

/** The figure libraries the page's outputs use (each once), or null when none does: other pages stay as they were. */
function figureLibraries(cells: CellView[], cdn: boolean): string | null {
  const kinds = new Set<FigureKind>();
  for (const cell of cells) for (const out of cell.outputs.items) if (out.partial === 'output_figure') kinds.add(figureKind(out.mime));
  return kinds.size ? figureScripts(kinds, cdn) : null;
}

/** All the rendered HTML of a cell (to see which KaTeX fonts it uses). */
function cellHtml(cell: CellView): string {
  return cell.input.html + cell.outputs.items.map((o) => o.html).join('');
}

const noOutputs = { show: false, collapsed: false, items: [] as OutputView[] };

function part(visibility: 'show' | 'collapse' | 'remove', prompt: string, html: string, language: string) {
  return { show: visibility !== 'remove', collapsed: visibility === 'collapse', prompt, html, language };
}

function codeCell(cell: CodeCell, ctx: ExportContext, math: MathRenderer, usedIds: Set<string>, extracted: Map<DisplayOutput, ExtractedMarkdown>) {
  const count = cell.executionCount;
  const prompt = cell.view.prompt ? `In&nbsp;[${count ?? '&nbsp;'}]:` : '';
  const items: OutputView[] = [];
  if (cell.view.outputs !== 'remove') {
    cell.outputs.forEach((out, i) => {
      const view = outputView(out, {
        diag: ctx.diag, math, usedIds, extracted,
        sanitize: ctx.options.sanitize ?? false,
        cdn: ctx.options.cdn ?? false,
        a11y: ctx.options.a11y ?? false,
        baseDir: ctx.baseDir,
        where: `cells[${cell.index}].outputs[${i}]`,
        domId: `output-${cell.index}-${i}`,
        showPrompt: cell.view.prompt,
      }, count);
      if (view) items.push(view);
    });
  }
  return {
    input: part(cell.view.input, prompt, highlightCode(cell.source, cell.language), cell.language || 'text'),
    outputs: { show: items.length > 0, collapsed: cell.view.outputs === 'collapse', items },
  };
}

/**
 * metadata.title, else the first level-1 heading, else the first heading of any
 * level, else the file name (a leading "Copyright" h5 is a poor title).
 */
export function documentTitle(nb: Notebook, stem: string): string {
  if (nb.info.title) return nb.info.title;
  let first: string | null = null;
  for (const cell of nb.cells) {
    const heading = cell.type === 'markdown' ? firstHeading(cell.source) : null;
    if (heading?.level === 1) return heading.text;
    first ??= heading?.text ?? null;
  }
  return first ?? stem;
}
