// Issue 17, browser classes: during --to pdf / slides-pdf a hostile output's
// popups, preconnects and navigations reach nothing (a logger on a local port
// sees no connection), a SIGKILLed nbx leaves no browser nor profile, a huge
// --timeout works, and --sanitize refuses CSS that loads URLs.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { closeBrowser, launchChrome } from '../src/browser/chrome.js';
import { repoRoot } from './helpers.js';
import { code, gone, html, ipynb, md, pdfTestsSkipped, pdfText } from './pdf-helpers.js';

const bin = path.join(repoRoot, 'bin', 'nbx.cjs');
const skip = pdfTestsSkipped();
const root = mkdtempSync(path.join(tmpdir(), 'nbx-hardbrowser-'));

/** Every TCP connection to a local port, and the first line sent on it. */
const seen: string[] = [];
let logger: net.Server;
let port = 0;
before(async () => {
  logger = net.createServer((socket) => {
    seen.push('connection');
    socket.once('data', (d) => seen.push(d.toString().split('\r\n')[0]!));
    socket.on('error', () => {});
    setTimeout(() => socket.destroy(), 200);
  });
  await new Promise<void>((resolve) => logger.listen(0, '127.0.0.1', resolve));
  port = (logger.address() as net.AddressInfo).port;
});
after(() => {
  logger.close();
  rmSync(root, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stderr: string;
  ms: number;
  scratch: string;
}

function nbx(args: string[], onStart?: (child: ReturnType<typeof spawn>, scratch: string) => void): Promise<Run> {
  // Its own TMPDIR: the browser profile goes there, and a process naming it is a browser nbx started.
  const scratch = mkdtempSync(path.join(root, 'tmpdir-'));
  const start = Date.now();
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, TMPDIR: scratch }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  onStart?.(child, scratch);
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stderr, ms: Date.now() - start, scratch })));
}

let n = 0;
function notebooks(cells: Record<string, unknown>[][]): { dir: string; files: string[] } {
  const dir = path.join(root, `nb-${n++}`);
  mkdirSync(dir);
  const files = cells.map((c, i) => {
    const file = path.join(dir, `n${i}.ipynb`);
    writeFileSync(file, ipynb(c));
    return file;
  });
  return { dir, files };
}

const noInternalError = (r: Run) => assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, r.stderr);

