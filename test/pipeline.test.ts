// Batches as a docs pipeline runs them: directories and globs, several formats,
// a mirrored output tree, failures isolated, --changed, --shard, config files,
// --json, worker threads; and the library API that the CLI is a layer over.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { convert, convertFiles, exporters, readNotebook, Diagnostics } from '../src/index.js';
import { spawnSync } from 'node:child_process';
import { corpusDir, fixture, repoRoot } from './helpers.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'nbx-pipeline-'));
const corpusNotebook = (name: string) => path.join(corpusDir, name);

/** nbx run in `cwd` (the batch flags are about relative paths). */
function nbx(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'nbx.cjs'), ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** docs/a/intro.ipynb, docs/b/intro.ipynb (same name, different notebooks), docs/b/sym.ipynb, plus what a walk must skip. */
function docsTree(): string {
  const dir = tmp();
  const docs = path.join(dir, 'docs');
  for (const sub of ['a', 'b', 'a/.ipynb_checkpoints', 'node_modules/pkg', '.hidden']) mkdirSync(path.join(docs, sub), { recursive: true });
  copyFileSync(fixture('tour.ipynb'), path.join(docs, 'a', 'intro.ipynb'));
  copyFileSync(corpusNotebook('ipython__SymPy.ipynb'), path.join(docs, 'b', 'intro.ipynb'));
  copyFileSync(corpusNotebook('nbsphinx__markdown-cells.ipynb'), path.join(docs, 'b', 'sym.ipynb'));
  for (const skipped of ['a/.ipynb_checkpoints/intro-checkpoint.ipynb', 'node_modules/pkg/x.ipynb', '.hidden/y.ipynb']) {
    copyFileSync(fixture('tour.ipynb'), path.join(docs, skipped));
  }
  return dir;
}

function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(path.relative(dir, p).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out;
}

