import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isUpToDate } from '../src/batch/changed.js';
import { outputPath, outputStem } from '../src/batch/layout.js';
import { parseShard, selectShard, type Shard } from '../src/batch/shard.js';
import { NbxError } from '../src/errors.js';

const cwd = path.resolve('/', 'work', 'proj');
const at = (...parts: string[]) => path.join(cwd, ...parts);

describe('outputPath', () => {
  const root = at('docs');

  it('beside the input by default, with the format extension replacing .ipynb (any case)', () => {
    assert.equal(outputPath('docs/a/intro.ipynb', '.html', { root, cwd }), at('docs/a/intro.html'));
    assert.equal(outputPath('Shout.IPYNB', '.pdf', { root, cwd }), at('Shout.pdf'));
    assert.equal(outputPath('data.json', '.html', { root, cwd }), at('data.json.html'), 'only .ipynb is dropped');
    assert.equal(outputPath(at('x/nb.ipynb'), '.tex', { root, cwd: '/elsewhere' }), at('x/nb.tex'));
  });

  it('--output-dir mirrors the tree below the root, so same-named notebooks do not collide', () => {
    const options = { root, cwd, outputDir: 'out' };
    assert.equal(outputPath('docs/a/intro.ipynb', '.html', options), at('out/a/intro.html'));
    assert.equal(outputPath('docs/b/intro.ipynb', '.html', options), at('out/b/intro.html'));
    assert.equal(outputPath('docs/top.ipynb', '.html', options), at('out/top.html'));
    assert.equal(outputPath(at('docs/a/intro.ipynb'), '.html', options), at('out/a/intro.html'), 'absolute input');
    assert.equal(outputPath('docs/a/intro.ipynb', '.html', { ...options, outputDir: '/abs/out' }), path.resolve('/abs/out/a/intro.html'));
    assert.equal(outputPath('intro.ipynb', '.md', { root: at('docs'), cwd: at('docs'), outputDir: '../site' }), at('site/intro.md'));
  });

  it('an input outside the root falls back to its name in the output directory', () => {
    assert.equal(outputPath('other/x.ipynb', '.html', { root, cwd, outputDir: 'out' }), at('out/x.html'));
    assert.equal(outputPath('docs-old/x.ipynb', '.html', { root, cwd, outputDir: 'out' }), at('out/x.html'));
    assert.equal(outputPath('docs/..notes/x.ipynb', '.html', { root, cwd, outputDir: 'out' }), at('out/..notes/x.html'), "'..notes' is a name");
  });

  it('--output: that name, the extension added when missing, beside the input or in --output-dir (as nbconvert)', () => {
    assert.equal(outputPath('docs/a/intro.ipynb', '.html', { root, cwd, output: 'page' }), at('docs/a/page.html'));
    assert.equal(outputPath('docs/a/intro.ipynb', '.html', { root, cwd, output: 'page.htm' }), at('docs/a/page.htm'));
    assert.equal(outputPath('docs/a/intro.ipynb', '.html', { root, cwd, output: 'page', outputDir: 'out' }), at('out/page.html'));
    assert.equal(outputPath('docs/a/intro.ipynb', '.html', { root, cwd, output: 'site/page', outputDir: 'out' }), at('out/site/page.html'));
    assert.equal(outputPath('docs/a/intro.ipynb', '.html', { root, cwd, output: at('abs/page') }), at('abs/page.html'));
    assert.equal(outputPath('-', '.pdf', { root, cwd, output: 'report' }), at('report.pdf'));
  });

  it("stdin '-' is 'notebook' in the output directory or cwd", () => {
    assert.equal(outputStem('-'), 'notebook');
    assert.equal(outputPath('-', '.html', { root, cwd, outputDir: 'out' }), at('out/notebook.html'));
    assert.equal(outputPath('-', '.html', { root, cwd }), at('notebook.html'));
  });
});

