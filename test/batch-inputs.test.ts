import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { commonAncestor, compareCodePoints, expandInputs, splitPattern } from '../src/batch/inputs.js';
import { writeNotebooks } from './notebooks/index.js';

/** Relative paths as the user would see them on this platform. */
const p = (...parts: string[]) => path.join(...parts);

describe('expandInputs', () => {
  let cwd: string;
  before(() => {
    cwd = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'nbx-inputs-')));
    for (const file of [
      'top.ipynb',
      'docs/intro.ipynb',
      'docs/Upper.IPYNB',
      'docs/notes.md',
      'docs/.secret.ipynb',
      'docs/.hidden/h.ipynb',
      'docs/a/intro.ipynb',
      'docs/a/b/deep.ipynb',
      'docs/a/.ipynb_checkpoints/intro-checkpoint.ipynb',
      'docs/a/node_modules/pkg/x.ipynb',
      'docs/b/intro.ipynb',
      'only/sub/one.ipynb',
      'empty/readme.txt',
      'odd/results (final).ipynb',
      'odd/[draft].ipynb',
    ]) {
      mkdirSync(path.dirname(path.join(cwd, file)), { recursive: true });
      writeFileSync(path.join(cwd, file), '{}');
    }
  });
  after(() => rmSync(cwd, { recursive: true, force: true }));

  it('a directory: every notebook below it, sorted, skipping checkpoints, node_modules and hidden entries', async () => {
    const r = await expandInputs(['docs'], cwd);
    assert.deepEqual(r.files, [
      p('docs/Upper.IPYNB'),
      p('docs/a/b/deep.ipynb'),
      p('docs/a/intro.ipynb'),
      p('docs/b/intro.ipynb'),
      p('docs/intro.ipynb'),
    ]);
    assert.equal(r.root, path.join(cwd, 'docs'));
    assert.deepEqual(r.empty, []);
  });

  it('a directory is its own root even when all its notebooks are in one subdirectory', async () => {
    const r = await expandInputs(['only'], cwd);
    assert.deepEqual(r.files, [p('only/sub/one.ipynb')]);
    assert.equal(r.root, path.join(cwd, 'only'));
  });

  it("'./docs/' reads as 'docs'", async () => {
    const r = await expandInputs(['./docs/a/b/'], cwd);
    assert.deepEqual(r.files, [p('docs/a/b/deep.ipynb')]);
  });

  it('a recursive glob: notebooks only, same skips, its static base as root', async () => {
    const r = await expandInputs(['docs/**/*.ipynb'], cwd);
    assert.deepEqual(r.files, [p('docs/a/b/deep.ipynb'), p('docs/a/intro.ipynb'), p('docs/b/intro.ipynb'), p('docs/intro.ipynb')]);
    assert.equal(r.root, path.join(cwd, 'docs'));
    const all = await expandInputs(['docs/**'], cwd);
    assert.deepEqual(all.files, [p('docs/Upper.IPYNB'), ...r.files], 'notes.md is not a notebook; .IPYNB is');
  });

  it("'*.ipynb' in cwd: relative names, cwd as root", async () => {
    const r = await expandInputs(['*.ipynb'], cwd);
    assert.deepEqual(r.files, ['top.ipynb']);
    assert.equal(r.root, cwd);
  });

  it('braces and a dynamic middle segment', async () => {
    const r = await expandInputs(['docs/{b,a}/*.ipynb', 'docs/*/b/*.ipynb'], cwd);
    assert.deepEqual(r.files, [p('docs/a/intro.ipynb'), p('docs/b/intro.ipynb'), p('docs/a/b/deep.ipynb')]);
    assert.equal(r.root, path.join(cwd, 'docs'));
  });

  it("a glob reaching out of cwd with '../' still finds cwd's own notebooks (tinyglobby#128)", async () => {
    const r = await expandInputs(['../**/*.ipynb'], path.join(cwd, 'docs/a'));
    assert.deepEqual(r.files, [p('../a/b/deep.ipynb'), p('../a/intro.ipynb'), p('../b/intro.ipynb'), p('../intro.ipynb')]);
    assert.equal(r.root, path.join(cwd, 'docs'));
  });

  it('absolute arguments give absolute paths', async () => {
    const r = await expandInputs([path.join(cwd, 'docs/a'), `${cwd.split(path.sep).join('/')}/docs/b/*.ipynb`], os.tmpdir());
    assert.deepEqual(r.files, [path.join(cwd, 'docs/a/b/deep.ipynb'), path.join(cwd, 'docs/a/intro.ipynb'), path.join(cwd, 'docs/b/intro.ipynb')]);
    assert.equal(r.root, path.join(cwd, 'docs'));
  });

  it('keeps argument order, and the first of duplicates however they are spelled', async () => {
    const r = await expandInputs(['docs/a/intro.ipynb', 'docs/a', './docs/a/intro.ipynb', path.join(cwd, 'docs/a/b/deep.ipynb'), 'top.ipynb'], cwd);
    assert.deepEqual(r.files, [p('docs/a/intro.ipynb'), p('docs/a/b/deep.ipynb'), 'top.ipynb']);
    assert.equal(r.root, cwd);
  });

  it('a missing file or a non-notebook passes through (reported later), without moving the root', async () => {
    const r = await expandInputs(['docs/a/intro.ipynb', 'nowhere/missing.ipynb', 'docs/notes.md'], cwd);
    assert.deepEqual(r.files, [p('docs/a/intro.ipynb'), 'nowhere/missing.ipynb', 'docs/notes.md']);
    assert.equal(r.root, path.join(cwd, 'docs'));
    assert.deepEqual(r.empty, []);
  });

  it('an existing file whose name looks like a glob is a file', async () => {
    const r = await expandInputs(['odd/results (final).ipynb', 'odd/[draft].ipynb'], cwd);
    assert.deepEqual(r.files, ['odd/results (final).ipynb', 'odd/[draft].ipynb']);
  });

  it('a directory or glob matching nothing is reported in `empty`; no files → cwd as root', async () => {
    const r = await expandInputs(['nothing/**/*.ipynb', 'empty', 'docs/*.md'], cwd);
    assert.deepEqual(r.files, []);
    assert.deepEqual(r.empty, ['nothing/**/*.ipynb', 'empty', 'docs/*.md']);
    assert.equal(r.root, cwd);
    assert.deepEqual(await expandInputs([], cwd), { files: [], root: cwd, empty: [] });
  });

  it('an empty argument does not move the root of the others', async () => {
    const r = await expandInputs(['docs/a', 'empty'], cwd);
    assert.equal(r.root, path.join(cwd, 'docs/a'));
    assert.deepEqual(r.empty, ['empty']);
  });

  it('sibling files: their parent is the root', async () => {
    const r = await expandInputs(['docs/a/intro.ipynb', 'docs/b/intro.ipynb'], cwd);
    assert.equal(r.root, path.join(cwd, 'docs'));
    const dirs = await expandInputs(['docs/b', 'docs/a'], cwd);
    assert.deepEqual(dirs.files, [p('docs/b/intro.ipynb'), p('docs/a/b/deep.ipynb'), p('docs/a/intro.ipynb')]);
    assert.equal(dirs.root, path.join(cwd, 'docs'));
  });

  it("'-' (stdin) passes through and has no base", async () => {
    const r = await expandInputs(['-', 'docs/a/intro.ipynb', '-'], cwd);
    assert.deepEqual(r.files, ['-', p('docs/a/intro.ipynb')]);
    assert.equal(r.root, path.join(cwd, 'docs/a'));
  });
});

