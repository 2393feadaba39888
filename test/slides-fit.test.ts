// Slides that fit (issue 16): decks written here are opened in headless
// Chromium and every slide is measured against the slide height. A slide
// taller than it is zoomed out, or scrolls when zooming out is not enough
// (or with --reveal-scroll): content is never cut silently. Text and code
// have nbconvert's and JupyterLab's slide sizes. Printed (slides-pdf), the
// last line of a tall slide is on its page.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { blockNetwork, findChrome, launchChrome } from '../src/browser/chrome.js';
import { convert, type ConvertOptions } from '../src/convert.js';

let chromeMissing: string | false = false;
try {
  findChrome();
} catch (e) {
  chromeMissing = `no browser: ${(e as Error).message}`;
}

const slide = (type: string) => ({ slideshow: { slide_type: type } });
const bullets = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `- ${tag} point ${i + 1}: a line of prose`).join('\n');
const DECK = JSON.stringify({
  nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
  cells: [
    { cell_type: 'markdown', id: 'a', metadata: slide('slide'), source: '# Short slide\n\nOne line of prose.' },
    { cell_type: 'code', id: 'b', metadata: {}, source: 'print("hi")', execution_count: 1,
      outputs: [{ output_type: 'stream', name: 'stdout', text: 'hi\n' }] },
    // A little taller than the slide: zoomed out, no scrolling.
    { cell_type: 'markdown', id: 'c', metadata: slide('slide'), source: `## Many bullets\n\n${bullets(25, 'zoom')}` },
    { cell_type: 'markdown', id: 'd', metadata: slide('fragment'), source: 'Last words of the zoomed slide' },
    // Far taller: zoomed out to the limit, then it scrolls.
    { cell_type: 'markdown', id: 'e', metadata: slide('subslide'), source: `## Very long\n\n${bullets(80, 'scroll')}\n\nEnd of the very long slide` },
  ],
});

interface SlideFit { index: string; height: number; slideHeight: number; scrolls: boolean; zoom: string }

async function measure(browser: Browser, options: Partial<ConvertOptions>): Promise<{ slides: SlideFit[]; prose: string; code: string }> {
  const { content } = await convert(DECK, { to: 'slides', file: 'deck.ipynb', ...options });
  const dir = mkdtempSync(path.join(tmpdir(), 'nbx-slides-fit-'));
  const file = path.join(dir, 'deck.slides.html');
  writeFileSync(file, content);
  const page = await browser.newPage();
  try {
    await page.setViewport({ width: 1280, height: 800 });
    const url = pathToFileURL(file).href;
    await blockNetwork(page, (u) => u.split(/[?#]/)[0] === url);
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction('window.Reveal && Reveal.isReady()', { timeout: 30_000 });
    await page.evaluate('document.fonts.ready');
    return await page.evaluate(`(async () => {
      const slideHeight = Reveal.getComputedSlideSize().height;
      const slides = [];
      for (const s of Reveal.getSlides()) {
        const { h, v } = Reveal.getIndices(s);
        Reveal.slide(h, v || 0);
        await new Promise((r) => setTimeout(r, 30));
        const overflowY = getComputedStyle(s).overflowY;
        slides.push({ index: h + '/' + (v || 0), height: s.scrollHeight, slideHeight,
          scrolls: (overflowY === 'auto' || overflowY === 'scroll') && s.clientHeight <= slideHeight + 1,
          zoom: s.firstElementChild.style.zoom });
      }
      const size = (sel) => getComputedStyle(document.querySelector(sel)).fontSize;
      return { slides, prose: size('.jp-RenderedHTMLCommon p'), code: size('.jp-InputArea-editor pre') };
    })()`) as { slides: SlideFit[]; prose: string; code: string };
  } finally {
    await page.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('slides fit the screen', { skip: chromeMissing }, () => {
  let browser: Browser;
  before(async () => { browser = await launchChrome(); });
  after(async () => { await browser?.close(); });

  it('every slide fits, zoomed out or scrolling; text and code at nbconvert\'s sizes', async () => {
    const { slides, prose, code } = await measure(browser, {});
    assert.equal(slides.length, 3);
    for (const s of slides) assert.ok(s.height <= s.slideHeight + 1 || s.scrolls, `slide ${s.index} is cut: ${JSON.stringify(s)}`);
    const [short, zoomed, long] = slides as [SlideFit, SlideFit, SlideFit];
    assert.equal(short.zoom, '', 'a slide that fits is not zoomed');
    assert.ok(Number(zoomed.zoom) < 1 && Number(zoomed.zoom) >= 0.6 && !zoomed.scrolls && zoomed.height <= zoomed.slideHeight + 1, JSON.stringify(zoomed));
    assert.ok(Number(long.zoom) === 0.6 && long.scrolls, JSON.stringify(long));
    assert.equal(prose, '20px');
    assert.equal(code, '19px');
  });

  it('--reveal-scroll: tall slides scroll at full size', async () => {
    const { slides } = await measure(browser, { reveal: { scroll: true } } as Partial<ConvertOptions>);
    for (const s of slides) {
      assert.equal(s.zoom, '');
      assert.ok(s.height <= s.slideHeight + 1 || s.scrolls, `slide ${s.index} is cut: ${JSON.stringify(s)}`);
    }
    assert.ok(slides[1]!.scrolls && slides[2]!.scrolls);
  });

  it('slides-pdf: the last lines of tall slides are printed', { skip: spawnSync('pdftotext', ['-v']).status !== 0 && 'no pdftotext' }, async (t) => {
    const { content } = await convert(DECK, { to: 'slides-pdf', file: 'deck.ipynb' });
    const dir = mkdtempSync(path.join(tmpdir(), 'nbx-slides-fit-pdf-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, 'deck.pdf'), content);
    const pages = spawnSync('pdftotext', ['-layout', path.join(dir, 'deck.pdf'), '-'], { encoding: 'utf8' }).stdout.split('\f');
    assert.match(pages[1]!, /zoom point 25[\s\S]*Last words of the zoomed slide/);
    assert.match(pages[2]!, /scroll point 80[\s\S]*End of the very long slide/);
  });
});
