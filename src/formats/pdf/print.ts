// Prints one HTML page to PDF with a running Chrome: the page is loaded with
// setContent (no temp file), cut off from the network unless allowed, waited
// for (fonts, images; never a fixed delay), fitted to the paper, and printed.
// A page that hangs is stopped at the deadline.
import { readFileSync } from 'node:fs';
import type { Browser } from 'puppeteer-core';
import { loadPuppeteer } from '../../browser/chrome.js';
import { NbxError } from '../../errors.js';
import { templatesDir } from '../html/assets.js';
import { navigationError } from './common.js';
import { closePage, releasePage, takePage, within, type PrintPage } from './pages.js';
import type { ExportOptions } from '../types.js';

export type Paper = NonNullable<ExportOptions['paper']>;

export interface PrintOptions {
  paper: Paper;
  landscape: boolean;
  /** Whole budget for loading and printing the page. */
  timeoutMs: number;
  allowNetwork: boolean;
}

export interface PrintResult {
  pdf: Uint8Array;
  /** Requests the page made that were refused (empty with allowNetwork). */
  blocked: string[];
  /** Text elements (tables, equations, code) scaled below MIN_FIT to fit the page. */
  tooWide: number;
}

/** Paper size in inches, portrait. */
const PAPER: Record<Paper, { width: number; height: number }> = {
  letter: { width: 8.5, height: 11 },
  a4: { width: 210 / 25.4, height: 297 / 25.4 },
};
/** Margins in inches; the bottom one holds the page numbers. */
const MARGIN = { top: 0.5, right: 0.5, bottom: 0.6, left: 0.5 };
const CSS_PX_PER_INCH = 96;

const FOOTER = '<div style="width:100%;text-align:center;font:8px sans-serif;color:#777">'
  + '<span class="pageNumber"></span> / <span class="totalPages"></span></div>';

let printCss: string | undefined;

/** The HTML export with the PDF print stylesheet added after its own styles. */
export function withPrintCss(html: string): string {
  printCss ??= readFileSync(new URL('pdf/print.css', templatesDir), 'utf8');
  const style = `<style type="text/css">\n${printCss}</style>\n`;
  const head = html.search(/<\/head>/i);
  return head < 0 ? style + html : html.slice(0, head) + style + html.slice(head);
}

// In-page scripts are strings: functions compiled by tsx/esbuild may call
// helpers (__name) that do not exist in the page.

/** Resolves once web fonts are loaded and every image is decoded (lazy ones too). */
const WAIT_FOR_ASSETS = `(async () => {
  for (const img of document.images) if (img.loading === 'lazy') img.loading = 'eager';
  await document.fonts.ready;
  await Promise.all([...document.images].map((img) => img.decode().catch(() => {})));
  // Plotly/Vega figures (figures.ts) are drawn asynchronously: print them drawn.
  await window.nbxFiguresReady;
})()`;

/**
 * Scales down what is still wider than its column once lines wrap (wide
 * tables, unconfined images, long equations, fixed-width HTML), so nothing is
 * cut at the page edge. Text below MIN_FIT is hard to read on paper (a 55 %
 * equation has 4 pt subscripts), but cut text is lost while small text can be
 * zoomed into: text that needs more is still scaled to fit, and counted for a
 * warning. Pictures scale freely. Runs at the printed width.
 */
const MIN_FIT = 0.6;
const FIT_TO_WIDTH = `(() => {
  const columns = '.jp-InputArea-editor, .jp-RenderedMarkdown, .jp-OutputArea-output, .jp-RenderedHTMLCommon';
  const candidates = 'table, pre, svg, img, iframe, canvas, video, .katex-display, '
    + '.jp-OutputArea-output > *, .jp-RenderedHTMLCommon > *';
  let tooWide = 0;
  for (const el of document.querySelectorAll('main :is(' + candidates + ')')) {
    if (el.closest('[data-nbx-fit]')) continue;
    const column = el.parentElement && el.parentElement.closest(columns);
    if (!column) continue;
    const box = column.getBoundingClientRect();
    const style = getComputedStyle(column);
    const rect = el.getBoundingClientRect();
    const room = box.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth) - rect.left;
    const need = Math.max(rect.width, el.scrollWidth || 0);
    if (room > 0 && need > room + 1) {
      el.style.zoom = String(Math.max(room / need, 0.1));
      el.setAttribute('data-nbx-fit', '');
      if (room / need < ${MIN_FIT} && !el.matches('img, svg, canvas, video')) tooWide++;
    }
  }
  return tooWide;
})()`;

