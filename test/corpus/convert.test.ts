// Every corpus notebook (MANIFEST.tsv, valid and invalid) converts in every
// format: one CLI call per notebook to HTML (exit codes), then one batch in
// all formats, the browser ones included.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { findChrome } from '../../src/browser/chrome.js';
import { repoRoot } from '../helpers.js';
import { checkBatch, FORMAT_EXTENSIONS } from '../helpers-convert.js';
import { corpus } from './corpus.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'nbx-corpus-'));
const nbx = (args: string[]) => {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'nbx.cjs'), ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

let chromeMissing: string | false = false;
try {
  findChrome();
} catch (e) {
  chromeMissing = `no browser: ${(e as Error).message}`;
}

describe('the corpus from the command line', () => {
  it('converts every valid corpus notebook with exit 0; invalid ones convert with warnings or fail in one line', () => {
    const dir = tmp();
    for (const entry of corpus()) {
      const r = nbx(['convert', entry.path, '--to', 'html', '--output-dir', dir]);
      const out = path.join(dir, entry.file.replace(/\.ipynb$/, '.html'));
      if (entry.valid) {
        assert.equal(r.code, 0, `${entry.file}: ${r.stderr}`);
      } else if (r.code === 0) {
        assert.match(r.stderr, /warning/, `${entry.file} is invalid but converted silently`);
      } else {
        assert.equal(r.code, 1, entry.file);
        const errors = r.stderr.split('\n').filter((l) => l && !l.startsWith('nbx: warning'));
        assert.equal(errors.length, 1, `${entry.file}: ${r.stderr}`);
        assert.ok(errors[0]!.includes(entry.file), errors[0]);
        assert.ok(!existsSync(out), `${entry.file}: partial output left`);
      }
      if (r.code === 0) assert.match(readFileSync(out, 'utf8'), /<\/html>\s*$/, entry.file);
    }
  });

  it('every format without a browser, in one batch', () => {
    const formats = Object.keys(FORMAT_EXTENSIONS).filter((f) => !f.includes('pdf'));
    checkBatch(corpus().map((e) => ({ file: e.path, valid: e.valid })), formats);
  });

  it('pdf and slides-pdf, in one batch', { skip: chromeMissing }, () => {
    checkBatch(corpus().map((e) => ({ file: e.path, valid: e.valid })), ['pdf', 'slides-pdf']);
  });
});
