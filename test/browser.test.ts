// End to end: exported pages opened in headless Chromium, checked as a reader
// would: nothing fails in the console, nothing is fetched from the network,
// every image decodes, math is typeset, and --sanitize lets no script run.
// Notebooks written here; the corpus ones are in corpus/browser.test.ts.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { launchChrome } from '../src/browser/chrome.js';
import { fixture } from './helpers.js';
import { checkPage, checkSanitized, chromeMissing, openExport } from './helpers-browser.js';
import { generated } from './notebooks/index.js';

describe('exported HTML in Chromium', { skip: chromeMissing }, () => {
  let browser: Browser;
  before(async () => { browser = await launchChrome(); });
  after(async () => { await browser?.close(); });

  const notebooks: [string, { math: boolean; images: boolean }][] = [
    [fixture('tour.ipynb'), { math: true, images: true }],
    [generated('math.ipynb'), { math: true, images: false }],
    [generated('attachments.ipynb'), { math: false, images: true }],
    [generated('png-metadata.ipynb'), { math: false, images: true }],
    [generated('ansi.ipynb'), { math: false, images: false }],
    [generated('i18n.ipynb'), { math: false, images: false }],
    [generated('svg.ipynb'), { math: false, images: true }],
    [generated('widgets.ipynb'), { math: false, images: true }],
    [generated('v3.ipynb'), { math: true, images: true }],
  ];
  for (const [file, expect] of notebooks) {
    it(path.basename(file), () => checkPage(browser, file, expect));
  }

  it('--sanitize: no script from the notebook runs (inject, v3, widgets)', async () => {
    for (const name of ['inject.ipynb', 'v3.ipynb', 'widgets.ipynb']) await checkSanitized(browser, generated(name));
  });

  it('without --sanitize, a script in an output runs (as in Jupyter), none from markdown, raw cells, tags or metadata', async () => {
    const r = await openExport(browser, generated('inject.ipynb'));
    assert.equal(r.dialogs, 0, 'no alert() from any payload');
    assert.equal(r.scripts, 1, 'the one <script> of the text/html output');
  });
});
