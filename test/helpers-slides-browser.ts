// Shared by slides-browser.test.ts and corpus/browser.test.ts: decks opened
// in headless Chromium with the network cut off, and the walk through a deck
// every deck must pass.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { blockNetwork, findChrome } from '../src/browser/chrome.js';
import { convert, type ConvertOptions } from '../src/convert.js';

export let chromeMissing: string | false = false;
try {
  findChrome();
} catch (e) {
  chromeMissing = `no browser: ${(e as Error).message}`;
}

export interface Opened {
  page: Page;
  url: string;
  consoleErrors: string[];
  blocked: string[];
  /** Images nbx warned it could not find (left as links): the only requests a deck may make. */
  missingImages: string[];
}

export async function openDeck(browser: Browser, file: string, options: Partial<ConvertOptions> = {}): Promise<Opened> {
  const result = await convert(readFileSync(file), { to: 'slides', file, ...options });
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'nbx-slides-browser-')), 'deck.slides.html');
  writeFileSync(out, result.content);
  const url = pathToFileURL(out).href;
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  const consoleErrors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  const blocked = await blockNetwork(page, (u) => u.split(/[?#]/)[0] === url);
  await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
  await page.waitForFunction('window.Reveal && Reveal.isReady()', { timeout: 30_000 });
  await page.evaluate(() => document.fonts.ready);
  const missingImages = result.warnings.map((w) => /image "([^"]+)" not found/.exec(w.message)?.[1]).filter((n): n is string => !!n);
  return { page, url, consoleErrors, blocked, missingImages };
}

/** Console errors other than the loads we blocked (judged by `blocked`). */
export const realErrors = (o: Opened) => o.consoleErrors.filter((e) => !e.includes('ERR_BLOCKED_BY_CLIENT'));

/** Starts offline with no console error, theme font loaded, every slide and fragment reachable. */
export async function checkDeck(browser: Browser, file: string): Promise<void> {
  const opened = await openDeck(browser, file);
  try {
    assert.deepEqual(realErrors(opened), []);
    const unexpected = opened.blocked.filter((u) => !opened.missingImages.some((name) => u.endsWith(`/${name}`)));
    assert.deepEqual(unexpected, [], 'no network request');
    const state = await opened.page.evaluate(`(() => ({
      slides: Reveal.getTotalSlides(),
      leafSections: document.querySelectorAll('.slides section:not(:has(section))').length,
      horizontal: Reveal.getHorizontalSlides().length,
      topSections: document.querySelectorAll('.slides > section').length,
      fragments: document.querySelectorAll('.slides .fragment').length,
      themeFont: [...document.fonts].some((f) => f.family.replace(/"/g, '') === 'Source Sans Pro' && f.status === 'loaded'),
      katexErrors: document.querySelectorAll('.katex-error').length,
    }))()`) as Record<string, number | boolean>;
    assert.equal(state.slides, state.leafSections);
    assert.equal(state.horizontal, state.topSections);
    assert.equal(state.themeFont, true, 'the theme\'s embedded font is used');
    assert.equal(state.katexErrors, 0);
    // Walk the whole deck: every step (slide or fragment) is reachable.
    const steps = await opened.page.evaluate(`(() => {
      Reveal.slide(0, 0, -1);
      let steps = 0;
      while (!Reveal.isLastSlide() || Reveal.availableFragments().next) { Reveal.next(); steps++; if (steps > 10000) break; }
      return steps;
    })()`) as number;
    assert.equal(steps, (state.slides as number) - 1 + (state.fragments as number));
    assert.deepEqual(realErrors(opened), []);
  } finally {
    await opened.page.close();
  }
}