describe('shards', () => {
  it('parseShard reads i/n', () => {
    assert.deepEqual(parseShard('2/3'), { index: 2, count: 3 });
    assert.deepEqual(parseShard(' 1 / 1 '), { index: 1, count: 1 });
    assert.deepEqual(parseShard('10/10'), { index: 10, count: 10 });
  });

  it('parseShard rejects anything else with a one-line usage error', () => {
    for (const bad of ['5/4', '0/3', '1/0', '2', '', 'a/b', '-1/3', '1.5/3', '2/3/4', '1/99999999999999999999']) {
      assert.throws(() => parseShard(bad), (e: unknown) => {
        assert.ok(e instanceof NbxError);
        assert.equal(e.exitCode, 2);
        assert.equal(e.message, `shard must be i/n with 1 ≤ i ≤ n, e.g. 2/4 (got ${JSON.stringify(bad)})`);
        return true;
      }, bad);
    }
  });

  const lists: string[][] = [
    [],
    ['a.ipynb'],
    ['docs/a.ipynb', 'docs/b.ipynb', 'docs/c/d.ipynb'],
    Array.from({ length: 17 }, (_, i) => `nb/${String.fromCharCode(97 + ((i * 7) % 26))}${i}.ipynb`),
    ['z.ipynb', 'y/x.ipynb', 'y.ipynb', 'é.ipynb', '\u{1F600}.ipynb', '\uFF5E.ipynb', 'A.ipynb', 'a b.ipynb'],
  ];
  const shards = (files: readonly string[], count: number, root = cwd, dir = cwd) =>
    Array.from({ length: count }, (_, i) => selectShard(files, { index: i + 1, count }, root, dir));

  it('every input lands in exactly one shard; sizes differ by at most one; input order is kept', () => {
    for (const files of lists) {
      for (let count = 1; count <= 5; count++) {
        const parts = shards(files, count);
        assert.deepEqual(parts.flat().sort(), [...files].sort(), `${count} shards of ${files.length}`);
        const sizes = parts.map((s) => s.length);
        assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `sizes ${sizes}`);
        for (const part of parts) assert.deepEqual(part, files.filter((f) => part.includes(f)), 'original order');
      }
    }
  });

  it('the split does not depend on argument order', () => {
    for (const files of lists) {
      const reversed = [...files].reverse();
      const rotated = [...files.slice(2), ...files.slice(0, 2)];
      for (let count = 1; count <= 5; count++) {
        const expected = shards(files, count).map((s) => [...s].sort());
        assert.deepEqual(shards(reversed, count).map((s) => [...s].sort()), expected);
        assert.deepEqual(shards(rotated, count).map((s) => [...s].sort()), expected);
      }
    }
  });

  it('the split does not depend on the directory nbx runs in, nor on absolute vs relative paths', () => {
    const root = at('docs');
    const fromProject = ['docs/b.ipynb', 'docs/a/x.ipynb', 'docs/c.ipynb', 'docs/a.ipynb'];
    const fromDocs = ['b.ipynb', 'a/x.ipynb', 'c.ipynb', 'a.ipynb'];
    const absolute = fromDocs.map((f) => path.join(root, f));
    for (let count = 1; count <= 4; count++) {
      const a = shards(fromProject, count, root, cwd).map((s) => s.map((f) => path.resolve(cwd, f)));
      const b = shards(fromDocs, count, root, root).map((s) => s.map((f) => path.resolve(root, f)));
      const c = shards(absolute, count, root, '/somewhere/else');
      assert.deepEqual(a, b);
      assert.deepEqual(a, c);
    }
  });

  it('deals round-robin in code point order of the path below the root', () => {
    const files = ['c.ipynb', 'a/z.ipynb', 'a.ipynb', 'b.ipynb'];
    // sorted: a.ipynb, a/z.ipynb ('.' < '/'), b.ipynb, c.ipynb
    const shard = (index: number): string[] => selectShard(files, { index, count: 2 } satisfies Shard, cwd, cwd);
    assert.deepEqual(shard(1), ['a.ipynb', 'b.ipynb']);
    assert.deepEqual(shard(2), ['c.ipynb', 'a/z.ipynb']);
  });
});

describe('isUpToDate', () => {
  let dir: string;
  const file = (name: string, mtime?: number) => {
    const f = path.join(dir, name);
    writeFileSync(f, name);
    if (mtime !== undefined) utimesSync(f, mtime, mtime);
    return f;
  };
  before(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'nbx-changed-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('true when every output is as new as the input or newer', () => {
    const nb = file('nb.ipynb', 1_000_000);
    assert.equal(isUpToDate(nb, [file('nb.html', 1_000_100), file('nb.pdf', 1_000_000)]), true);
  });

  it('false when an output is older, or missing', () => {
    const nb = file('nb2.ipynb', 1_000_000);
    assert.equal(isUpToDate(nb, [file('nb2.html', 1_000_100), file('nb2.pdf', 999_999)]), false);
    assert.equal(isUpToDate(nb, [file('nb2.html', 1_000_100), path.join(dir, 'nb2.tex')]), false);
  });

  it('false for a missing input, stdin, no outputs, or a directory where an output should be', () => {
    assert.equal(isUpToDate(path.join(dir, 'gone.ipynb'), [file('gone.html', 2_000_000)]), false);
    assert.equal(isUpToDate('-', [file('notebook.html', 2_000_000)]), false);
    const nb = file('nb3.ipynb', 1_000_000);
    assert.equal(isUpToDate(nb, []), false);
    assert.equal(isUpToDate(nb, [dir]), false);
  });

  it('sub-second differences count', () => {
    const nb = file('nb4.ipynb', 1_000_000.5);
    assert.equal(isUpToDate(nb, [file('nb4.html', 1_000_000.25)]), false);
    assert.equal(isUpToDate(nb, [file('nb4.md', 1_000_000.75)]), true);
  });
});
