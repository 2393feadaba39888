// End to end: decks opened in headless Chromium with the network cut off.
// reveal.js starts, nothing is fetched, nothing fails in the console, the
// theme's embedded fonts load, every slide and fragment is there, and the
// speaker view (notes plugin) shows the notes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { blockNetwork, findChrome, launchChrome } from '../src/browser/chrome.js';
import { convert, type ConvertOptions } from '../src/convert.js';
import { parseDocument } from 'htmlparser2';
import { corpusDir, fixture, repoRoot } from './helpers.js';
import { $$ } from './html-page-helper.js';

let chromeMissing: string | false = false;
try {
  findChrome();
} catch (e) {
  chromeMissing = `no browser: ${(e as Error).message}`;
}

interface Opened {
  page: Page;
  url: string;
  consoleErrors: string[];
  blocked: string[];
  /** Images nbx warned it could not find (left as links): the only requests a deck may make. */
  missingImages: string[];
}

async function openDeck(browser: Browser, file: string, options: Partial<ConvertOptions> = {}): Promise<Opened> {
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
const realErrors = (o: Opened) => o.consoleErrors.filter((e) => !e.includes('ERR_BLOCKED_BY_CLIENT'));

describe('slide decks in Chromium', { skip: chromeMissing }, () => {
  let browser: Browser;
  before(async () => { browser = await launchChrome(); });
  after(async () => { await browser?.close(); });

  const decks = [
    path.join(corpusDir, 'rise__README.ipynb'),
    path.join(corpusDir, 'ipython__Beyond_Plain_Python.ipynb'),
    path.join(corpusDir, 'juliatutorials__00.Julia_is_fast.ipynb'),
    fixture('tour.ipynb'),
  ];
  for (const file of decks) {
    it(`${path.basename(file)}: starts offline with no console error, every slide and fragment there`, async () => {
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
    });
  }

  it('the speaker view opens and shows the notes of the slide', async () => {
    const opened = await openDeck(browser, path.join(corpusDir, 'rise__README.ipynb'));
    try {
      // The slide whose notes read "This is an example of a Notes cell."
      await opened.page.evaluate(`(() => {
        const aside = [...document.querySelectorAll('aside.notes')].find((a) => a.textContent.includes('example of a'));
        Reveal.slide(...Object.values(Reveal.getIndices(aside.closest('section'))));
      })()`);
      const popup = new Promise<Page | null>((resolve) => opened.page.once('popup', resolve));
      await opened.page.keyboard.press('s');
      const speaker = await popup;
      assert.ok(speaker, 'the speaker window opened');
      await speaker.waitForFunction(() => document.querySelector('.speaker-controls-notes')?.textContent?.includes('This is an example of a'), { timeout: 15_000 });
      await speaker.close();
    } finally {
      await opened.page.close();
    }
  });

  it('--reveal-scroll: a slide taller than the screen scrolls', async () => {
    const opened = await openDeck(browser, path.join(corpusDir, 'ipython__Beyond_Plain_Python.ipynb'), { reveal: { scroll: true } });
    try {
      const tallest = await opened.page.evaluate(`(() => {
        const sections = [...document.querySelectorAll('.slides section:not(:has(section))')];
        let best = null;
        for (const s of sections) {
          Reveal.slide(...Object.values(Reveal.getIndices(s)));
          Reveal.layout();
          if (s.scrollHeight > s.clientHeight + 1) best = { overflow: getComputedStyle(s).overflowY, client: s.clientHeight, max: Reveal.getConfig().height };
        }
        return best;
      })()`) as { overflow: string; client: number; max: number } | null;
      assert.ok(tallest, 'some slide is taller than the screen');
      assert.equal(tallest.overflow, 'auto');
      assert.ok(tallest.client <= tallest.max, 'and is cut to the slide height');
      assert.deepEqual(realErrors(opened), []);
    } finally {
      await opened.page.close();
    }
  });

  it('slides-pdf: one page per slide, at the slide\'s proportions, titled, with the notebook attached', async () => {
    const file = path.join(corpusDir, 'rise__README.ipynb');
    const source = readFileSync(file);
    const { content, extension } = await convert(source, { to: 'slides-pdf', file });
    assert.equal(extension, '.slides.pdf');
    const { PDFDocument } = await import('pdf-lib');
    const pdf = await PDFDocument.load(content as Uint8Array);
    const deck = await convert(source, { to: 'slides', file });
    const slides = $$(parseDocument(deck.content as string), '.slides section:not(:has(section))').length;
    assert.equal(pdf.getPageCount(), slides);
    const { width, height } = pdf.getPage(0).getSize();
    assert.ok(Math.abs(width / height - 960 / 700) < 0.01, `page ${width}×${height}`);
    assert.equal(pdf.getTitle(), 'The RISE notebook extension');
    assert.match(Buffer.from(content as Uint8Array).toString('latin1'), /rise__README\.ipynb/, 'the notebook is attached');
  });

  it('nbx convert --to slides-pdf writes nb.slides.pdf', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nbx-slides-pdf-'));
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'nbx.cjs'), 'convert', fixture('tour.ipynb'), '--to', 'slides-pdf', '--output-dir', dir], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readdirSync(dir), ['tour.slides.pdf']);
    assert.equal(readFileSync(path.join(dir, 'tour.slides.pdf')).subarray(0, 5).toString(), '%PDF-');
  });
});
