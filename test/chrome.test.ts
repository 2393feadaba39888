import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { NbxError } from '../src/errors.js';
import { blockNetwork, findChrome, launchChrome, NO_CHROME_MESSAGE } from '../src/browser/chrome.js';

const tmp = mkdtempSync(join(tmpdir(), 'nbx-chrome-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A fake browser: an executable file at `tmp/rel`. */
function fake(rel: string): string {
  const path = join(tmp, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
  return path;
}

describe('findChrome', () => {
  const flag = fake('flag/chrome');
  const chromePathVar = fake('env/chrome');
  const puppeteerVar = fake('env/puppeteer-chrome');
  const system1 = fake('usr/bin/chromium');
  const system2 = fake('usr/bin/google-chrome');
  const home = join(tmp, 'home');
  fake('home/.cache/puppeteer/chrome/linux-131.0.10.1/chrome-linux64/chrome');
  const newest = fake('home/.cache/puppeteer/chrome/linux-131.0.6778.85/chrome-linux64/chrome');
  fake('home/.cache/puppeteer/chrome/linux-99.0.4844.51/chrome-linux64/chrome');
  const notExecutable = join(tmp, 'usr/bin/not-executable');
  writeFileSync(notExecutable, '');
  const missing = join(tmp, 'missing/chrome');
  const env = { HOME: home, CHROME_PATH: chromePathVar, PUPPETEER_EXECUTABLE_PATH: puppeteerVar };
  const systemPaths = [missing, notExecutable, system1, system2];

  test('takes --chrome first, then CHROME_PATH, then PUPPETEER_EXECUTABLE_PATH', () => {
    assert.equal(findChrome({ chromePath: flag, env, systemPaths }), flag);
    assert.equal(findChrome({ env, systemPaths }), chromePathVar);
    assert.equal(findChrome({ env: { ...env, CHROME_PATH: '' }, systemPaths }), puppeteerVar);
  });

  test('then the first usable install path, then the newest puppeteer browser', () => {
    assert.equal(findChrome({ env: { HOME: home }, systemPaths }), system1);
    assert.equal(findChrome({ env: { HOME: home }, systemPaths: [missing, system2, system1] }), system2);
    assert.equal(findChrome({ env: { HOME: home }, systemPaths: [missing, notExecutable] }), newest);
  });

  test('finds the macOS layout of the puppeteer cache, and honours PUPPETEER_CACHE_DIR', () => {
    const app = 'Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing';
    const mac = fake(`mac-cache/chrome/mac_arm-140.0.7339.0/chrome-mac-arm64/${app}`);
    assert.equal(findChrome({ env: { HOME: home, PUPPETEER_CACHE_DIR: join(tmp, 'mac-cache') }, systemPaths: [] }), mac);
  });

  test('a missing explicit path is a one-line error naming it, with no fallback', () => {
    for (const opts of [{ env: { ...env, CHROME_PATH: missing } }, { chromePath: missing, env }]) {
      assert.throws(
        () => findChrome({ ...opts, systemPaths }),
        (err: unknown) => err instanceof NbxError && err.message.includes(missing) && !err.message.includes('\n'),
      );
    }
    assert.throws(() => findChrome({ env: { ...env, CHROME_PATH: notExecutable }, systemPaths }), /CHROME_PATH.*not-executable/);
  });

  test('nothing found: one-line error that says how to install one', () => {
    assert.throws(
      () => findChrome({ env: { HOME: join(tmp, 'empty-home') }, systemPaths: [missing] }),
      (err: unknown) => err instanceof NbxError && err.message === NO_CHROME_MESSAGE && /apt-get install chromium/.test(err.message),
    );
  });
});

// The real-browser tests need an installed browser (.ci/run installs Debian's chromium).
let noBrowser: string | false = false;
try {
  findChrome();
} catch (err) {
  noBrowser = `no usable browser: ${(err as Error).message}`;
}

/** Command lines of live processes that mention `text` (via /proc: pgrep is not on every machine). */
function processesMatching(text: string): string {
  if (!existsSync('/proc/self/cmdline')) {
    try {
      return execFileSync('pgrep', ['-fa', text], { encoding: 'utf8' }).trim();
    } catch {
      return ''; // pgrep exits 1 when nothing matches
    }
  }
  const found = readdirSync('/proc')
    .filter((pid) => /^\d+$/.test(pid))
    .map((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      } catch {
        return ''; // it ended meanwhile
      }
    });
  return found.filter((cmd) => cmd.includes(text)).join('\n');
}

/** Waits up to `ms` for no process to mention `text` (killed children take a moment). */
async function gone(text: string, ms = 5000): Promise<string> {
  const end = Date.now() + ms;
  let left = processesMatching(text);
  while (left && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    left = processesMatching(text);
  }
  return left;
}

describe('launchChrome', { skip: noBrowser }, () => {
  test('renders a page, blocks the network, and leaves no process or profile behind', async () => {
    const browser = await launchChrome({ timeoutMs: 60_000 });
    const profile = browser.process()?.spawnargs.find((a) => a.startsWith('--user-data-dir='))?.split('=')[1];
    assert.ok(profile && existsSync(profile), 'runs with its own temporary profile');
    try {
      const page = await browser.newPage();
      const blocked = await blockNetwork(page);
      const dot = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
      await page.setContent(`<p>hi</p><img src="${dot}"><img src="http://example.invalid/x.png">`, { waitUntil: 'load' });
      assert.equal(await page.$eval('p', (p) => p.textContent), 'hi');
      assert.deepEqual(blocked, ['http://example.invalid/x.png']);
    } finally {
      await browser.close();
    }
    assert.equal(await gone(profile), '', 'no browser process left');
    assert.ok(!existsSync(profile), 'profile removed');
  });

  test('a browser that does not start in time is killed and its profile removed', async () => {
    const scratch = mkdtempSync(join(tmp, 'tmpdir-'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = scratch; // where launchChrome makes the profile
    try {
      await assert.rejects(launchChrome({ timeoutMs: 1 }), (err: unknown) => err instanceof NbxError && !err.message.includes('\n'));
    } finally {
      process.env.TMPDIR = saved ?? '';
      if (saved === undefined) delete process.env.TMPDIR;
    }
    assert.equal(await gone(scratch), '', 'no browser process left');
    assert.deepEqual(readdirSync(scratch), [], 'profile removed');
  });

  // A child node process launches a browser, prints its profile, then ends
  // without closing it: the browser must not outlive it.
  const launcher = `
    import { launchChrome } from ${JSON.stringify(join(dirname(fileURLToPath(import.meta.url)), '../src/browser/chrome.ts'))};
    const browser = await launchChrome();
    const profile = browser.process().spawnargs.find((a) => a.startsWith('--user-data-dir=')).split('=')[1];
    console.log(profile);
    if (process.argv.includes('exit')) process.stdin.once('data', () => process.exit(0)); // once the test saw the browser
    setInterval(() => {}, 1000); // wait for a signal
  `;
  for (const how of ['exit', 'SIGTERM', 'SIGINT'] as const) {
    test(`the browser does not outlive node (${how})`, async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', launcher, how], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      const profile = await new Promise<string>((resolve, reject) => {
        child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
        child.once('exit', (code) => reject(new Error(`launcher exited with ${code} before printing`)));
      });
      assert.ok(processesMatching(profile), 'browser started');
      if (how === 'exit') child.stdin.write('go\n');
      else child.kill(how);
      const [code, signal] = await new Promise<[number | null, string | null]>((resolve) =>
        child.exitCode === null ? child.once('exit', (c, s) => resolve([c, s])) : resolve([child.exitCode, null]),
      );
      assert.deepEqual([code, signal], [{ exit: 0, SIGTERM: 143, SIGINT: 130 }[how], null], 'node exits as for the signal');
      assert.equal(await gone(profile), '', 'no browser process left');
      assert.ok(!existsSync(profile), 'profile removed');
    });
  }
});