describe('expandInputs on a folder of notebooks', () => {
  it('finds every notebook, as a directory and as a glob, in code point order', async () => {
    const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'nbx-inputs-generated-')));
    const expected = writeNotebooks(dir).sort(compareCodePoints);
    writeFileSync(path.join(dir, 'notes.txt'), 'not a notebook');
    const found = await expandInputs([dir]);
    assert.deepEqual(found.files, expected);
    assert.equal(found.root, dir);
    const relative = await expandInputs(['*.ipynb'], dir);
    assert.deepEqual(relative.files, expected.map((f) => path.basename(f)));
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('input helpers', () => {
  it('splitPattern: the static base and the rest', () => {
    assert.deepEqual(splitPattern('docs/**/*.ipynb'), { base: 'docs', rest: '**/*.ipynb' });
    assert.deepEqual(splitPattern('*.ipynb'), { base: '.', rest: '*.ipynb' });
    assert.deepEqual(splitPattern('./docs/*.ipynb'), { base: 'docs', rest: '*.ipynb' });
    assert.deepEqual(splitPattern('a/{b,c}/d/*.ipynb'), { base: 'a', rest: '{b,c}/d/*.ipynb' });
    assert.deepEqual(splitPattern('{docs/a,notes}/*.ipynb'), { base: '.', rest: '{docs/a,notes}/*.ipynb' });
    assert.deepEqual(splitPattern('../x/*.ipynb'), { base: path.normalize('../x'), rest: '*.ipynb' });
    if (path.sep === '/') {
      assert.deepEqual(splitPattern('/srv/nb/**/*.ipynb'), { base: '/srv/nb', rest: '**/*.ipynb' });
      assert.deepEqual(splitPattern('/*.ipynb'), { base: '/', rest: '*.ipynb' });
    }
  });

  it('commonAncestor', () => {
    const abs = (s: string) => path.resolve('/', s);
    assert.equal(commonAncestor([]), undefined);
    assert.equal(commonAncestor([abs('x/a')]), abs('x/a'));
    assert.equal(commonAncestor([abs('x/a/b'), abs('x/a/c'), abs('x/a')]), abs('x/a'));
    assert.equal(commonAncestor([abs('x/ab'), abs('x/a')]), abs('x'), 'segments, not characters');
    assert.equal(commonAncestor([abs('x'), abs('y')]), abs('/'));
  });

  it('compareCodePoints orders by code point, not UTF-16 unit', () => {
    assert.deepEqual(['b', 'a/x', 'a.x', 'B'].sort(compareCodePoints), ['B', 'a.x', 'a/x', 'b']);
    // U+1F600 (surrogates D83D DE00) is above U+FF5E, though its first UTF-16 unit is below.
    assert.deepEqual(['\u{1F600}', '\uFF5E'].sort(compareCodePoints), ['\uFF5E', '\u{1F600}']);
    assert.equal(compareCodePoints('ab', 'ab'), 0);
    assert.ok(compareCodePoints('a', 'ab') < 0);
  });
});
