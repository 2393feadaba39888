// Accessibility of nbx's own markup: axe-core run in headless Chromium (every
// request blocked) on a fixture page in light and dark, and on slides. Zero
// violations may come from nbx's markup; those inside a notebook's own HTML
// output (.jp-RenderedHTML) are the notebook's, counted and left alone.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { blockNetwork, findChrome, launchChrome } from '../src/browser/chrome.js';
import { convert, type ConvertOptions } from '../src/convert.js';
import { $, $$, code, display, md, notebook, page, result, stream } from './html-page-helper.js';

let chromeMissing: string | false = false;
try {
  findChrome();
} catch (e) {
  chromeMissing = `no browser: ${(e as Error).message}`;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// A 1×1 PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const ESC = '\u001b';

/** A notebook with what nbx draws: prompts, code, streams, ANSI error, images, links, tables, an IFrame, and HTML with a fault of its own. */
function fixtureNotebook(): string {
  const longLine = `x = [${Array.from({ length: 60 }, (_, i) => i * 1000).join(', ')}]`;
  return notebook([
    md('## Data\n\nSee [the docs](https://example.org) and ![a red dot](data:image/png;base64,' + PNG + ').\n\n```\n' + longLine + '\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |'),
    code(`# a comment\nimport math\ndef f(s: str = "text", n=1):\n    return math.sqrt(n) if True else None\n${longLine}`, [
      stream('hello\n' + 'y'.repeat(300) + '\n'),
      stream('a warning\n', 'stderr'),
      result(1, { 'text/plain': '42' }),
    ]),
    code('plot()', [display({ 'image/png': PNG, 'text/plain': '<Figure>' }, { 'image/png': { alt: 'A plot of nothing' } })]),
    code('IFrame("about:blank", 300, 100)', [display({ 'text/html': '<iframe width="300" height="100" src="about:blank"></iframe>', 'text/plain': 'IFrame' })]),
    // The notebook's own fault: an image with no alt, low-contrast text.
    code('HTML(...)', [display({ 'text/html': `<img src="data:image/png;base64,${PNG}"><p style="color:#ccc">faint</p>`, 'text/plain': 'HTML' })]),
    code('1/0', [{
      output_type: 'error', ename: 'ZeroDivisionError', evalue: 'division by zero',
      traceback: [`${ESC}[0;31mZeroDivisionError${ESC}[0m Traceback (most recent call last)`, `Cell ${ESC}[0;32mIn[1], line 1${ESC}[0m\n${ESC}[0;32m----> 1${ESC}[0m ${ESC}[38;5;241m1${ESC}[39m${ESC}[38;5;241m/${ESC}[39m${ESC}[38;5;241m0${ESC}[39m`, `${ESC}[0;31mZeroDivisionError${ESC}[0m: division by zero`],
    }]),
  ], { language: 'en-GB' });
}

interface AxeReport {
  /** rule id → targets, for violations in nbx's markup. */
  nbx: Record<string, string[]>;
  /** Violating nodes inside a notebook's HTML output. */
  notebook: number;
}

async function audit(browser: Browser, options: Partial<ConvertOptions>): Promise<AxeReport & { consoleErrors: string[]; blocked: string[] }> {
  const r = await convert(fixtureNotebook(), { to: 'html', ...options });
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'nbx-a11y-')), 'page.html');
  writeFileSync(file, r.content);
  const url = pathToFileURL(file).href;
  const tab = await browser.newPage();
  try {
    const consoleErrors: string[] = [];
    tab.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('ERR_BLOCKED_BY_CLIENT')) consoleErrors.push(m.text()); });
    tab.on('pageerror', (e) => consoleErrors.push(String(e)));
    const blocked = await blockNetwork(tab, (u) => u === url);
    await tab.goto(url, { waitUntil: 'load', timeout: 60_000 });
    await tab.evaluate(axeSource);
    const report = await tab.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
      const { violations } = await axe.run(document);
      const nbx: Record<string, string[]> = {};
      let notebook = 0;
      for (const v of violations) {
        for (const node of v.nodes) {
          const el = document.querySelector(node.target[0]!);
          // The notebook's own HTML output: its faults are its author's, not nbx's.
          if (el?.closest('.jp-RenderedHTML')) notebook++;
          else (nbx[v.id] ??= []).push(node.target.join(' '));
        }
      }
      return { nbx, notebook };
    });
    return { ...report, consoleErrors, blocked };
  } finally {
    await tab.close();
  }
}

