// `nbx site` end to end: a generated folder of 20 notebooks in nested folders,
// built through the CLI entry, then read in headless Chromium from file:// as
// a reader would: every page reachable by the sidebar and by prev/next, no
// broken internal link (a crawler checks files and #fragments), no console
// error, no network request; search, cross-notebook links, dark mode, copy.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { blockNetwork, findChrome, launchChrome } from '../src/browser/chrome.js';
import { main } from '../src/cli/main.js';
import { CODE_ONLY_PAGE, CODE_ONLY_WORD, writeSiteFolder } from './site-fixture.js';

let chromeMissing: string | false = false;
try {
  findChrome();
} catch (e) {
  chromeMissing = `no browser: ${(e as Error).message}`;
}

const work = mkdtempSync(path.join(tmpdir(), 'nbx-site-'));
const src = path.join(work, 'docs');
const out = path.join(work, 'site');
const rootUrl = pathToFileURL(out + path.sep).href;
let exitCode = -1;

interface Visit { consoleErrors: string[]; blocked: string[] }

async function open(browser: Browser, url: string, visit: Visit): Promise<Page> {
  const page = await browser.newPage();
  page.on('console', (m) => { if (m.type() === 'error') visit.consoleErrors.push(`${url}: ${m.text()}`); });
  page.on('pageerror', (e) => visit.consoleErrors.push(`${url}: ${String(e)}`));
  visit.blocked.push(...await blockNetwork(page, (u) => u.startsWith(rootUrl)));
  await page.goto(url, { waitUntil: 'load' });
  return page;
}

const htmlFiles = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.html')).map((f) => f.split(path.sep).join('/')).sort();

