// Issue 17, the fuzz test across classes: hostile notebooks (helpers-fuzz.ts)
// mixed with the file-system ones (images that are links to /proc/self/environ,
// /etc/passwd and a folder outside, hostile file names), converted as a user
// would, by the CLI, in one batch of every text format with --sanitize. Then the
// HTML pages opened in Chromium. Invariants: no stack trace, no file written
// outside the output dir, no secret in any output (plain or base64), no dialog
// or popup and no request in Chromium, bounded time.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { blockNetwork, launchChrome } from '../src/browser/chrome.js';
import { repoRoot } from './helpers.js';
import { chromeMissing } from './helpers-browser.js';
import { generator, hostileNotebook } from './helpers-fuzz.js';

const CASES = 12;
const SECRET = 'nbx-fuzz-secret-7f3a9c';
/** Markdown that points at what must never be read: links out of the notebook's folder. */
const FILE_FRAGMENTS = ['![](env.png)', '![](passwd.svg)', '![](out/secret.png)', '<img src="env.png">', '![](../outside/secret.png)', '<img src="out/secret.png" onerror="alert(1)">'];

/** Every file below `dir` (links not followed), relative. */
function tree(dir: string): string[] {
  const found: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = path.join(rel, entry.name);
      found.push(child);
      if (entry.isDirectory()) walk(child);
    }
  };
  walk('');
  return found.sort();
}

/** The text of a file and of every base64 payload in it. */
function readable(file: string): string {
  const text = readFileSync(file, 'latin1');
  const decoded = [...text.matchAll(/base64,([A-Za-z0-9+/=]{8,})/g)].map((m) => Buffer.from(m[1]!, 'base64').toString('latin1'));
  return [text, ...decoded].join('\n');
}

describe('fuzz: hostile notebooks and files, through the CLI and Chromium', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'nbx-fuzz-files-'));
  const input = path.join(root, 'in');
  const out = path.join(root, 'out');
  let run: ReturnType<typeof spawnSync>;
  let before_: string[];

  before(() => {
    mkdirSync(path.join(root, 'outside'), { recursive: true });
    writeFileSync(path.join(root, 'outside', 'secret.png'), SECRET);
    mkdirSync(input);
    symlinkSync('/proc/self/environ', path.join(input, 'env.png'));
    symlinkSync('/etc/passwd', path.join(input, 'passwd.svg'));
    symlinkSync('../outside', path.join(input, 'out'));
    for (let seed = 1; seed <= CASES; seed++) {
      const { pick } = generator(seed * 7919);
      const { json, stem } = hostileNotebook(seed);
      const nb = JSON.parse(json) as { cells: { cell_type: string; source: string }[] };
      nb.cells.unshift({ cell_type: 'markdown', source: `${pick(FILE_FRAGMENTS)} ${pick(FILE_FRAGMENTS)}`, metadata: {} } as never);
      const name = `${String(seed).padStart(2, '0')}-${stem.replace(/[/\0]/g, '_')}.ipynb`;
      writeFileSync(path.join(input, name), JSON.stringify(nb));
    }
    before_ = tree(root).filter((f) => !f.startsWith('out'));
    run = spawnSync(process.execPath, [path.join(repoRoot, 'bin/nbx.cjs'), 'convert', input, '--to', 'html,markdown,latex,rst,script',
      '--sanitize', '--output-dir', out, '--jobs', '1'], { cwd: root, encoding: 'utf8', env: { ...process.env, NBX_FUZZ_TOKEN: SECRET }, timeout: 300_000 });
  });

  it('every notebook gives outputs or one line; no stack trace; bounded time', () => {
    assert.equal(run.error, undefined, 'finished within the time limit');
    assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}: ${String(run.stderr).slice(-2000)}`);
    assert.doesNotMatch(String(run.stderr), /^\s+at /m, 'no stack trace');
    assert.doesNotMatch(String(run.stderr), /internal error/);
    assert.match(String(run.stderr), /outside the notebook's folder/, 'the linked images were met, and refused');
  });

  it('nothing is written outside the output dir, nothing read from outside the notebooks\' folder', () => {
    assert.deepEqual(tree(root).filter((f) => !f.startsWith('out')), before_, 'files outside out/');
    assert.ok(statSync(out).isDirectory());
    const passwd = readFileSync('/etc/passwd', 'utf8').split('\n')[0]!;
    for (const file of tree(out)) {
      const full = path.join(out, file);
      if (!statSync(full).isFile()) continue;
      const text = readable(full);
      assert.ok(!text.includes(SECRET), `${file}: the secret`);
      assert.ok(!text.includes(passwd), `${file}: /etc/passwd`);
    }
  });

  describe('the --sanitize pages in Chromium', { skip: chromeMissing }, () => {
    let browser: Browser;
    before(async () => { browser = await launchChrome(); });
    after(async () => { await browser?.close(); });

    it('no dialog, no popup, no request', async () => {
      const pages = tree(out).filter((f) => f.endsWith('.html'));
      assert.ok(pages.length >= CASES / 2, `pages: ${pages.length}`);
      let popups = 0;
      browser.on('targetcreated', () => { popups++; });
      for (const file of pages) {
        const url = pathToFileURL(path.join(out, file)).href;
        const page = await browser.newPage();
        popups--; // this one
        let dialogs = 0;
        page.on('dialog', async (d) => { dialogs++; await d.dismiss(); });
        // Local files (a relative <img src=x> the sanitizer keeps) are the viewer's; the network is nbx's concern.
        const blocked = await blockNetwork(page, (u) => u.startsWith('file:') || u.startsWith('data:'));
        await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
        await new Promise((resolve) => setTimeout(resolve, 100)); // timers a payload may set
        await page.close();
        assert.equal(dialogs, 0, `${file}: dialogs`);
        assert.deepEqual(blocked, [], `${file}: requests`);
      }
      assert.equal(popups, 0, 'popups');
    });
  });
});
