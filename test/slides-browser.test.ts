// End to end: decks opened in headless Chromium with the network cut off.
// reveal.js starts, nothing is fetched, nothing fails in the console, the
// theme's embedded fonts load, every slide and fragment is there, and the
// speaker view (notes plugin) shows the notes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { launchChrome } from '../src/browser/chrome.js';
import { convert } from '../src/convert.js';
import { parseDocument } from 'htmlparser2';
import { fixture, repoRoot } from './helpers.js';
import { checkDeck, chromeMissing, openDeck, realErrors } from './helpers-slides-browser.js';
import { generated } from './notebooks/index.js';
import { $$ } from './html-page-helper.js';

describe('slide decks in Chromium', { skip: chromeMissing }, () => {
  let browser: Browser;
  before(async () => { browser = await launchChrome(); });
  after(async () => { await browser?.close(); });

  const decks = [
    generated('slides.ipynb'),
    generated('widgets.ipynb'),
    generated('math.ipynb'),
    fixture('tour.ipynb'),
  ];
  for (const file of decks) {
    it(`${path.basename(file)}: starts offline with no console error, every slide and fragment there`, async () => {
      await checkDeck(browser, file);
    });
  }

  it('the speaker view opens and shows the notes of the slide', async () => {
    const opened = await openDeck(browser, generated('slides.ipynb'));
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
    const opened = await openDeck(browser, generated('slides.ipynb'), { reveal: { scroll: true } });
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
    const file = generated('slides.ipynb');
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
    assert.equal(pdf.getTitle(), 'A talk in a notebook');
    assert.match(Buffer.from(content as Uint8Array).toString('latin1'), /slides\.ipynb/, 'the notebook is attached');
  });

  it('nbx convert --to slides-pdf writes nb.slides.pdf', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nbx-slides-pdf-'));
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'nbx.cjs'), 'convert', fixture('tour.ipynb'), '--to', 'slides-pdf', '--output-dir', dir], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readdirSync(dir), ['tour.slides.pdf']);
    assert.equal(readFileSync(path.join(dir, 'tour.slides.pdf')).subarray(0, 5).toString(), '%PDF-');
  });
});
