// Slides as a PDF handout: the deck printed by headless Chrome in reveal.js's
// print layout, one page per slide (fragments shown, pages the slide's size).
// The browser, its lifetime, the network lock and the finishing touches
// (title, authors, attached notebook) are the PDF exporter's; only the page
// differs: reveal.js sizes it with @page instead of paper and margins.
import type { Browser } from 'puppeteer-core';
import { SharedBrowser } from '../../browser/shared.js';
import { blockNetwork, killBrowser, noPopups } from '../../browser/chrome.js';
import { NbxError } from '../../errors.js';
import { HTML_PRIORITY } from '../../render/mime.js';
import { documentTitle, prepareHtml } from '../html/exporter.js';
import { finishPdf } from '../pdf/document.js';
import { renderSlides } from './exporter.js';
import { attachment, launchOptions, navigationError, rethrowWithFile, timeoutMs, warnBlocked } from '../pdf/common.js';
import { within } from '../pdf/pages.js';
import type { ExportOptions, Exporter } from '../types.js';

const browser = new SharedBrowser();

/** reveal.js settings of the printed deck: one page per slide, fragments shown, no URL updates. */
const PRINT_CONFIG = { view: 'print', pdfSeparateFragments: false, pdfMaxPagesPerSlide: 1, history: false, hash: false };

export const slidesPdfExporter: Exporter = {
  name: 'slides-pdf',
  extension: '.slides.pdf',
  description: 'the slides as a PDF, one page per slide (headless Chrome/Chromium)',
  mimePriority: HTML_PRIORITY,
  concurrency: 2,

  open(options) {
    browser.hold(launchOptions(options));
  },

  close() {
    return browser.release();
  },

  async export(nb, ctx) {
    await prepareHtml(nb, ctx.options);
    const html = renderSlides(nb, ctx, PRINT_CONFIG);
    const { options } = ctx;
    try {
      const { pdf, blocked } = await browser.with(launchOptions(options), async (starting) => printDeck(await starting, html, options));
      warnBlocked(ctx, blocked);
      return { content: await finishPdf(pdf, { title: documentTitle(nb, ctx.stem), authors: nb.info.authors, attachment: attachment(ctx) }), files: [] };
    } catch (e) {
      rethrowWithFile(ctx, e);
    }
  },
};

// In-page code is a string: functions compiled by tsx/esbuild may call helpers the page lacks.
// reveal.js adds the .pdf-page elements all at once, when its print layout is done.
const WHEN_LAID_OUT = `new Promise((resolve) => {
  const check = () => (document.querySelector('.reveal .slides .pdf-page') ? resolve() : setTimeout(check, 20));
  check();
}).then(async () => {
  await document.fonts.ready;
  await Promise.all([...document.images].map((img) => img.decode().catch(() => {})));
  await window.nbxFiguresReady; // Plotly/Vega figures drawn (figures.ts)
  return document.querySelectorAll('.pdf-page').length;
})`;

/** Loads the deck in its own browser context and prints it at reveal.js's page size. */
async function printDeck(running: Browser, html: string, options: ExportOptions) {
  const context = await running.createBrowserContext();
  const ms = timeoutMs(options);
  try {
    return await within((async () => {
      const page = await context.newPage();
      page.on('dialog', (dialog) => { dialog.dismiss().catch(() => {}); });
      await noPopups(page);
      const blocked = options.allowNetwork ? [] : await blockNetwork(page);
      await page.setContent(html, { waitUntil: 'load', timeout: 0 });
      const pages = await page.evaluate(WHEN_LAID_OUT).catch((e: unknown) => { throw navigationError(e); }) as number;
      if (!pages) throw new NbxError('reveal.js laid out no page to print');
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, timeout: 0 });
      return { pdf, blocked: [...new Set(blocked)] };
    })(), ms, () => new NbxError(`the slides did not finish rendering within ${ms / 1000} s and were stopped `
      + '(a script in an output may hang: try --sanitize, or a longer --timeout)'));
  } finally {
    // A context that does not close (a renderer stuck in a script) takes the browser with it.
    await within(context.close(), 5000, () => new Error('context did not close')).catch(() => killBrowser(running));
  }
}
