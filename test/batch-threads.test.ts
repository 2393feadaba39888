import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { BYTES_PER_THREAD, defaultJobs } from '../src/batch/threads.js';

describe('threads of a batch without --jobs', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nbx-threads-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const notebooks = (n: number, bytes: number) =>
    Array.from({ length: n }, (_, i) => {
      const name = `nb${bytes}-${i}.ipynb`;
      writeFileSync(path.join(dir, name), Buffer.alloc(bytes, 32));
      return name;
    });

  it('a small batch (20 notebooks of 80 KB) stays in one thread, whatever the cores', () => {
    const files = notebooks(20, 80_000);
    assert.equal(defaultJobs(files, dir, 2), 1);
    assert.equal(defaultJobs(files, dir, 16), 1);
  });
  it('one thread per BYTES_PER_THREAD of notebooks, at most one per core', () => {
    const files = notebooks(5, BYTES_PER_THREAD / 2);
    assert.equal(defaultJobs(files, dir, 8), 3);
    assert.equal(defaultJobs(files, dir, 2), 2);
    assert.equal(defaultJobs(files, dir, 1), 1);
  });
  it('stdin and unreadable inputs count as nothing (their conversion reports them)', () => {
    assert.equal(defaultJobs(['-', 'missing.ipynb'], dir, 4), 1);
  });
});
