// Plotly, Vega and Vega-Lite outputs drawn natively from their JSON: in
// headless Chromium with every request blocked, the drawn elements exist
// (Plotly's .main-svg layers, Vega's SVG), nothing errs, nothing is fetched;
// each library is inlined once and only in pages that use it; PDF prints them drawn.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { blockNetwork, findChrome, launchChrome } from '../src/browser/chrome.js';
import { convert, type ConvertOptions } from '../src/convert.js';
import { $$, code, display, md, notebook, page } from './html-page-helper.js';
import { pdfTestsSkipped, pdfText } from './pdf-helpers.js';

let chromeMissing: string | false = false;
try {
  findChrome();
} catch (e) {
  chromeMissing = `no browser: ${(e as Error).message}`;
}

const PLOTLY = 'application/vnd.plotly.v1+json';
const VEGALITE = 'application/vnd.vegalite.v5+json';
const plotlyFigure = {
  data: [{ type: 'scatter', mode: 'lines+markers', x: [1, 2, 3, 4], y: [10, 15, 13, 17], name: 'sales' }],
  layout: { title: { text: 'Quarterly sales' }, xaxis: { title: { text: 'Quarter' } }, yaxis: { title: { text: 'Units' } }, width: 500, height: 320 },
};
const vegaLiteChart = {
  $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
  data: { values: [{ fruit: 'apples', count: 28 }, { fruit: 'pears', count: 55 }, { fruit: 'plums', count: 43 }] },
  mark: 'bar',
  encoding: { x: { field: 'fruit', type: 'nominal', title: 'Fruit kind' }, y: { field: 'count', type: 'quantitative', title: 'Fruit count' } },
};
// What plotly 5 writes beside the JSON: RequireJS HTML, which needs the network.
const requireHtml = '<div id="x"></div><script>require(["plotly"], function(Plotly) { Plotly.newPlot("x", []); });</script>';

/** Plotly as a JSON-only output (plotly 6), Plotly again, and Vega-Lite beside a text/html fallback. */
const figures = notebook([
  md('# Figures'),
  code('fig.show()', [display({ [PLOTLY]: plotlyFigure })]),
  code('fig.show()', [display({ [PLOTLY]: plotlyFigure, 'text/html': requireHtml, 'text/plain': 'Figure' })]),
  code('chart', [display({ [VEGALITE]: vegaLiteChart, 'text/html': '<div>altair chart needs requirejs</div>', 'text/plain': 'alt.Chart(...)' })]),
]);

async function openInChromium(browser: Browser, html: string) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'nbx-figures-')), 'page.html');
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const tab = await browser.newPage();
  try {
    const consoleErrors: string[] = [];
    tab.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warn') consoleErrors.push(m.text()); });
    tab.on('pageerror', (e) => consoleErrors.push(String(e)));
    const blocked = await blockNetwork(tab, (u) => u === url);
    await tab.goto(url, { waitUntil: 'load', timeout: 60_000 });
    await tab.evaluate('window.nbxFiguresReady');
    const drawn = await tab.evaluate(() => ({
      plotlyLayers: [...document.querySelectorAll('.nbx-plotly')].map((b) => b.querySelectorAll('svg.main-svg').length),
      plotlyTitles: [...document.querySelectorAll('.nbx-plotly .gtitle, .nbx-plotly .xtitle')].map((t) => t.textContent),
      vegaSvgs: [...document.querySelectorAll('.nbx-vega')].map((b) => b.querySelectorAll('svg.marks').length),
      vegaBars: document.querySelectorAll('.nbx-vega .mark-rect path').length,
      vegaText: [...document.querySelectorAll('.nbx-vega svg text')].map((t) => t.textContent),
    }));
    return { ...drawn, consoleErrors, blocked };
  } finally {
    await tab.close();
  }
}

