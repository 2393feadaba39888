// One notebook as a site page's content: its cells rendered by the HTML
// exporter (same partials, same markup), plus what the site needs around them:
// title, headings (TOC and link checks), links to other notebooks, and the
// text the search index covers.
import path from 'node:path';
import { loadNotebook } from '../convert.js';
import { Diagnostics, formatProblem } from '../errors.js';
import { documentTitle, prepareHtml, renderCells, type CellView } from '../formats/html/exporter.js';
import type { ExportOptions } from '../formats/types.js';
import type { TransformOptions } from '../transforms/index.js';

export interface Heading {
  level: number;
  id: string;
  /** As HTML (already escaped). */
  html: string;
}

export interface PageContent {
  title: string;
  cells: CellView[];
  math: boolean;
  headings: Heading[];
  /** Every id in the page (link fragments are checked against them). */
  ids: Set<string>;
  /** Search text: markdown sources and code sources. */
  text: string;
  code: string;
  warnings: string[];
}

const HEADING = /<h([1-6]) id="([^"]+)"[^>]*>([\s\S]*?)<\/h\1>/g;
const ID = /\sid="([^"]+)"/g;

export async function renderPage(input: string | object, file: string, options: ExportOptions & TransformOptions): Promise<PageContent> {
  const loaded = loadNotebook(input as string, { ...options, file });
  const { nb } = loaded;
  await prepareHtml(nb, options);
  const diag = new Diagnostics(file);
  diag.warnings.push(...loaded.diag.warnings);
  const { views, math } = renderCells(nb, { stem: loaded.stem, baseDir: path.dirname(path.resolve(file)), diag, options });
  const cells = nb.cells.map((c) => views.get(c)).filter((v): v is CellView => v !== undefined);
  const headings: Heading[] = [];
  const ids = new Set<string>();
  for (const cell of cells) {
    for (const m of cell.input.html.matchAll(HEADING)) {
      headings.push({ level: Number(m[1]), id: m[2]!, html: m[3]!.replace(/<a class="jp-InternalAnchorLink"[\s\S]*?<\/a>/, '').trim() });
    }
    for (const m of (cell.input.html + cell.outputs.items.map((o) => o.html).join('')).matchAll(ID)) ids.add(m[1]!);
  }
  return {
    title: documentTitle(nb, loaded.stem),
    cells,
    math: math.used,
    headings,
    ids,
    text: nb.cells.filter((c) => c.type === 'markdown').map((c) => c.source).join('\n'),
    code: nb.cells.filter((c) => c.type === 'code').map((c) => c.source).join('\n'),
    warnings: diag.warnings.map(formatProblem),
  };
}

/** A markdown file as a one-cell notebook, so it renders exactly as notebook markdown does. */
export function markdownNotebook(source: string): object {
  return { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ id: 'md', cell_type: 'markdown', metadata: {}, source }] };
}

/**
 * Rewrites links to notebooks (`other.ipynb`, `sub/x.ipynb#Heading`) in the
 * rendered cells to the pages, and returns the links to check once every page
 * is rendered: [target page, fragment].
 */
export function rewriteNotebookLinks(cells: CellView[], pageFor: (href: string) => string | null): { page: string; fragment: string; href: string }[] {
  const links: { page: string; fragment: string; href: string }[] = [];
  const rewrite = (html: string) => html.replace(/href="([^"#:?]+\.(?:ipynb|md))(#[^"]*)?"/gi, (whole, target: string, frag = '') => {
    const page = pageFor(decodeURIComponent(target));
    links.push({ page: page ?? '', fragment: frag.slice(1), href: target + frag });
    return page === null ? whole : `href="${target.replace(/\.(ipynb|md)$/i, '.html')}${frag}"`;
  });
  for (const cell of cells) {
    cell.input.html = rewrite(cell.input.html);
    for (const item of cell.outputs.items) item.html = rewrite(item.html);
  }
  return links;
}