describe('nbx site in Chromium (file://)', { skip: chromeMissing }, () => {
  let browser: Browser;
  before(async () => {
    writeSiteFolder(src, { broken: true });
    exitCode = await main(['node', 'nbx', 'site', src, '--output-dir', out, '--base-url', 'https://example.org/docs/', '--quiet']);
    browser = await launchChrome();
  });
  after(async () => { await browser?.close(); });

  it('exits 1 for the broken notebook, which gets a page saying so', () => {
    assert.equal(exitCode, 1);
    const broken = readFileSync(path.join(out, 'part2/broken.html'), 'utf8');
    assert.match(broken, /could not be converted/);
    assert.match(broken, /not valid JSON/);
  });

  it('writes shared assets once, hashed, and pages link rather than inline them', () => {
    const statics = readdirSync(path.join(out, '_static'));
    assert.ok(statics.some((f) => /^nbx\.[0-9a-f]{10}\.css$/.test(f)), statics.join(' '));
    const page = readFileSync(path.join(out, 'part1/nb00.html'), 'utf8');
    assert.doesNotMatch(page, /<style/);
    assert.match(page, /href="\.\.\/_static\/nbx\.[0-9a-f]{10}\.css"/);
  });

  it('writes sitemap.xml with every page under --base-url', () => {
    const map = readFileSync(path.join(out, 'sitemap.xml'), 'utf8');
    for (const file of htmlFiles(out)) assert.ok(map.includes(`<loc>https://example.org/docs/${file}</loc>`), file);
  });

  it('reaches every page by the sidebar and by prev/next, with no broken link, console error or request', async () => {
    const visit: Visit = { consoleErrors: [], blocked: [] };
    const all = htmlFiles(out);
    assert.equal(all.length, 22); // index + 20 notebooks + the broken one
    // Crawl: every internal link must name an existing file, and its #fragment an element there.
    const seen = new Set<string>();
    const queue = ['index.html'];
    const broken: string[] = [];
    while (queue.length) {
      const rel = queue.shift()!;
      if (seen.has(rel)) continue;
      seen.add(rel);
      const page = await open(browser, rootUrl + rel, visit);
      const links = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
      await page.close();
      for (const href of links) {
        assert.ok(href.startsWith('file:'), `${rel}: external link ${href}`);
        const url = new URL(href);
        const file = fileURLToPath(url);
        if (!existsSync(file)) { broken.push(`${rel} → ${href}`); continue; }
        const target = path.relative(out, file).split(path.sep).join('/');
        if (url.hash) {
          const id = decodeURIComponent(url.hash.slice(1));
          if (!readFileSync(file, 'utf8').includes(`id="${id}"`)) broken.push(`${rel} → ${href} (no such id)`);
        }
        if (target.endsWith('.html')) queue.push(target);
      }
    }
    assert.deepEqual(broken, []);
    assert.deepEqual([...seen].sort(), all);
    // Next from the index, to the end: every page once, in sidebar order.
    const order: string[] = [];
    let page = await open(browser, rootUrl + 'index.html', visit);
    const sidebar = await page.$$eval('.nbx-sidebar a', (as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (;;) {
      order.push(page.url());
      const next = await page.$('a.nbx-next');
      if (!next) break;
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), next.click()]);
    }
    await page.close();
    assert.deepEqual(order, sidebar);
    assert.equal(order.length, all.length);
    // And back with prev from the last page.
    page = await open(browser, order.at(-1)!, visit);
    let back = 1;
    for (let prev = await page.$('a.nbx-prev'); prev; prev = await page.$('a.nbx-prev')) {
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), prev.click()]);
      back++;
    }
    assert.equal(page.url(), rootUrl + 'index.html');
    await page.close();
    assert.equal(back, all.length);
    assert.deepEqual(visit.consoleErrors, []);
    assert.deepEqual(visit.blocked, []);
  });

  it('finds a word that only one notebook has in its code', async () => {
    const visit: Visit = { consoleErrors: [], blocked: [] };
    const page = await open(browser, rootUrl + 'part1/sub/nb01.html', visit);
    await page.type('#nbx-search', CODE_ONLY_WORD);
    const hits = await page.$$eval('#nbx-search-results a', (as) => as.map((a) => (a as HTMLAnchorElement).href));
    assert.deepEqual(hits, [rootUrl + CODE_ONLY_PAGE]);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#nbx-search-results a')]);
    assert.ok((await page.content()).includes(CODE_ONLY_WORD));
    await page.close();
    assert.deepEqual(visit.consoleErrors, []);
  });

  it('follows a cross-notebook link to the right heading', async () => {
    const visit: Visit = { consoleErrors: [], blocked: [] };
    const page = await open(browser, rootUrl + 'part1/nb00.html', visit);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('a[href$="nb07.html#Setup-7"]')]);
    assert.equal(page.url(), rootUrl + 'part2/deep/nb07.html#Setup-7');
    const heading = await page.$eval(':target', (el) => ({ tag: el.tagName, text: el.textContent, top: el.getBoundingClientRect().top, height: innerHeight }));
    assert.equal(heading.tag, 'H2');
    assert.match(heading.text ?? '', /^Setup 7/);
    assert.ok(heading.top >= 0 && heading.top < heading.height, `heading scrolled into view (top ${heading.top})`);
    await page.close();
  });

  it('toggles dark mode, following the system preference first', async () => {
    const visit: Visit = { consoleErrors: [], blocked: [] };
    const page = await open(browser, rootUrl + 'part1/nb00.html', visit);
    const state = () => page.evaluate(() => ({
      dark: document.body.classList.contains('nbx-theme-dark'),
      bg: getComputedStyle(document.body).backgroundColor,
    }));
    const light = await state();
    assert.equal(light.dark, false);
    await page.click('#nbx-theme-toggle');
    const dark = await state();
    assert.equal(dark.dark, true);
    assert.notEqual(dark.bg, light.bg);
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    await page.evaluate(() => localStorage.clear());
    await page.reload({ waitUntil: 'load' });
    assert.equal((await state()).dark, true);
    await page.close();
  });

  it('copies a code cell with its copy button', async () => {
    const visit: Visit = { consoleErrors: [], blocked: [] };
    const page = await browser.newPage();
    // A string, not a function: tsx would compile a function with helpers the page lacks.
    await page.evaluateOnNewDocument(`window.copied = [];
      Object.defineProperty(navigator, 'clipboard', { value: { writeText: async (t) => { window.copied.push(t); } } });`);
    page.on('pageerror', (e) => visit.consoleErrors.push(String(e)));
    await page.goto(rootUrl + CODE_ONLY_PAGE, { waitUntil: 'load' });
    await page.click('.jp-CodeCell .nbx-copy');
    await page.waitForFunction(() => document.querySelector('.nbx-copy')?.textContent !== 'Copy', { timeout: 5000 });
    const copied = await page.evaluate(() => (window as unknown as { copied: string[] }).copied);
    assert.deepEqual(copied, [`${CODE_ONLY_WORD} = 3\nprint(${CODE_ONLY_WORD})`]);
    assert.equal(await page.$eval('.jp-CodeCell .nbx-copy', (b) => b.textContent), 'Copied');
    await page.close();
    assert.deepEqual(visit.consoleErrors, []);
  });
});
