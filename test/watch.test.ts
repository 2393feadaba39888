// Watch mode on real directories: debounced batches of the notebooks that
// changed, named as the user typed them, never a half-written file, never
// two calls at once, and an abort that ends it all.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { watchNotebooks, type WatchOptions } from '../src/batch/watch.js';

const NOTEBOOK = JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] });

function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'nbx-watch-'));
  for (const [name, content] of Object.entries(files)) write(dir, name, content);
  return dir;
}

function write(dir: string, name: string, content = NOTEBOOK): void {
  mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  writeFileSync(path.join(dir, name), content);
}

/** Starts watching and waits until the watcher is ready; `stop()` aborts and waits for the end. */
async function watching(inputs: string[], cwd: string, options: WatchOptions & { onChange?: (files: string[]) => Promise<void> } = {}) {
  const calls: string[][] = [];
  const controller = new AbortController();
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  const done = watchNotebooks(inputs, async (files) => {
    calls.push(files);
    await options.onChange?.(files);
  }, { debounceMs: 50, cwd, signal: controller.signal, onReady: ready, ...options });
  await Promise.race([isReady, sleep(10_000).then(() => assert.fail('the watcher never got ready'))]);
  return {
    calls,
    done,
    /** Waits until there were `n` calls, then a while longer to catch any extra one. */
    async settle(n: number, quietMs = 400) {
      for (const started = Date.now(); calls.length < n; await sleep(20)) {
        if (Date.now() - started > 10_000) assert.fail(`expected ${n} calls, got ${JSON.stringify(calls)}`);
      }
      await sleep(quietMs);
      return calls;
    },
    async stop() {
      controller.abort();
      await done;
    },
  };
}

describe('watchNotebooks', () => {
  it('a change to a watched file: one call with it, as typed', async () => {
    const dir = tempDir({ 'nb.ipynb': NOTEBOOK, 'other.ipynb': NOTEBOOK });
    const w = await watching(['nb.ipynb'], dir);
    try {
      write(dir, 'nb.ipynb');
      write(dir, 'other.ipynb'); // not watched
      assert.deepEqual(await w.settle(1), [['nb.ipynb']]);
    } finally {
      await w.stop();
    }
  });

  it('several rapid writes, to one notebook or several: one call, each path once', async () => {
    const dir = tempDir({ 'docs/a.ipynb': NOTEBOOK, 'docs/b.ipynb': NOTEBOOK });
    const w = await watching(['docs'], dir, { debounceMs: 250 }); // the writes span ~50-100 ms
    try {
      for (let i = 0; i < 5; i++) {
        write(dir, 'docs/a.ipynb');
        write(dir, 'docs/b.ipynb');
        await sleep(10);
      }
      const calls = await w.settle(1);
      assert.equal(calls.length, 1, JSON.stringify(calls));
      assert.deepEqual(calls[0]!.sort(), [path.join('docs', 'a.ipynb'), path.join('docs', 'b.ipynb')]);
    } finally {
      await w.stop();
    }
  });

  it('a new notebook in a watched directory; not other files, hidden directories or node_modules', async () => {
    const dir = tempDir({ 'docs/old.ipynb': NOTEBOOK });
    const w = await watching([path.join(dir, 'docs')], dir);
    try {
      write(dir, 'docs/notes.txt', 'hello');
      write(dir, 'docs/.ipynb_checkpoints/new-checkpoint.ipynb');
      write(dir, 'docs/node_modules/pkg/x.ipynb');
      write(dir, 'docs/.hidden.ipynb');
      write(dir, 'docs/deeper/new.ipynb');
      assert.deepEqual(await w.settle(1), [[path.join(dir, 'docs', 'deeper', 'new.ipynb')]], 'an absolute input gives absolute paths');
    } finally {
      await w.stop();
    }
  });

  it('a non-notebook file: no call', async () => {
    const dir = tempDir({ 'nb.ipynb': NOTEBOOK });
    const w = await watching(['.'], dir);
    try {
      write(dir, 'nb.html', '<p>output</p>');
      write(dir, 'readme.md', '# hi');
      await sleep(500);
      assert.deepEqual(w.calls, []);
    } finally {
      await w.stop();
    }
  });

  it('globs are matched below their base, to their depth', async () => {
    const dir = tempDir({ 'nb/a.ipynb': NOTEBOOK, 'nb/sub/b.ipynb': NOTEBOOK });
    const w = await watching(['nb/*.ipynb'], dir);
    try {
      write(dir, 'nb/sub/b.ipynb');
      write(dir, 'nb/a.ipynb');
      write(dir, 'nb/c.ipynb');
      const calls = await w.settle(1);
      assert.equal(calls.length, 1, JSON.stringify(calls));
      assert.deepEqual(calls[0]!.sort(), [path.join('nb', 'a.ipynb'), path.join('nb', 'c.ipynb')]);
    } finally {
      await w.stop();
    }
  });

  it('a half-written notebook: exactly one call, once it is complete', async () => {
    const dir = tempDir();
    const contents: string[] = [];
    const w = await watching(['.'], dir, { onChange: async (files) => void contents.push(...files.map((f) => readFileSync(path.join(dir, f), 'utf8'))) });
    try {
      write(dir, 'slow.ipynb', NOTEBOOK.slice(0, 20));
      await sleep(150);
      write(dir, 'slow.ipynb', NOTEBOOK);
      assert.deepEqual(await w.settle(1), [['slow.ipynb']]);
      assert.deepEqual(contents, [NOTEBOOK], 'handed over complete');
    } finally {
      await w.stop();
    }
  });

  it('a notebook that never parses is handed over after settleMs (the converter reports it)', async () => {
    const dir = tempDir();
    const w = await watching(['.'], dir, { settleMs: 300 });
    try {
      const started = Date.now();
      write(dir, 'broken.ipynb', '{"cells": [');
      assert.deepEqual(await w.settle(1), [['broken.ipynb']]);
      assert.ok(Date.now() - started >= 300, 'not before settleMs');
    } finally {
      await w.stop();
    }
  });

  it('calls never overlap: a change during a call goes to the next one', async () => {
    const dir = tempDir({ 'a.ipynb': NOTEBOOK, 'b.ipynb': NOTEBOOK });
    let active = 0;
    let most = 0;
    const w = await watching(['.'], dir, {
      onChange: async () => {
        most = Math.max(most, ++active);
        await sleep(300);
        active--;
      },
    });
    try {
      write(dir, 'a.ipynb');
      for (const started = Date.now(); w.calls.length === 0 && Date.now() - started < 10_000; ) await sleep(10);
      write(dir, 'b.ipynb'); // during the first call
      assert.deepEqual(await w.settle(2, 600), [['a.ipynb'], ['b.ipynb']]);
      assert.equal(most, 1);
    } finally {
      await w.stop();
    }
  });

  it('abort resolves the promise (also when aborted before it starts); a failing onChange rejects it', async () => {
    const dir = tempDir({ 'nb.ipynb': NOTEBOOK });
    const w = await watching(['nb.ipynb'], dir);
    await w.stop(); // resolves
    write(dir, 'nb.ipynb');
    await sleep(200);
    assert.deepEqual(w.calls, [], 'nothing after the abort');
    await watchNotebooks(['nb.ipynb'], async () => {}, { cwd: dir, signal: AbortSignal.abort() });

    const failing = await watching(['nb.ipynb'], dir, { onChange: async () => { throw new Error('boom'); } });
    write(dir, 'nb.ipynb');
    await assert.rejects(failing.done, /boom/);
  });
});