describe('PDF reaches no network, whatever the page does', { skip }, () => {
  test('popups, new tabs, preconnect and dns-prefetch: no connection, the batch is clean, the PDF has the text', async () => {
    const url = `http://127.0.0.1:${port}`;
    const hostile = [
      md('# Popups here'),
      code('x', [html(`<link rel="preconnect" href="${url}/preconnect"><link rel="dns-prefetch" href="//localhost:${port}/">`
        + `<p>popup page</p><script>window.open('${url}/popup'); window.open('');`
        + `const a = document.createElement('a'); a.href = '${url}/tab'; a.target = '_blank'; document.body.append(a); a.click();`
        + `const f = document.createElement('iframe'); document.body.append(f); try { f.contentWindow.open('${url}/iframe'); } catch {}</script>`)]),
    ];
    const { files } = notebooks([hostile, [md('# Second notebook')]]);
    seen.length = 0;
    const r = await nbx(['convert', ...files, '--to', 'pdf,slides-pdf', '--timeout', '60']);
    assert.equal(r.code, 0, r.stderr);
    noInternalError(r);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(seen, [], 'the request logger saw traffic');
    assert.match(pdfText(files[0]!.replace(/\.ipynb$/, '.pdf')), /Popups here[\s\S]*popup page/);
    assert.doesNotMatch(r.stderr, /n1\.ipynb: .*blocked/, "the first notebook's popups do not haunt the next one");
    assert.ok(r.ms < 50_000, `slides-pdf waited for its popup (${r.ms} ms)`);
    assert.deepEqual(await gone(r.scratch), [], 'no browser left');
  });

  test('outputs that navigate (meta refresh, location=, reload) give no internal error in a batch, and reach nothing', async () => {
    const url = `http://127.0.0.1:${port}`;
    const { files } = notebooks([
      [code('x', [html(`<meta http-equiv="refresh" content="0; url=${url}/refresh"><p>refresh</p>`)])],
      [code('x', [html(`<p>assign</p><script>location = '${url}/assign';</script>`)])],
      [code('x', [html('<p>reload</p><script>setTimeout(() => location.reload(), 0);</script>')])],
      [code('x', [html("<p>blank</p><script>location.href = 'about:blank';</script>")])],
      [md('# plain')],
    ]);
    seen.length = 0;
    const r = await nbx(['convert', ...files, '--to', 'pdf', '--timeout', '60']);
    noInternalError(r);
    assert.deepEqual(seen, [], 'the request logger saw traffic');
    assert.ok(existsSync(files[4]!.replace(/\.ipynb$/, '.pdf')), 'the plain notebook is converted');
    for (const file of files.slice(0, 2)) assert.ok(existsSync(file.replace(/\.ipynb$/, '.pdf')), `${file}: a blocked navigation does not lose the page`);
  });

  test('--timeout 3000000 does not overflow the timer', async () => {
    const { files } = notebooks([[md('# Long timeout')]]);
    const r = await nbx(['convert', files[0]!, '--to', 'pdf', '--timeout', '3000000']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(pdfText(files[0]!.replace(/\.ipynb$/, '.pdf')), /Long timeout/);
  });

  test('SIGKILL during a PDF batch leaves no browser process and no profile directory', async () => {
    const { files } = notebooks(Array.from({ length: 8 }, (_, i) => [md(`# Notebook ${i}`), code('x', [html('<script>const t = Date.now(); while (Date.now() - t < 1500);</script>')])]));
    const r = await nbx(['convert', ...files, '--to', 'pdf'], (child, scratch) => {
      const timer = setInterval(() => {
        // Killed once the browser runs (its profile exists).
        if (scratch && readdirSync(scratch).some((f) => f.startsWith('nbx-chrome-'))) {
          clearInterval(timer);
          setTimeout(() => child.kill('SIGKILL'), 1500);
        }
      }, 50);
      child.once('close', () => clearInterval(timer));
    });
    assert.equal(r.code, null, 'nbx was killed');
    assert.deepEqual(await gone(r.scratch, 15_000), [], 'a browser outlived nbx');
    const end = Date.now() + 5000;
    while (readdirSync(r.scratch).length && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(readdirSync(r.scratch), [], 'the profile directory is left');
  });
});

describe('--sanitize refuses CSS that loads URLs', { skip }, () => {
  test('-webkit-image-set, image-set and url() in a markdown style load nothing, even in a browser with network', async () => {
    const url = `http://127.0.0.1:${port}`;
    const styles = [`background:-webkit-image-set('${url}/webkit' 1x)`, `background-image:image-set("${url}/set" 1x)`, `background:url(${url}/url)`, 'color: rgb(200, 0, 0)'];
    const { dir, files } = notebooks([[md(styles.map((s) => `<div style="${s.replaceAll('"', '&quot;')}">styled</div>`).join('\n'))]]);
    const r = await nbx(['convert', files[0]!, '--to', 'html', '--sanitize']);
    assert.equal(r.code, 0, r.stderr);
    const page = readFileSync(path.join(dir, 'n0.html'), 'utf8');
    assert.match(page, /color: ?rgb\(200, 0, 0\)/, 'harmless styles stay');
    seen.length = 0;
    const browser = await launchChrome({ allowNetwork: true });
    try {
      const tab = await browser.newPage();
      await tab.goto(pathToFileURL(path.join(dir, 'n0.html')).href, { waitUntil: 'networkidle0' });
    } finally {
      await closeBrowser(browser);
    }
    assert.deepEqual(seen, [], 'the sanitized page loaded a URL');
  });
});
