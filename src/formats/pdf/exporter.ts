// PDF exporter: the HTML export, printed by a local headless Chrome (no TeX,
// no browser download), plus what nbconvert's PDFs lack: an outline from the
// headings, title and authors in the metadata, and the notebook attached.
//
// One browser serves every page: open() keeps it running for a batch (the
// CLI), otherwise each export() starts and stops its own, so library calls
// never leave a browser behind.
import { availableParallelism } from 'node:os';
import { SharedBrowser } from '../../browser/shared.js';
import type { Notebook } from '../../notebook/model.js';
import { HTML_PRIORITY } from '../../render/mime.js';
import { documentTitle, prepareHtml, renderHtml } from '../html/exporter.js';
import { finishPdf, loadPdfLib } from './document.js';
import { printPage } from './print.js';
import { attachment, launchOptions, rethrowWithFile, timeoutMs, warnBlocked } from './common.js';
import type { ExportContext, Exporter } from '../types.js';

const browser = new SharedBrowser();

export const pdfExporter: Exporter = {
  name: 'pdf',
  extension: '.pdf',
  description: 'PDF printed by headless Chrome/Chromium, no TeX',
  mimePriority: HTML_PRIORITY,
  // Pages render in the browser's processes while node renders the next
  // notebook's HTML; more than a few at once only adds memory.
  concurrency: Math.min(4, Math.max(2, availableParallelism())),

  open(options) {
    browser.hold(launchOptions(options));
  },

  close() {
    return browser.release();
  },

  async export(nb, ctx) {
    const { options } = ctx;
    await prepareHtml(nb, ctx.options);
    try {
      const html = () => {
        void loadPdfLib(); // loads while Chrome prints
        return renderHtml(nb, ctx);
      };
      const { pdf, blocked, tooWide } = await browser.with(launchOptions(options), (starting) => printPage(starting, html, {
        paper: options.paper ?? 'letter',
        landscape: options.landscape ?? false,
        timeoutMs: timeoutMs(options),
        allowNetwork: options.allowNetwork ?? false,
      }));
      warnBlocked(ctx, blocked);
      if (tooWide) {
        ctx.diag.warn(null, `${tooWide} wide element${tooWide > 1 ? 's' : ''} (tables, equations, code) printed below 60 % `
          + `of ${tooWide > 1 ? 'their' : 'its'} size to fit the page: small text (--landscape gives more room)`);
      }
      return { content: await finishPdf(pdf, { ...metadata(nb, ctx), attachment: attachment(ctx) }), files: [] };
    } catch (e) {
      rethrowWithFile(ctx, e);
    }
  },
};

function metadata(nb: Notebook, ctx: ExportContext) {
  return { title: documentTitle(nb, ctx.stem), authors: nb.info.authors };
}