describe('batches from the command line', () => {
  it('a directory with name collisions goes into one output dir, mirrored, in several formats', () => {
    const dir = docsTree();
    const r = nbx(['convert', 'docs', '--to', 'html,md', '--output-dir', 'site'], dir);
    assert.equal(r.code, 0, r.stderr);
    const written = files(path.join(dir, 'site'));
    for (const f of ['a/intro.html', 'a/intro.md', 'b/intro.html', 'b/intro.md', 'b/sym.html', 'b/sym.md']) assert.ok(written.includes(f), `${f} missing: ${written}`);
    assert.ok(written.some((f) => f.startsWith('a/intro_files/')) && written.some((f) => f.startsWith('b/intro_files/')), 'each intro has its own _files/');
    assert.ok(!written.some((f) => /checkpoint|node_modules|hidden|x\.html|y\.html/.test(f)), `skipped dirs were converted: ${written}`);
    assert.match(readFileSync(path.join(dir, 'site/a/intro.html'), 'utf8'), /<title>A tour of nbx<\/title>/);
    assert.match(readFileSync(path.join(dir, 'site/b/intro.html'), 'utf8'), /SymPy/);
    // Plain lines in a log (stderr is not a terminal), then the summary.
    assert.match(r.stderr, /^converted docs\/a\/intro\.ipynb → site\/a\/intro\.html, site\/a\/intro\.md \([\d.]+ (ms|s)\)$/m);
    assert.match(r.stderr, /^3 converted, 0 failed, \d+ warnings?$/m);
    assert.doesNotMatch(r.stderr, /\x1b/, 'no escape codes in a log');
  });

  it('a quoted glob is expanded by nbx', () => {
    const dir = docsTree();
    const r = nbx(['convert', 'docs/**/intro.ipynb', '--to', 'md', '--output-dir', 'out', '--json'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).results.map((x: { input: string }) => x.input), ['docs/a/intro.ipynb', 'docs/b/intro.ipynb']);
    assert.deepEqual(files(path.join(dir, 'out')).filter((f) => f.endsWith('.md')), ['a/intro.md', 'b/intro.md']);
  });

  it('one invalid notebook: exit 1, the others converted, the summary right', () => {
    const dir = docsTree();
    writeFileSync(path.join(dir, 'docs', 'a', 'broken.ipynb'), '{"cells": [');
    const r = nbx(['convert', 'docs', '--to', 'html', '--output-dir', 'site'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^nbx: docs\/a\/broken\.ipynb: not valid JSON/m);
    assert.match(r.stderr, /^3 converted, 1 failed, \d+ warnings?$/m);
    assert.deepEqual(files(path.join(dir, 'site')).filter((f) => f.endsWith('.html')), ['a/intro.html', 'b/intro.html', 'b/sym.html']);
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace');
  });

  it('--fail-fast stops at the first failure', () => {
    const dir = docsTree();
    writeFileSync(path.join(dir, 'docs', 'a', 'aaa.ipynb'), 'not json');
    const r = nbx(['convert', 'docs', '--to', 'html', '--output-dir', 'site', '--fail-fast', '--jobs', '1'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /--fail-fast\): 3 not converted/);
    assert.ok(!existsSync(path.join(dir, 'site', 'b')), 'nothing after the failure was converted');
  });

  it('--json reports each input with its outputs, warnings, errors and timings', () => {
    const dir = docsTree();
    writeFileSync(path.join(dir, 'docs', 'b', 'zz.ipynb'), '[]');
    const r = nbx(['convert', 'docs', '--to', 'html', '--output-dir', 'site', '--json'], dir);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.summary, { converted: 3, failed: 1, skipped: 0, warnings: report.summary.warnings, notStarted: 0 });
    const [first, , , last] = report.results;
    assert.deepEqual(first.outputs, ['site/a/intro.html']);
    assert.equal(first.status, 'converted');
    assert.equal(typeof first.ms, 'number');
    assert.equal(last.status, 'failed');
    assert.match(last.error, /docs\/b\/zz\.ipynb: not a Jupyter notebook/);
    assert.doesNotMatch(r.stderr, /converted docs/, '--json keeps stderr for errors only');
  });

  it('--changed converts only notebooks newer than their outputs', () => {
    const dir = docsTree();
    const args = ['convert', 'docs', '--to', 'html,md', '--output-dir', 'site', '--changed'];
    assert.equal(nbx(args, dir).code, 0);
    const again = nbx(args, dir);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /^0 converted, 0 failed, 0 warnings, 3 unchanged$/m);
    // Inputs older than their outputs, but for one edited since.
    const set = (f: string, secondsAgo: number) => utimesSync(path.join(dir, f), new Date(Date.now() - secondsAgo * 1000), new Date(Date.now() - secondsAgo * 1000));
    for (const f of files(path.join(dir, 'site'))) set(`site/${f}`, 50);
    for (const f of ['docs/a/intro.ipynb', 'docs/b/intro.ipynb', 'docs/b/sym.ipynb']) set(f, 100);
    set('docs/b/sym.ipynb', 10);
    const third = nbx([...args, '--json'], dir);
    assert.deepEqual(JSON.parse(third.stdout).results.map((x: { status: string }) => x.status), ['skipped', 'skipped', 'converted']);
    const fourth = nbx([...args, '--json'], dir);
    assert.deepEqual(JSON.parse(fourth.stdout).results.map((x: { status: string }) => x.status), ['skipped', 'skipped', 'skipped']);
    // An output gone: converted again.
    rmSync(path.join(dir, 'site/a/intro.md'));
    const fifth = nbx([...args, '--json'], dir);
    assert.deepEqual(JSON.parse(fifth.stdout).results.map((x: { status: string }) => x.status), ['converted', 'skipped', 'skipped']);
  });

  it('--shard i/n: the shards cover every input exactly once', () => {
    const dir = tmp();
    const all: string[] = [];
    for (let i = 0; i < 7; i++) {
      const name = `nb${i}.ipynb`;
      copyFileSync(fixture('tour.ipynb'), path.join(dir, name));
      all.push(name);
    }
    const seen: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const r = nbx(['convert', '.', '--to', 'md', '--output-dir', 'out', '--shard', `${i}/3`, '--json'], dir);
      assert.equal(r.code, 0, r.stderr);
      const inputs = JSON.parse(r.stdout).results.map((x: { input: string }) => x.input);
      assert.ok(inputs.length >= 2 && inputs.length <= 3, `shard ${i} has ${inputs.length}`);
      seen.push(...inputs);
    }
    assert.deepEqual(seen.map((s) => path.basename(s)).sort(), all);
    assert.equal(nbx(['convert', '.', '--to', 'md', '--shard', '4/3'], dir).code, 2);
  });

  it('worker threads and one thread write the same bytes', () => {
    const dir = docsTree();
    assert.equal(nbx(['convert', 'docs', '--to', 'html,rst', '--output-dir', 'one', '--jobs', '1'], dir).code, 0);
    const r = nbx(['convert', 'docs', '--to', 'html,rst', '--output-dir', 'two', '--jobs', '2', '--json'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).threads, 2);
    const one = files(path.join(dir, 'one'));
    assert.deepEqual(files(path.join(dir, 'two')), one);
    for (const f of one) assert.ok(readFileSync(path.join(dir, 'one', f)).equals(readFileSync(path.join(dir, 'two', f))), `${f} differs`);
  });
});