describe('axe-core on nbx pages (Chromium, offline)', { skip: chromeMissing }, () => {
  let browser: Browser;
  before(async () => { browser = await launchChrome(); });
  after(async () => { await browser?.close(); });

  for (const [label, options] of [
    ['HTML, light theme', { theme: 'light' }],
    ['HTML, dark theme', { theme: 'dark' }],
    ['slides, light theme', { to: 'slides', theme: 'light' }],
    ['slides, dark theme', { to: 'slides', theme: 'dark' }],
  ] as [string, Partial<ConvertOptions>][]) {
    it(`${label}: no violation from nbx's markup; the notebook's own are told apart`, async () => {
      const r = await audit(browser, options);
      assert.deepEqual(r.nbx, {}, `nbx markup violations: ${JSON.stringify(r.nbx, null, 1)}`);
      // The image without alt and the faint text of the HTML output are the notebook's.
      assert.ok(r.notebook >= 1, 'the notebook HTML output\'s own violations are found (and counted apart)');
      assert.deepEqual(r.blocked, []);
      assert.deepEqual(r.consoleErrors, []);
    });
  }
});

describe('accessibility of the HTML markup', () => {
  it('lang comes from metadata.language, else en', async () => {
    const p = await page(fixtureNotebook());
    assert.match(p.html, /<html lang="en-GB">/);
    const plain = await page(notebook([md('# T')]));
    assert.match(plain.html, /<html lang="en">/);
    const bad = await page(notebook([md('# T')], { language: 'en"><script>' }));
    assert.match(bad.html, /<html lang="en">/);
  });

  it('one main landmark, and a level-1 heading (hidden when the notebook has none)', async () => {
    const p = await page(fixtureNotebook(), { file: 'data.ipynb' });
    assert.equal($$(p.doc, 'main').length, 1);
    const h1 = $$(p.doc, 'h1');
    assert.equal(h1.length, 1);
    assert.equal(h1[0]!.attribs.class, 'nbx-sr-only');
    const titled = await page(notebook([md('# Title\n\n## Part')]));
    assert.equal($$(titled.doc, 'h1').length, 1);
    assert.equal($(titled.doc, 'h1.nbx-sr-only'), undefined);
  });

  it('code, output and markdown pre blocks are focusable', async () => {
    const p = await page(fixtureNotebook());
    const pres = $$(p.main, 'pre');
    assert.ok(pres.length >= 5);
    for (const pre of pres) assert.equal(pre.attribs.tabindex, '0');
  });

  it('IFrame outputs get a title; image outputs take alt from metadata', async () => {
    const p = await page(fixtureNotebook());
    assert.equal($(p.main, 'iframe')?.attribs.title, 'Embedded content');
    assert.equal($(p.main, '.jp-RenderedImage img')?.attribs.alt, 'A plot of nothing');
    const titled = await page(notebook([code('x', [display({ 'text/html': '<iframe title="Map" src="about:blank"></iframe>' })])]));
    assert.equal($(titled.main, 'iframe')?.attribs.title, 'Map');
  });

  it('--a11y lists images without alt text; without it nothing is said', async () => {
    const nb = notebook([md('![](x.png)'), code('plot()', [display({ 'image/png': PNG })]), code('ok', [display({ 'image/png': PNG }, { alt: 'fine' })])]);
    const quiet = await page(nb);
    assert.ok(!quiet.warnings.some((w) => /alt text/.test(w.message)));
    const loud = await page(nb, { a11y: true });
    const w = loud.warnings.filter((x) => /alt text/.test(x.message));
    assert.equal(w.length, 1);
    assert.match(w[0]!.message, /^2 image\(s\) without alt text .*: cells\[0\], cells\[1\]\.outputs\[0\]$/);
  });
});
