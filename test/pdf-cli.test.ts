// `nbx convert --to pdf` as a user runs it (the built CLI): a missing browser
// is a one-line error, a hanging page ends at --timeout, Ctrl-C or an error
// leave no browser running, and a batch prints its messages in input order.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { inOrder } from '../src/batch/in-order.js';
import { repoRoot } from './helpers.js';
import { code, gone, html, ipynb, md, pdfTestsSkipped, pdfText, processesMatching } from './pdf-helpers.js';

const bin = path.join(repoRoot, 'bin', 'nbx.cjs');
const skip = pdfTestsSkipped();
const tmp = mkdtempSync(path.join(tmpdir(), 'nbx-pdf-cli-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  ms: number;
}

/**
 * Runs the CLI with its own TMPDIR, where the browser's profile goes: a
 * process mentioning that directory is a browser nbx started.
 */
function nbx(args: string[], opts: { env?: NodeJS.ProcessEnv; onStderr?: (text: string, child: ReturnType<typeof spawn>) => void } = {}) {
  const scratch = mkdtempSync(path.join(tmp, 'tmpdir-'));
  const start = Date.now();
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, TMPDIR: scratch, ...opts.env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    opts.onStderr?.(stderr, child);
  });
  const done = new Promise<Run>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stderr, ms: Date.now() - start })));
  return { child, scratch, done };
}

function writeNotebook(name: string, text: string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return file;
}

const hanging = () => writeNotebook('hang.ipynb', ipynb([md('# Hangs'), code('display(HTML(...))', [html('<p>spinning</p><script>while (true) {}</script>')])]));

// A hang fails its test instead of holding up the suite.
describe('nbx convert --to pdf', { timeout: 60_000 }, () => {
  test('no browser: a one-line error that says how to install one, exit 1, no file', async () => {
    const out = mkdtempSync(path.join(tmp, 'out-'));
    const nb = writeNotebook('simple.ipynb', ipynb([md('# Simple')]));
    const run = await nbx(['convert', nb, '--to', 'pdf', '--output-dir', out], { env: { CHROME_PATH: path.join(tmp, 'missing/chromium') } }).done;
    assert.equal(run.code, 1);
    const lines = run.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0]!, /^nbx: no Chrome\/Chromium: CHROME_PATH: no executable file at .*missing\/chromium: install one \(Debian\/Ubuntu: apt-get install chromium\) or set CHROME_PATH=/);
    assert.deepEqual(readdirSync(out), []);
  });

  test('--timeout: a hanging page is stopped with a clear error, the batch goes on, no browser is left', { skip }, async () => {
    const out = mkdtempSync(path.join(tmp, 'out-'));
    const ok = writeNotebook('fine.ipynb', ipynb([md('# Fine'), md('![remote](http://example.invalid/x.png)')]));
    const { scratch, done } = nbx(['convert', hanging(), ok, '--to', 'pdf', '--timeout', '3', '--output-dir', out]);
    const run = await done;
    assert.equal(run.code, 1, run.stderr);
    // In input order, although fine.ipynb finished first.
    assert.deepEqual(run.stderr.trimEnd().split('\n').map((l) => l.replace(/\(\d+(\.\d+)? m?s\)$/, '(time)')), [
      `nbx: ${path.join(tmp, 'hang.ipynb')}: the page did not finish rendering within 3 s and was stopped `
        + '(a script in an output may hang: try --sanitize, or a longer --timeout)',
      `nbx: warning: ${ok}: blocked 1 network request (--allow-network permits them): http://example.invalid/x.png`,
      `converted ${ok} → ${path.join(out, 'fine.pdf')} (time)`,
      '1 converted, 1 failed, 1 warning',
    ]);
    assert.ok(run.ms < 20_000, `ended soon after the timeout (${run.ms} ms)`);
    assert.deepEqual(readdirSync(out), ['fine.pdf']);
    assert.ok(pdfText(path.join(out, 'fine.pdf')).includes('Fine'));
    assert.deepEqual(await gone(scratch), [], 'no browser process left');
    assert.deepEqual(readdirSync(scratch), [], 'browser profile removed');
  });

  test('Ctrl-C while a page renders: exit 130, no browser left', { skip }, async () => {
    let sent = false;
    const { scratch, done, child } = nbx(['convert', hanging(), '--to', 'pdf', '--output-dir', tmp]);
    // Interrupt once the browser runs (its profile is in our TMPDIR).
    const poll = setInterval(() => {
      if (!sent && processesMatching(scratch).length) {
        sent = true;
        setTimeout(() => child.kill('SIGINT'), 500);
      }
    }, 100);
    const run = await done;
    clearInterval(poll);
    assert.ok(sent, 'the browser started');
    assert.equal(run.code, 130, run.stderr);
    assert.deepEqual(await gone(scratch), [], 'no browser process left');
    assert.ok(!existsSync(path.join(tmp, 'hang.pdf')));
  });

  test('a batch uses one browser and writes every PDF', { skip }, async () => {
    const out = mkdtempSync(path.join(tmp, 'out-'));
    const inputs = Array.from({ length: 5 }, (_, i) => writeNotebook(`nb${i}.ipynb`, ipynb([md(`# Notebook ${i}`), code(`print(${i})`)])));
    const launches: string[] = [];
    const { scratch, done } = nbx(['convert', ...inputs, path.join(tmp, 'missing.ipynb'), '--to', 'pdf', '--output-dir', out]);
    // Browsers started over the run: one profile folder each.
    const poll = setInterval(() => {
      for (const name of existsSync(scratch) ? readdirSync(scratch) : []) if (!launches.includes(name)) launches.push(name);
    }, 20);
    const run = await done;
    clearInterval(poll);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^nbx: .*missing\.ipynb: no such file\n5 converted, 1 failed, 0 warnings\n$/m);
    assert.deepEqual(readdirSync(out).sort(), inputs.map((f) => path.basename(f).replace('.ipynb', '.pdf')));
    assert.ok(pdfText(path.join(out, 'nb3.pdf')).includes('Notebook 3'));
    assert.equal(launches.filter((n) => n.startsWith('nbx-chrome-')).length, 1, `one browser for the batch: ${launches}`);
    assert.deepEqual(await gone(scratch), []);
  });
});

describe('inOrder', { timeout: 10_000 }, () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  test('runs up to `limit` tasks at once and reports results in input order', async () => {
    let running = 0;
    let most = 0;
    const seen: number[] = [];
    await inOrder([30, 5, 20, 1, 10, 2], 3, async (ms) => {
      most = Math.max(most, ++running);
      await sleep(ms);
      running--;
      return ms;
    }, (ms) => {
      seen.push(ms);
      return true;
    });
    assert.deepEqual(seen, [30, 5, 20, 1, 10, 2]);
    assert.equal(most, 3);
  });

  test('stops starting tasks when report returns false, and waits for the running ones', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    await inOrder([1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      await sleep(n === 1 ? 5 : 20);
      finished.push(n);
      return n;
    }, (n) => n !== 1);
    assert.deepEqual(started, [1, 2]);
    assert.deepEqual(finished.sort(), [1, 2]);
  });
});
