// Pages to print in, kept per browser and reused across the notebooks of a
// batch: a new page costs a renderer process (~0.3 s), going back to
// about:blank costs ~0.05 s and still gives each notebook a fresh document.
// A page that failed or hung is closed, never reused.
//
// Each page has a window of its own (a background tab paints no frames, so
// fonts and images would never be reported ready) and a browser context of
// its own (its own renderer: a page stuck in a script holds up no other).
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import { blockNetwork, killBrowser, noPopups } from '../../browser/chrome.js';

export interface PrintPage {
  page: Page;
  /** Its own context; none for the window the browser started with. */
  context: BrowserContext | null;
  /** Requests refused while the current notebook loads. */
  blocked: string[];
  /** The settings it was prepared with: only reused for the same ones. */
  key: string;
}

export interface PageSettings {
  allowNetwork: boolean;
  /** Layout width and height in CSS px. */
  viewport: { width: number; height: number };
}

const idle = new WeakMap<Browser, PrintPage[]>();
const claimed = new WeakSet<Page>();

/** An idle page prepared with `settings`, or a new one. */
export async function takePage(browser: Browser, settings: PageSettings): Promise<PrintPage> {
  const key = JSON.stringify(settings);
  const pages = idle.get(browser) ?? [];
  idle.set(browser, pages);
  const i = pages.findIndex((p) => p.key === key);
  if (i >= 0) {
    const [reused] = pages.splice(i, 1);
    reused!.blocked.length = 0;
    return reused!;
  }
  // The blank window the browser started with has its renderer running already.
  const initial = (await browser.defaultBrowserContext().pages()).find((p) => !claimed.has(p) && p.url() === 'about:blank');
  if (initial) claimed.add(initial);
  const context = initial ? null : await browser.createBrowserContext();
  const page = initial ?? await context!.newPage();
  claimed.add(page);
  page.on('dialog', (dialog) => { dialog.dismiss().catch(() => {}); });
  await noPopups(page);
  const blocked = settings.allowNetwork ? [] : await blockNetwork(page);
  // Laid out at the printed width, so what is measured is what prints.
  await page.setViewport(settings.viewport);
  await page.emulateMediaType('print');
  return { page, context, blocked, key };
}

/** Back to the idle pages, on a blank document; closed if that fails. */
export async function releasePage(browser: Browser, printed: PrintPage): Promise<void> {
  try {
    await within(printed.page.goto('about:blank'), 5000);
    idle.get(browser)?.push(printed);
  } catch {
    await closePage(browser, printed);
  }
}

/** Closes a page, even one stuck in a script; a browser that cannot is killed. */
export async function closePage(browser: Browser, printed: PrintPage): Promise<void> {
  try {
    await within(printed.context ? printed.context.close() : printed.page.close(), 5000);
  } catch {
    killBrowser(browser); // the next notebook gets a new browser
  }
}

/** Rejects with `error()` after `ms`, unless `work` settles first. */
export async function within<T>(work: Promise<T>, ms: number, error = () => new Error(`timed out after ${ms} ms`)): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
