// Shared by browser.test.ts and corpus/browser.test.ts: an exported page
// opened in headless Chromium with the network cut off, reported as a reader
// would see it, and the checks every page must pass.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { blockNetwork, findChrome } from '../src/browser/chrome.js';
import { convert } from '../src/convert.js';

export let chromeMissing: string | false = false;
try {
  findChrome();
} catch (e) {
  chromeMissing = `no browser: ${(e as Error).message}`;
}

export interface PageReport {
  consoleErrors: string[];
  blocked: string[];
  brokenImages: string[];
  images: number;
  katex: number;
  mathErrors: number;
  scripts: number;
  handlers: number;
  dialogs: number;
}

export async function openExport(browser: Browser, file: string, options: { sanitize?: boolean } = {}): Promise<PageReport> {
  const result = await convert(readFileSync(file), { to: 'html', file, ...options });
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'nbx-browser-')), 'page.html');
  writeFileSync(out, result.content);
  const url = pathToFileURL(out).href;
  const page = await browser.newPage();
  try {
    const consoleErrors: string[] = [];
    let dialogs = 0;
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    page.on('dialog', async (d) => { dialogs++; await d.dismiss(); });
    const blocked = await blockNetwork(page, (u) => u === url);
    await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    await page.evaluate(() => document.fonts.ready);
    const report = await page.evaluate(() => {
      const imgs = [...document.images];
      return {
        images: imgs.length,
        brokenImages: imgs.filter((i) => !i.complete || i.naturalWidth === 0).map((i) => (i.src.startsWith('data:') ? i.src.slice(0, 60) : i.src)),
        katex: document.querySelectorAll('.katex').length,
        mathErrors: document.querySelectorAll('.katex-error').length,
        scripts: document.querySelectorAll('script:not([type*="json"])').length,
        handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
      };
    });
    // Loads we blocked show up as console errors; they are judged by `blocked` instead.
    const errors = consoleErrors.filter((e) => !e.includes('ERR_BLOCKED_BY_CLIENT'));
    return { ...report, consoleErrors: errors, blocked: [...blocked], dialogs };
  } finally {
    await page.close();
  }
}

/** No console error, no request nbx caused, every image decodes, math typeset without error boxes. */
export async function checkPage(browser: Browser, file: string, expect: { math: boolean; images: boolean }): Promise<void> {
  const r = await openExport(browser, file);
  assert.deepEqual(r.consoleErrors, [], 'console errors');
  // The page itself needs nothing from the network; only remote images the author linked may be asked for.
  const source = readFileSync(file, 'utf8');
  assert.deepEqual(r.blocked.filter((u) => !source.includes(u)), [], 'network requests nbx caused');
  assert.deepEqual(r.brokenImages.filter((u) => !r.blocked.includes(u)), [], 'images that did not decode');
  if (expect.images) assert.ok(r.images > 0, 'images expected');
  if (expect.math) assert.ok(r.katex > 0, 'KaTeX output expected');
  assert.equal(r.mathErrors, 0, 'KaTeX error boxes');
}

/** With --sanitize: no script element, no on* handler, no dialog, no console error, no request nbx caused. */
export async function checkSanitized(browser: Browser, file: string): Promise<void> {
  const name = path.basename(file);
  const r = await openExport(browser, file, { sanitize: true });
  assert.equal(r.scripts, 0, `${name}: script elements`);
  assert.equal(r.handlers, 0, `${name}: on* handlers`);
  assert.equal(r.dialogs, 0, `${name}: dialogs`);
  assert.deepEqual(r.consoleErrors, [], `${name}: console errors`);
  const source = readFileSync(file, 'utf8');
  assert.deepEqual(r.blocked.filter((u) => !source.includes(u)), [], `${name}: requests nbx caused`);
}