/**
 * Page breaks as in a typeset document rather than whole cells: a cell taller
 * than a fifth of the page may break across pages, keeping its input and its
 * outputs whole when they are small; a markdown cell that ends with a heading
 * stays with what follows. Runs at the printed size (viewport = text area).
 */
const BREAK_LONG_CELLS = `(() => {
  const small = window.innerHeight / 5;
  const height = (el) => el.getBoundingClientRect().height;
  for (const cell of document.querySelectorAll('main .jp-Cell')) {
    if (height(cell) <= small) continue;
    cell.classList.add('nbx-breakable');
    for (const part of cell.querySelectorAll(':scope :is(.jp-InputArea, .jp-OutputArea-child, .jp-RenderedHTMLCommon > *)')) {
      if (height(part) <= small) part.classList.add('nbx-keep');
    }
  }
  for (const cell of document.querySelectorAll('main .jp-MarkdownCell')) {
    const last = cell.querySelector('.jp-RenderedHTMLCommon')?.lastElementChild;
    if (last && /^H[1-6]$/.test(last.tagName)) cell.classList.add('nbx-keep-with-next');
  }
})()`;

/**
 * Prints the page `html()` returns. The browser may still be starting: the
 * HTML is rendered meanwhile, and a page made ready as soon as it is up.
 */
export async function printPage(starting: Promise<Browser>, html: () => string, opts: PrintOptions): Promise<PrintResult> {
  const [width, height] = paperSize(opts);
  const settings = {
    allowNetwork: opts.allowNetwork,
    viewport: {
      width: Math.floor((width - MARGIN.left - MARGIN.right) * CSS_PX_PER_INCH),
      height: Math.floor((height - MARGIN.top - MARGIN.bottom) * CSS_PX_PER_INCH),
    },
  };
  const taking = starting.then(async (browser) => ({ browser, printPage: await takePage(browser, settings) }));
  taking.catch(() => {}); // awaited below, or the deadline came first
  let printed = false;
  try {
    // The HTML is rendered while the browser starts; starting has its own
    // deadline (launchOptions), so --timeout bounds the page alone.
    const rendering = (async () => {
      // Let the browser's launch reach its spawn before node is busy rendering.
      await loadPuppeteer();
      await new Promise((resolve) => setImmediate(resolve));
      return withPrintCss(html());
    })();
    const [{ printPage: target }, page] = await Promise.all([taking, rendering]);
    const result = await within(
      print(target, page, opts).catch((e: unknown) => { throw navigationError(e); }),
      opts.timeoutMs,
      () => new NbxError(`the page did not finish rendering within ${opts.timeoutMs / 1000} s and was stopped `
        + '(a script in an output may hang: try --sanitize, or a longer --timeout)'),
    );
    printed = true;
    return result;
  } finally {
    const taken = await within(taking, 5000).catch(() => null);
    if (taken && printed) await releasePage(taken.browser, taken.printPage);
    else if (taken) await closePage(taken.browser, taken.printPage);
  }
}

function paperSize(opts: PrintOptions): [number, number] {
  const { width, height } = PAPER[opts.paper];
  return opts.landscape ? [height, width] : [width, height];
}

async function print({ page, blocked }: PrintPage, html: string, opts: PrintOptions): Promise<PrintResult> {
  await page.setContent(html, { waitUntil: 'load', timeout: 0 });
  await page.evaluate(WAIT_FOR_ASSETS);
  const tooWide = await page.evaluate(FIT_TO_WIDTH) as number;
  await page.evaluate(BREAK_LONG_CELLS);
  const [width, height] = paperSize(opts);
  const pdf = await page.pdf({
    width: `${width}in`,
    height: `${height}in`,
    margin: Object.fromEntries(Object.entries(MARGIN).map(([side, inches]) => [side, `${inches}in`])),
    printBackground: true,
    displayHeaderFooter: true,
    headerTemplate: '<span></span>',
    footerTemplate: FOOTER,
    // The outline comes from the headings of the tagged PDF.
    tagged: true,
    outline: true,
    timeout: 0,
  });
  return { pdf, blocked: [...new Set(blocked)], tooWide };
}
