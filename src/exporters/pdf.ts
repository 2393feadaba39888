// PDF exporter: the HTML export, printed by a local headless Chrome (no TeX,
// no browser download), plus what nbconvert's PDFs lack: an outline from the
// headings, title and authors in the metadata, and the notebook attached.
//
// One browser serves every page: open() keeps it running for a batch (the
// CLI), otherwise each export() starts and stops its own, so library calls
// never leave a browser behind.
import { availableParallelism } from 'node:os';
import { SharedBrowser } from '../browser/shared.js';
import { NbxError } from '../errors.js';
import type { Notebook } from '../notebook/model.js';
import { HTML_PRIORITY } from '../render/mime.js';
import { documentTitle, renderHtml } from './html.js';
import { finishPdf, loadPdfLib } from './pdf-document.js';
import { printPage } from './pdf-print.js';
import type { ExportContext, ExportOptions, Exporter } from './types.js';

const DEFAULT_TIMEOUT_S = 60;

const browser = new SharedBrowser();

function timeoutMs(options: ExportOptions): number {
  const seconds = options.timeout ?? DEFAULT_TIMEOUT_S;
  if (!(seconds > 0)) throw new NbxError(`--timeout must be a positive number of seconds, not ${seconds}`, 2);
  return seconds * 1000;
}

function launchOptions(options: ExportOptions) {
  // --timeout bounds each page; no single DevTools call should end it sooner.
  const ms = timeoutMs(options);
  return { chromePath: options.chromePath, timeoutMs: ms, protocolTimeoutMs: Math.max(180_000, ms + 10_000) };
}

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
    try {
      const html = () => {
        void loadPdfLib(); // loads while Chrome prints
        return renderHtml(nb, ctx);
      };
      const { pdf, blocked } = await browser.with(launchOptions(options), (starting) => printPage(starting, html, {
        paper: options.paper ?? 'letter',
        landscape: options.landscape ?? false,
        timeoutMs: timeoutMs(options),
        allowNetwork: options.allowNetwork ?? false,
      }));
      if (blocked.length) {
        ctx.diag.warn(null, `blocked ${blocked.length} network request${blocked.length > 1 ? 's' : ''} `
          + `(--allow-network permits them): ${blocked.slice(0, 3).join(', ')}${blocked.length > 3 ? ', …' : ''}`);
      }
      return { content: await finishPdf(pdf, { ...metadata(nb, ctx), attachment: attachment(ctx) }), files: [] };
    } catch (e) {
      // Problems of the page or the browser are reported with the notebook's name.
      if (e instanceof NbxError && e.exitCode !== 2 && ctx.diag.file && !e.message.startsWith(`${ctx.diag.file}:`)) {
        ctx.diag.fail(null, e.message);
      }
      throw e;
    }
  },
};

function metadata(nb: Notebook, ctx: ExportContext) {
  return { title: documentTitle(nb, ctx.stem), authors: nb.info.authors };
}

function attachment(ctx: ExportContext) {
  if (ctx.options.noAttach) return undefined;
  if (!ctx.source) {
    ctx.diag.warn(null, 'the notebook file is not known here, so it is not attached to the PDF');
    return undefined;
  }
  return { name: `${ctx.stem}.ipynb`, bytes: ctx.source };
}
