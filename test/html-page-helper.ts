// Shared by the HTML page tests (html.test.ts, html-outputs.test.ts,
// html-markdown.test.ts): CSS selector queries on a parsed page, and small
// notebooks written inline, converted through the whole pipeline.
import { is, selectAll, selectOne } from 'css-select';
import type { AnyNode, Document, Element } from 'domhandler';
import { textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import { convert, type ConvertOptions, type ConvertResult } from '../src/convert.js';

// ---- DOM queries (css-select: the descendants of root, never root itself) ----
/** Every element under `root` that `selector` (any CSS selector) matches, in document order. */
export const $$ = (root: AnyNode, selector: string): Element[] => selectAll<AnyNode, Element>(selector, root);
/** The first element under `root` that `selector` matches, or undefined. */
export const $ = (root: AnyNode, selector: string): Element | undefined => selectOne<AnyNode, Element>(selector, root) ?? undefined;
/** Whether `el` itself matches `selector`. */
export const matches = (el: Element, selector: string): boolean => is<AnyNode, Element>(el, selector);
export const classesOf = (el: Element) => (el.attribs.class ?? '').split(/\s+/).filter(Boolean);
export const text = (node: AnyNode | undefined) => (node ? textContent(node) : '');
/** The elements around `el`, innermost first. */
export const ancestors = (el: Element) => {
  const list: Element[] = [];
  for (let p = el.parent; p && 'attribs' in p; p = p.parent) list.push(p as Element);
  return list;
};

// ---- notebooks written inline ----
export type Json = Record<string, unknown>;
export const md = (source: string, extra: Json = {}) => ({ cell_type: 'markdown', metadata: {}, source, ...extra });
export const code = (source: string, outputs: Json[] = [], extra: Json = {}) =>
  ({ cell_type: 'code', metadata: {}, execution_count: 1, source, outputs, ...extra });
export const stream = (t: string, name = 'stdout') => ({ output_type: 'stream', name, text: t });
export const display = (data: Json, metadata: Json = {}) => ({ output_type: 'display_data', metadata, data });
export const result = (n: number, data: Json) => ({ output_type: 'execute_result', execution_count: n, metadata: {}, data });
export const tagged = (...tags: string[]) => ({ metadata: { tags } });
/** An nbformat 4.5 notebook (Python kernel); cell i gets the id `c<i>`. */
export function notebook(cells: Json[], metadata: Json = {}): string {
  return JSON.stringify({
    nbformat: 4, nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' }, language_info: { name: 'python' }, ...metadata },
    cells: cells.map((c, i) => ({ id: `c${i}`, ...c })),
  });
}

export interface Page {
  html: string;
  doc: Document;
  /** The page's <main> element. */
  main: Element;
  /** The markup between <main> and </main>. */
  mainHtml: string;
  /** The markup before </head>. */
  head: string;
  warnings: ConvertResult['warnings'];
}

/** Convert a notebook to an HTML page, and parse it. */
export async function page(input: string | Uint8Array, options: Partial<ConvertOptions> = {}): Promise<Page> {
  const r = await convert(input, { to: 'html', ...options });
  const html = r.content as string;
  const doc = parseDocument(html);
  const main = $(doc, 'main');
  if (!main) throw new Error('the page has no <main>');
  const mainStart = html.indexOf('<main>') + '<main>'.length;
  return {
    html,
    doc,
    main,
    mainHtml: html.slice(mainStart, html.indexOf('</main>', mainStart)),
    head: html.slice(0, html.indexOf('</head>')),
    warnings: r.warnings,
  };
}