describe('Plotly and Vega-Lite drawn offline in Chromium', { skip: chromeMissing }, () => {
  let browser: Browser;
  before(async () => { browser = await launchChrome(); });
  after(async () => { await browser?.close(); });

  for (const [label, options] of [['HTML', { to: 'html' }], ['slides', { to: 'slides' }]] as [string, ConvertOptions][]) {
    it(`${label}: both Plotly figures and the Vega-Lite chart are drawn; no error, no request`, async () => {
      const r = await convert(figures, options);
      const seen = await openInChromium(browser, r.content as string);
      assert.deepEqual(seen.blocked, []);
      assert.deepEqual(seen.consoleErrors, []);
      assert.equal(seen.plotlyLayers.length, 2);
      for (const layers of seen.plotlyLayers) assert.ok(layers >= 2, `Plotly's SVG layers drawn (${layers})`);
      assert.ok(seen.plotlyTitles.includes('Quarterly sales') && seen.plotlyTitles.includes('Quarter'), seen.plotlyTitles.join('|'));
      assert.deepEqual(seen.vegaSvgs, [1]);
      assert.equal(seen.vegaBars, 3);
      assert.ok(seen.vegaText.includes('Fruit kind') && seen.vegaText.includes('plums'));
    });
  }
});

describe('figure libraries in the page', () => {
  it('each library is inlined once, only in pages that use it; the RequireJS HTML is not used', async () => {
    const p = await page(figures);
    const libs = (doc: typeof p.doc) => $$(doc, 'script[data-nbx-lib]').map((s) => s.attribs['data-nbx-lib']);
    assert.deepEqual(libs(p.doc), ['plotly.js-dist-min', 'vega', 'vega-lite', 'vega-embed']);
    assert.equal(p.html.split('* plotly.js v').length - 1, 1, 'one copy of plotly.js');
    assert.ok(p.warnings.every((w) => !/RequireJS/.test(w.message)), 'the native figure is used, not the RequireJS HTML');
    assert.ok(!p.mainHtml.includes('require(["plotly"]'));
    assert.equal($$(p.main, '.nbx-plotly').length, 2);
    assert.equal($$(p.main, '.nbx-vega').length, 1);
    const plotlyOnly = await page(notebook([code('x', [display({ [PLOTLY]: plotlyFigure })])]));
    assert.deepEqual(libs(plotlyOnly.doc), ['plotly.js-dist-min'], 'no Vega in a Plotly-only page');
    const plain = await page(notebook([md('# Plain'), code('1', [display({ 'text/plain': '1' })])]));
    assert.deepEqual(libs(plain.doc), []);
    assert.ok(!plain.html.includes('nbxFiguresReady'), 'pages without figures carry no library');
  });

  it('--cdn links the pinned libraries instead of inlining them', async () => {
    const p = await page(figures, { cdn: true });
    assert.match(p.html, /<script data-nbx-lib="plotly.js-dist-min" src="https:\/\/cdn\.jsdelivr\.net\/npm\/plotly\.js-dist-min@\d+\.\d+\.\d+\/plotly\.min\.js"><\/script>/);
    assert.match(p.html, /<script data-nbx-lib="vega-embed" src="https:\/\/cdn\.jsdelivr\.net\/npm\/vega-embed@\d+\.\d+\.\d+\/build\/vega-embed\.min\.js"><\/script>/);
    assert.ok(p.html.length < 100_000);
  });

  it('--sanitize draws no figure: the text fallback shows', async () => {
    const p = await page(figures, { sanitize: true });
    assert.equal($$(p.main, '.nbx-figure').length, 0);
    assert.ok(!p.html.includes('nbxFiguresReady'));
    assert.ok(p.mainHtml.includes('altair chart needs requirejs'), 'the fallback beside the chart shows');
  });
});

describe('figures in PDF', { skip: pdfTestsSkipped() }, () => {
  it('the Plotly and Vega-Lite figures are drawn before printing (their axis titles are in the PDF text)', async () => {
    const r = await convert(figures, { to: 'pdf' });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'nbx-figures-pdf-')), 'figures.pdf');
    writeFileSync(file, r.content);
    const text = pdfText(file);
    assert.match(text, /Quarterly sales/);
    assert.match(text, /Fruit kind/);
  });
});
