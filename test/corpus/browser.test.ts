// Corpus notebooks in headless Chromium: pages (console, network, images,
// KaTeX, --sanitize) and slide decks (offline start, every slide and
// fragment, speaker notes, scrolling, slides-pdf).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseDocument } from 'htmlparser2';
import type { Browser, Page } from 'puppeteer-core';
import { launchChrome } from '../../src/browser/chrome.js';
import { convert } from '../../src/convert.js';
import { checkPage, checkSanitized, chromeMissing } from '../helpers-browser.js';
import { checkDeck, openDeck, realErrors } from '../helpers-slides-browser.js';
import { $$ } from '../html-page-helper.js';
import { corpusFile } from './corpus.js';

const corpusDir = path.dirname(corpusFile('x'));

describe('corpus pages in Chromium', { skip: chromeMissing }, () => {
  let browser: Browser;
  before(async () => { browser = await launchChrome(); });
  after(async () => { await browser?.close(); });

  const notebooks: [string, { math: boolean; images: boolean }][] = [
    [path.join(corpusDir, 'ipython__SymPy.ipynb'), { math: true, images: true }],
    [path.join(corpusDir, 'jupyter-notebook__Typesetting_Equations.ipynb'), { math: true, images: false }],
    [path.join(corpusDir, 'jupyter-notebook__binder_example.ipynb'), { math: false, images: true }],
    [path.join(corpusDir, 'nbconvert__exporters_attachment.ipynb'), { math: false, images: true }],
    [path.join(corpusDir, 'ipython__ANSI_Test.ipynb'), { math: false, images: false }],
    [path.join(corpusDir, 'tf-docs-l10n__zh-cn_unicode.ipynb'), { math: false, images: false }],
    [path.join(corpusDir, 'nbconvert__exporters_svg.ipynb'), { math: false, images: false }],
  ];
  for (const [file, expect] of notebooks) {
    it(path.basename(file), () => checkPage(browser, file, expect));
  }

  it('--sanitize: no script from the notebook runs (notebook_inject, invalid.ipynb, Rich_Output)', async () => {
    for (const name of ['nbconvert__exporters_notebook_inject.ipynb', 'nbformat__test4.ipynb', 'ipython__Rich_Output.ipynb']) {
      await checkSanitized(browser, path.join(corpusDir, name));
    }
  });
});

describe('corpus slide decks in Chromium', { skip: chromeMissing }, () => {
  let browser: Browser;
  before(async () => { browser = await launchChrome(); });
  after(async () => { await browser?.close(); });

  for (const name of ['rise__README.ipynb', 'ipython__Beyond_Plain_Python.ipynb', 'juliatutorials__00.Julia_is_fast.ipynb']) {
    it(`${name}: starts offline with no console error, every slide and fragment there`, () => checkDeck(browser, path.join(corpusDir, name)));
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
});
