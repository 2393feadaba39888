// SVG → PDF for the LaTeX export, without inkscape: the headless Chrome the
// PDF exporter uses prints each SVG on a page of its own size. Requests are
// queued while the document is rendered and converted in one browser session;
// without a browser (or when one fails) each SVG falls back to what the caller
// gave (the output's next representation, a markdown image's alt text), with
// a warning, never a failed export.
import type { Page } from 'puppeteer-core';
import { blockNetwork, findChrome, noPopups } from '../../browser/chrome.js';
import { SharedBrowser } from '../../browser/shared.js';
import type { Diagnostics } from '../../errors.js';
import type { SvgQueue } from './images.js';

interface SvgRequest {
  svg: string;
  place: (pdf: Uint8Array) => string;
  fallback: () => string;
  where: string;
}

const browser = new SharedBrowser();

/** A batch keeps the browser of SVG conversions between notebooks (started by the first that needs it). */
export function keepSvgBrowser(): void {
  browser.keep();
}

export function releaseSvgBrowser(): Promise<void> {
  return browser.release();
}
/** Placeholders: NUL never reaches the .tex otherwise (escaping drops control characters). */
const placeholder = (n: number) => `\u0000svg${n}\u0000`;
const PLACEHOLDER = /\u0000svg(\d+)\u0000/g;

export class SvgConverter implements SvgQueue {
  private readonly requests: SvgRequest[] = [];
  private readonly latex = new Map<number, string>();
  private held = false;

  constructor(private readonly diag: Diagnostics, private readonly chromePath?: string) {}

  /** Keeps one browser for all the conversions of this export (when one is installed). */
  hold(): void {
    if (this.held) return;
    try {
      browser.hold({ chromePath: this.chromePath, timeoutMs: 30_000 });
      this.held = true;
    } catch {
      // no browser: each conversion reports it and falls back
    }
  }

  async release(): Promise<void> {
    if (this.held) await browser.release();
    this.held = false;
  }

  /** For markdown images: a placeholder, decided by convertAll() and filled by fill(). */
  request(svg: string, place: (pdf: Uint8Array) => string, fallback: () => string, where: string): string {
    this.requests.push({ svg, place, fallback, where });
    return placeholder(this.requests.length - 1);
  }

  /** Converts every requested SVG (fallbacks may request more) and decides each placeholder's LaTeX. */
  async convertAll(): Promise<void> {
    for (let done = 0; done < this.requests.length; ) {
      const batch = this.requests.slice(done);
      const pdfs = await this.convert(batch);
      batch.forEach((req, i) => {
        const pdf = pdfs[i];
        this.latex.set(done + i, pdf ? req.place(pdf) : req.fallback());
      });
      done += batch.length;
    }
  }

  /** `text` with every placeholder replaced (after convertAll). */
  fill(text: string): string {
    for (let pass = 0; pass < 4 && text.includes('\u0000'); pass++) {
      text = text.replace(PLACEHOLDER, (_m, n: string) => this.latex.get(Number(n)) ?? '');
    }
    return text;
  }

  /** PDFs of the SVGs in one browser session; null for each one that could not be converted (warned). */
  async convert(svgs: { svg: string; where: string }[]): Promise<(Uint8Array | null)[]> {
    const none = svgs.map(() => null);
    if (!svgs.length) return none;
    const fail = (reason: string) => {
      for (const { where } of svgs) this.diag.warn(where, `SVG not converted to PDF (${reason}); using the next representation`);
      return none;
    };
    try {
      findChrome({ chromePath: this.chromePath });
    } catch (e) {
      return fail((e as Error).message);
    }
    try {
      return await browser.with({ chromePath: this.chromePath, timeoutMs: 30_000 }, async (starting) => {
        const page = await (await starting).newPage();
        try {
          await page.setJavaScriptEnabled(false);
          await noPopups(page);
          await blockNetwork(page);
          const pdfs: (Uint8Array | null)[] = [];
          for (const req of svgs) pdfs.push(await printSvg(page, req, this.diag));
          return pdfs;
        } finally {
          await page.close().catch(() => {});
        }
      });
    } catch (e) {
      return fail((e as Error).message.split('\n')[0]!);
    }
  }
}

async function printSvg(page: Page, req: { svg: string; where: string }, diag: Diagnostics): Promise<Uint8Array | null> {
  const { width, height } = svgSize(req.svg);
  // Shown through <img>: an SVG there runs no script and loads nothing.
  const src = `data:image/svg+xml;base64,${Buffer.from(req.svg, 'utf8').toString('base64')}`;
  const html = `<!DOCTYPE html><html><head><style>@page{margin:0}html,body{margin:0;padding:0}` +
    `img{display:block;width:${width}px;height:${height}px}</style></head><body><img src="${src}"></body></html>`;
  try {
    await page.setContent(html, { waitUntil: 'load', timeout: 30_000 });
    const pdf = await page.pdf({ width: `${width}px`, height: `${height}px`, printBackground: true, pageRanges: '1' });
    return withFixedDates(pdf);
  } catch (e) {
    diag.warn(req.where, `SVG could not be printed to PDF (${(e as Error).message.split('\n')[0]}); using the next representation`);
    return null;
  }
}

const UNIT_PX: Record<string, number> = { '': 1, px: 1, pt: 4 / 3, pc: 16, in: 96, cm: 96 / 2.54, mm: 96 / 25.4, em: 16, ex: 8 };

/** The size an SVG asks for, in CSS pixels (width/height, else its viewBox, else the browser default 300×150). */
export function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/i.exec(svg)?.[0] ?? '';
  const attr = (name: string) => new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(root)?.[1];
  const length = (v: string | undefined) => {
    const m = v && /^\s*([\d.]+)\s*(px|pt|pc|in|cm|mm|em|ex)?\s*$/i.exec(v);
    return m ? Number(m[1]) * UNIT_PX[(m[2] ?? '').toLowerCase()]! : null;
  };
  const box = (attr('viewBox') ?? '').trim().split(/[\s,]+/).map(Number);
  const boxWidth = box.length === 4 && box[2]! > 0 ? box[2]! : null;
  const boxHeight = box.length === 4 && box[3]! > 0 ? box[3]! : null;
  let width = length(attr('width'));
  let height = length(attr('height'));
  if (width === null && height === null) [width, height] = [boxWidth ?? 300, boxHeight ?? 150];
  else if (width === null) width = boxWidth && boxHeight ? (height! * boxWidth) / boxHeight : 300;
  else if (height === null) height = boxWidth && boxHeight ? (width * boxHeight) / boxWidth : 150;
  const clamp = (v: number) => Math.min(Math.max(Math.ceil(v), 1), 10_000);
  return { width: clamp(width), height: clamp(height!) };
}

/** Chrome stamps the print time into the PDF: a fixed date (same length, so offsets hold) keeps exports reproducible. */
function withFixedDates(pdf: Uint8Array): Uint8Array {
  const text = Buffer.from(pdf).toString('latin1');
  const fixed = text.replace(/\/(CreationDate|ModDate) ?\(D:(\d{14})([^)]*)\)/g, (m, key: string, date: string, zone: string) =>
    m.replace(date + zone, '20000101000000' + zone.replace(/\d/g, '0').replace(/-/g, '+')));
  return new Uint8Array(Buffer.from(fixed, 'latin1'));
}
