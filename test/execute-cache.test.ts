// The execution cache and --execute=auto, with a stand-in for the kernel (the
// end-to-end runs with a real kernel are in test/execute-cli.test.ts).
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { runNotebookJson } from '../src/execute/pipeline.js';
import type { ExecuteNotebook, NotebookJson } from '../src/execute/types.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'nbx-cache-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs "code": every code cell's output is its source upper-cased; counts its runs. */
function fakeKernel() {
  const runs: string[] = [];
  const execute: ExecuteNotebook = async (nb, options) => {
    runs.push(options.cwd);
    let n = 0;
    const cells = nb.cells.map((c) => c.cell_type !== 'code' ? c : {
      ...c, execution_count: ++n, outputs: [{ output_type: 'stream', name: 'stdout', text: String(c.source).toUpperCase() }],
    });
    return { ...nb, metadata: { ...nb.metadata, language_info: { name: 'python' } }, cells };
  };
  return { runs, executor: async () => execute };
}

const nb = (sources: string[], markdown = 'text'): NotebookJson => ({
  nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: 'python3' } },
  cells: [{ cell_type: 'markdown', id: 'm', metadata: {}, source: markdown }, ...sources.map((source, i) => ({ cell_type: 'code', id: `c${i}`, metadata: {}, source, outputs: [], execution_count: null }))],
});

test('a hit restores the outputs without a kernel; a code edit misses; markdown edits and another directory still hit', async () => {
  const cache = path.join(tmp, 'c1');
  const kernel = fakeKernel();
  const first = await runNotebookJson(nb(['a = 1', 'print(a)']), '/work/one', { execute: true, cache }, {}, kernel.executor);
  assert.equal(first.status, 'executed');
  assert.deepEqual(kernel.runs, ['/work/one']);

  const hit = await runNotebookJson(nb(['a = 1', 'print(a)'], 'other words'), '/elsewhere', { execute: true, cache }, {}, kernel.executor);
  assert.equal(hit.status, 'cached');
  assert.equal(kernel.runs.length, 1, 'no kernel started');
  assert.deepEqual(hit.json.cells.slice(1), first.json.cells.slice(1));
  assert.equal(hit.json.cells[0]!.source, 'other words');
  assert.deepEqual(hit.json.metadata.language_info, { name: 'python' });

  const edited = await runNotebookJson(nb(['a = 2', 'print(a)']), '/work/one', { execute: true, cache }, {}, kernel.executor);
  assert.equal(edited.status, 'executed');
  assert.equal(kernel.runs.length, 2);
  // Other parameters, kernel or --allow-errors: other entries.
  for (const options of [{ parameters: { x: 1 } }, { kernel: 'other' }, { allowErrors: true }]) {
    const r = await runNotebookJson(nb(['a = 1', 'print(a)']), '/w', { execute: true, cache, ...options }, {}, kernel.executor);
    assert.equal(r.status, 'executed', JSON.stringify(options));
  }
  assert.deepEqual(readdirSync(cache, { recursive: true }).filter((f) => String(f).endsWith('.tmp')), [], 'no temp file left');
});

test('a damaged cache entry is a miss, and is replaced', async () => {
  const cache = path.join(tmp, 'c2');
  const kernel = fakeKernel();
  await runNotebookJson(nb(['x']), '/d', { execute: true, cache }, {}, kernel.executor);
  const [sub] = readdirSync(cache);
  const [entry] = readdirSync(path.join(cache, sub!));
  const { writeFileSync } = await import('node:fs');
  writeFileSync(path.join(cache, sub!, entry!), '{"format": 1, "cells": [');
  assert.equal((await runNotebookJson(nb(['x']), '/d', { execute: true, cache }, {}, kernel.executor)).status, 'executed');
  assert.equal((await runNotebookJson(nb(['x']), '/d', { execute: true, cache }, {}, kernel.executor)).status, 'cached');
});

test('--execute=auto runs only notebooks with code and no outputs', async () => {
  const kernel = fakeKernel();
  assert.equal((await runNotebookJson(nb(['x']), '/d', { execute: 'auto' }, {}, kernel.executor)).status, 'executed');
  const withOutputs = nb(['x', 'y']);
  withOutputs.cells[1]!.outputs = [{ output_type: 'stream', name: 'stdout', text: 'old' }];
  const kept = await runNotebookJson(withOutputs, '/d', { execute: 'auto' }, {}, kernel.executor);
  assert.equal(kept.status, 'as-is');
  assert.equal(kept.json, withOutputs, 'exported as it is');
  assert.equal((await runNotebookJson(nb([]), '/d', { execute: 'auto' }, {}, kernel.executor)).status, 'as-is');
  assert.equal((await runNotebookJson(nb(['  ']), '/d', { execute: 'auto' }, {}, kernel.executor)).status, 'as-is');
  // --clear-output first: then there are no outputs, and auto runs it.
  assert.equal((await runNotebookJson(withOutputs, '/d', { execute: 'auto', clearOutput: true }, {}, kernel.executor)).status, 'executed');
  assert.equal(kernel.runs.length, 2);
});