describe('exporter plugins', () => {
  const example = path.join(repoRoot, 'examples', 'wordcount-exporter.js');

  it('the README shows the example exporter as it is', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const block = readme.slice(readme.indexOf('## Exporter plugins')).match(/```js\n([\s\S]*?)```/);
    assert.ok(block, 'a js block under "Exporter plugins"');
    assert.equal(block[1], readFileSync(example, 'utf8'));
    assert.ok(readFileSync(example, 'utf8').split('\n').length <= 30, 'a short example');
  });

  it('--to ./plugin.js converts a batch on worker threads, next to a built-in format', () => {
    const dir = docsTree();
    copyFileSync(example, path.join(dir, 'wordcount-exporter.js'));
    const r = nbx(['convert', 'docs', '--to', 'html,./wordcount-exporter.js', '--output-dir', 'site', '--jobs', '2', '--json'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).threads, 2);
    const summary = readFileSync(path.join(dir, 'site/a/intro.wordcount.md'), 'utf8');
    assert.match(summary, /^# intro\n/); // metadata.title, else the file name
    assert.match(summary, /- cells: \d+ \(\d+ markdown, \d+ code, \d+ raw\)/);
    assert.ok(existsSync(path.join(dir, 'site/b/sym.wordcount.md')) && existsSync(path.join(dir, 'site/b/sym.html')));
  });

  it('an installed nbx-exporter-<name> is --to <name>', () => {
    const dir = docsTree();
    const pkg = path.join(dir, 'node_modules', 'nbx-exporter-wordcount');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'nbx-exporter-wordcount', type: 'module', main: 'index.js' }));
    copyFileSync(example, path.join(pkg, 'index.js'));
    const r = nbx(['convert', 'docs/a/intro.ipynb', '--to', 'wordcount'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(path.join(dir, 'docs/a/intro.wordcount.md')));
  });
});

describe('config file', () => {
  it('nbx.config.json holds options; flags override it; unknown keys are an error', () => {
    const dir = docsTree();
    writeFileSync(path.join(dir, 'nbx.config.json'), JSON.stringify({ inputs: ['docs/a'], to: 'md', outputDir: 'from-config' }));
    const r = nbx(['convert'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(path.join(dir, 'from-config', 'intro.md')));
    const flags = nbx(['convert', 'docs/b/sym.ipynb', '--to', 'html'], dir);
    assert.equal(flags.code, 0, flags.stderr);
    assert.ok(existsSync(path.join(dir, 'from-config', 'sym.html')), 'the flag overrides "to"; outputDir still from the config');

    writeFileSync(path.join(dir, 'nbx.config.json'), JSON.stringify({ to: 'md', outptDir: 'x' }));
    const bad = nbx(['convert', 'docs'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /nbx\.config\.json: unknown option "outptDir"/);
    assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  });

  it('"nbx" in package.json', () => {
    const dir = docsTree();
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'docs', nbx: { to: 'rst', outputDir: 'rst' } }));
    const r = nbx(['convert', 'docs/a/intro.ipynb'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(path.join(dir, 'rst', 'intro.rst')));
  });
});

describe('library API', () => {
  const tour = fixture('tour.ipynb');
  const bytes = readFileSync(tour);

  it('convert() takes a path, JSON text, bytes or a parsed notebook, and writes nothing', async () => {
    const dir = tmp();
    const copy = path.join(dir, 'tour.ipynb');
    copyFileSync(tour, copy);
    const fromPath = await convert(copy, { to: 'html' });
    const fromText = await convert(bytes.toString('utf8'), { to: 'html', file: copy });
    const fromBytes = await convert(bytes, { to: 'html', file: copy });
    const object = JSON.parse(bytes.toString('utf8'));
    const fromObject = await convert(object, { to: 'html', file: copy });
    assert.deepEqual(object, JSON.parse(bytes.toString('utf8')), 'the caller\'s object is not changed');
    for (const r of [fromText, fromBytes, fromObject]) assert.equal(r.content, fromPath.content);
    assert.equal(fromPath.extension, '.html');
    assert.deepEqual(readdirSync(dir), ['tour.ipynb'], 'nothing written');

    const latex = await convert(copy, { to: 'latex' });
    assert.ok(latex.files.length > 0, 'extracted images come back as resources');
    assert.ok(latex.files.every((f) => f.path.startsWith('tour_files/') && f.data.length > 0));
    assert.deepEqual(readdirSync(dir), ['tour.ipynb'], 'nothing written');
  });

  it('convert() with an Exporter object and the stages used by hand', async () => {
    const diag = new Diagnostics('x.ipynb');
    const nb = readNotebook(bytes, 'x.ipynb', diag);
    const md = exporters.get('markdown')!;
    const r = await convert(bytes, { to: md });
    assert.equal(r.extension, '.md');
    assert.ok(nb.cells.length > 0);
  });

  it('convertFiles() converts a batch and reports each notebook', async () => {
    const dir = docsTree();
    const seen: string[] = [];
    const report = await convertFiles(['docs'], { to: ['html', 'md'], cwd: dir, outputDir: 'site', jobs: 2, onResult: (r) => seen.push(r.input) });
    assert.equal(report.exitCode, 0);
    assert.deepEqual(seen, ['docs/a/intro.ipynb', 'docs/b/intro.ipynb', 'docs/b/sym.ipynb']);
    assert.deepEqual(report.summary, { converted: 3, failed: 0, skipped: 0, warnings: report.summary.warnings });
    assert.ok(existsSync(path.join(dir, 'site/b/sym.md')));
    await assert.rejects(convertFiles(['nothing-here/*.ipynb'], { to: 'html', cwd: dir }), /no notebooks found/);
  });
});
