// `nbx serve`: a listing, notebooks rendered as pages, live reload over
// server-sent events after an edit, traversal refused (raw and %-encoded `..`,
// a symlink out of the folder), and a clear 404.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { serve, type RunningServer } from '../src/serve/server.js';
import { md, notebook } from './html-page-helper.js';

/** A GET with the path sent exactly as written (fetch would normalise `..` away). */
function get(base: string, rawPath: string): Promise<{ status: number; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    http.get({ host: url.hostname, port: url.port, path: rawPath }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('nbx serve', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'nbx-serve-'));
  const dir = path.join(work, 'docs');
  let server: RunningServer;
  before(async () => {
    mkdirSync(path.join(dir, 'sub'), { recursive: true });
    writeFileSync(path.join(dir, 'sub', 'a.ipynb'), notebook([md('# First version')]));
    writeFileSync(path.join(work, 'secret.txt'), 'top secret');
    symlinkSync(path.join(work, 'secret.txt'), path.join(dir, 'link.txt'));
    server = await serve(dir);
  });
  after(async () => { await server?.close(); });

  it('listens on 127.0.0.1, lists folders and renders notebooks', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const root = await get(server.url, '/');
    assert.equal(root.status, 200);
    assert.match(root.body, /href="sub\/"/);
    const sub = await get(server.url, '/sub/');
    assert.match(sub.body, /href="a\.ipynb"/);
    const page = await get(server.url, '/sub/a.ipynb');
    assert.equal(page.status, 200);
    assert.match(page.body, /<h1 id="First-version">First version/);
  });

  it('refuses .. and encoded traversal, and symlinks out of the folder', async () => {
    for (const p of ['/../secret.txt', '/sub/../../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E%2Fsecret.txt', '/sub/%2e%2e/%2e%2e/secret.txt', '/..%5csecret.txt', '/link.txt']) {
      const r = await get(server.url, p);
      assert.equal(r.status, 403, p);
      assert.doesNotMatch(r.body, /top secret/, p);
    }
  });

  it('gives a clear 404 page for a missing file', async () => {
    const r = await get(server.url, '/sub/missing.ipynb');
    assert.equal(r.status, 404);
    assert.match(r.body, /There is no <code>sub\/missing\.ipynb<\/code>/);
  });

  it('tells the page to reload when its notebook changes, and serves the new version', async () => {
    const page = await get(server.url, '/sub/a.ipynb');
    assert.match(page.body, /new EventSource\("\/_nbx\/events"\)/);
    const ctrl = new AbortController();
    const res = await fetch(new URL('/_nbx/events', server.url), { signal: ctrl.signal });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    assert.match((await reader.read()).value ?? '', /connected/);
    // chokidar needs a moment to watch before the edit counts.
    await new Promise((r) => setTimeout(r, 500));
    writeFileSync(path.join(dir, 'sub', 'a.ipynb'), notebook([md('# Second version')]));
    let events = '';
    const deadline = Date.now() + 15_000;
    while (!events.includes('data: sub/a.ipynb') && Date.now() < deadline) {
      const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), 1000))]);
      if (chunk?.value) events += chunk.value;
    }
    ctrl.abort();
    assert.match(events, /data: sub\/a\.ipynb/);
    const again = await get(server.url, '/sub/a.ipynb');
    assert.match(again.body, /Second version/);
  });
});
