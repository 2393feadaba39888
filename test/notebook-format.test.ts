// --to notebook and --clear-output write what `jupyter nbconvert` writes, byte for
// byte (recordings in test/fixtures/notebook/, made by test/record-notebook-fixtures.ts),
// and what nbformat accepts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { convert } from '../src/index.js';
import { writeNotebookJson } from '../src/formats/notebook/nbformat-json.js';

const fixtures = path.join(import.meta.dirname, 'fixtures', 'notebook');
const fixture = (name: string) => path.join(fixtures, name);
const read = (name: string) => readFileSync(fixture(name), 'utf8');
const bin = path.join(import.meta.dirname, '..', 'bin', 'nbx.cjs');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'nbx-nbformat-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const nbx = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: tmp });
const text = async (file: string, options: Record<string, unknown> = {}) => String((await convert(file, { to: 'notebook', ...options })).content);

for (const name of ['rich', 'cleared']) {
  test(`--to notebook writes nbconvert's bytes: ${name}`, async () => {
    assert.equal(await text(fixture(`${name}.ipynb`)), read(`${name}.nbconvert.ipynb`));
  });
  test(`--clear-output writes nbconvert's bytes: ${name}`, async () => {
    assert.equal(await text(fixture(`${name}.ipynb`), { clearOutput: true }), read(`${name}.cleared.ipynb`));
  });
}

test('notebooks nbconvert executed and wrote come back byte for byte', () => {
  const dir = path.join(import.meta.dirname, 'fixtures', 'execute');
  const files = readdirSync(dir).filter((f) => f.endsWith('.expected.ipynb'));
  assert.ok(files.length >= 3);
  for (const f of files) {
    const original = readFileSync(path.join(dir, f), 'utf8');
    assert.equal(writeNotebookJson(JSON.parse(original)), original, f);
  }
});

const withoutIds = (nb: { cells: Record<string, unknown>[] }) => ({ ...nb, cells: nb.cells.map(({ id: _, ...rest }) => rest) });

test('an nbformat 3 notebook is upgraded as nbconvert upgrades it, with ids that do not change between runs', async () => {
  const ours = JSON.parse(await text(fixture('v3.ipynb')));
  const theirs = JSON.parse(read('v3.nbconvert.ipynb'));
  assert.deepEqual(withoutIds(ours), withoutIds(theirs));
  assert.deepEqual(ours.cells.map((c: { id: string }) => c.id), ['cell-0', 'cell-1', 'cell-2']);
  assert.equal(await text(fixture('v3.ipynb')), await text(fixture('v3.ipynb')));
});

test('an nbformat 4.4 notebook becomes 4.5: ids added, duplicates and bad ids repaired, the rest kept', async () => {
  const nb = {
    nbformat: 4, nbformat_minor: 4, metadata: { anything: { kept: [1, 'two'] } },
    cells: [
      { cell_type: 'markdown', metadata: {}, source: 'a' },
      { cell_type: 'markdown', id: 'same', metadata: {}, source: 'b' },
      { cell_type: 'markdown', id: 'same', metadata: {}, source: 'c' },
      { cell_type: 'markdown', id: 'not valid!', metadata: { trusted: true }, source: 'd' },
    ],
  };
  const out = JSON.parse(String((await convert(JSON.stringify(nb), { to: 'notebook' })).content));
  assert.equal(out.nbformat_minor, 5);
  assert.deepEqual(out.cells.map((c: { id: string }) => c.id), ['cell-0', 'same', 'same-2', 'cell-3']);
  assert.deepEqual(out.metadata, { anything: { kept: [1, 'two'] } });
  assert.deepEqual(out.cells[3].metadata, {}, 'trusted is dropped, as nbformat does');
});

test("nbformat accepts what --to notebook writes (python3 -c 'nbformat.validate(nbformat.read(f, 4))')", async () => {
  const files: string[] = [];
  for (const name of ['rich', 'cleared', 'v3']) {
    const file = path.join(tmp, `${name}.out.ipynb`);
    writeFileSync(file, await text(fixture(`${name}.ipynb`)));
    files.push(file);
  }
  const check = 'import sys, nbformat\nfor f in sys.argv[1:]:\n    nbformat.validate(nbformat.read(f, 4))\nprint("ok")';
  const r = spawnSync('/usr/bin/python3', ['-c', check, ...files], { encoding: 'utf8' });
  assert.equal(r.stderr, '');
  assert.equal(r.stdout.trim(), 'ok');
});

test('CLI: nbconvert\'s names; --clear-output alone overwrites the notebook; --inplace only with --to notebook', () => {
  copyFileSync(fixture('cleared.ipynb'), path.join(tmp, 'nb.ipynb'));
  let r = nbx('convert', 'nb.ipynb', '--to', 'notebook');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(path.join(tmp, 'nb.nbconvert.ipynb'), 'utf8'), read('cleared.nbconvert.ipynb'));
  r = nbx('convert', 'nb.ipynb', '--to', 'ipynb', '-o', 'named');
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(path.join(tmp, 'named.ipynb')));

  // Widget state describes outputs: it goes with them.
  const nb = JSON.parse(read('cleared.ipynb'));
  nb.metadata.widgets = { 'application/vnd.jupyter.widget-state+json': { state: {}, version_major: 2, version_minor: 0 } };
  writeFileSync(path.join(tmp, 'nb.ipynb'), JSON.stringify(nb));
  r = nbx('convert', 'nb.ipynb', '--clear-output');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(path.join(tmp, 'nb.ipynb'), 'utf8'), read('cleared.cleared.ipynb'));
  r = nbx('convert', 'nb.ipynb', '--clear-output', '--inplace');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(path.join(tmp, 'nb.ipynb'), 'utf8'), read('cleared.cleared.ipynb'));
  assert.deepEqual(readdirSync(tmp).filter((f) => f.includes('.tmp')), [], 'written atomically: no temp file left');

  r = nbx('convert', 'nb.ipynb', '--inplace', '--to', 'html');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^nbx: --inplace overwrites the notebooks: it goes with --to notebook only\n$/);
});
