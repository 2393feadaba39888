// The command line as a user runs it: exit codes, file naming, one-line errors,
// batches that survive a bad notebook, no partial files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fixture, repoRoot } from './helpers.js';
import { generated } from './notebooks/index.js';

const bin = path.join(repoRoot, 'bin', 'nbx.cjs');
export function nbx(args: string[], input?: string | Buffer) {
  const r = spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const tmp = () => mkdtempSync(path.join(tmpdir(), 'nbx-cli-'));

describe('nbx CLI', () => {
  it('prints its version and help', () => {
    const v = nbx(['--version']);
    assert.equal(v.code, 0);
    assert.equal(v.stdout.trim(), JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version);
    const h = nbx(['convert', '--help']);
    assert.equal(h.code, 0);
    for (const flag of ['--to', '--output-dir', '--no-input', '--no-prompt', '--remove-tag', '--sanitize', '--theme', '--template', '--fail-on-warnings']) {
      assert.ok(h.stdout.includes(flag), `${flag} missing from help`);
    }
  });

  it('writes <stem>.html beside the input', () => {
    const dir = tmp();
    copyFileSync(fixture('tour.ipynb'), path.join(dir, 'tour.ipynb'));
    const r = nbx(['convert', path.join(dir, 'tour.ipynb'), '--to', 'html']);
    assert.equal(r.code, 0, r.stderr);
    const html = readFileSync(path.join(dir, 'tour.html'), 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<title>A tour of nbx<\/title>/);
    assert.deepEqual(readdirSync(dir).sort(), ['tour.html', 'tour.ipynb'], 'no temp files left');
  });

  it('honours --output and --output-dir', () => {
    const dir = tmp();
    assert.equal(nbx(['convert', fixture('tour.ipynb'), '--to', 'html', '--output-dir', dir, '--output', 'page']).code, 0);
    assert.ok(existsSync(path.join(dir, 'page.html')));
    assert.equal(nbx(['convert', fixture('tour.ipynb'), generated('math.ipynb'), '--to', 'html', '--output', 'x']).code, 2);
  });

  it('unknown --to lists the formats, exit 2', () => {
    const r = nbx(['convert', fixture('tour.ipynb'), '--to', 'docx']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown format "docx".*html.*json/);
  });

  it('reads stdin with "-" and writes stdout', () => {
    const r = nbx(['convert', '-', '--to', 'html'], readFileSync(fixture('tour.ipynb')));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /<main>/);
  });

  it('--to json prints the model', () => {
    const r = nbx(['convert', fixture('tour.ipynb'), '--to', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const model = JSON.parse(r.stdout);
    assert.equal(model.cells[0].type, 'markdown');
    assert.ok(model.cells.every((c: { id: string }) => c.id !== 'hidden'), 'remove-cell applied');
  });

  it('a bad notebook in a batch fails alone: one line, exit 1, no output file, the others converted', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'broken.ipynb'), '{"cells": [');
    writeFileSync(path.join(dir, 'text.ipynb'), 'hello');
    copyFileSync(fixture('tour.ipynb'), path.join(dir, 'good.ipynb'));
    const r = nbx(['convert', path.join(dir, 'broken.ipynb'), path.join(dir, 'text.ipynb'), path.join(dir, 'missing.ipynb'), path.join(dir, 'good.ipynb'), '--to', 'html']);
    assert.equal(r.code, 1);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 5, r.stderr);
    assert.match(lines[0]!, /^nbx: .*broken\.ipynb: .*JSON/);
    assert.match(lines[1]!, /^nbx: .*text\.ipynb: /);
    assert.match(lines[2]!, /^nbx: .*missing\.ipynb: no such file/);
    assert.match(lines[3]!, /^converted .*good\.ipynb → .*good\.html \(/);
    assert.equal(lines[4], '1 converted, 3 failed, 0 warnings');
    assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace');
    assert.ok(existsSync(path.join(dir, 'good.html')));
    assert.ok(!existsSync(path.join(dir, 'broken.html')) && !existsSync(path.join(dir, 'text.html')));
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.tmp')), []);
  });

  it('--debug adds the stack trace', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'broken.ipynb'), '{');
    const r = nbx(['convert', path.join(dir, 'broken.ipynb'), '--to', 'html', '--debug']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /\n\s+at /);
  });

  it('warnings go to stderr; --quiet hides them; --fail-on-warnings exits 1', () => {
    const nb = generated('future.ipynb');
    const dir = tmp();
    const loud = nbx(['convert', nb, '--to', 'html', '--output-dir', dir]);
    assert.equal(loud.code, 0);
    assert.match(loud.stderr, /warning: .*future\.ipynb: /);
    assert.equal(nbx(['convert', nb, '--to', 'html', '--output-dir', dir, '--quiet']).stderr, '');
    assert.equal(nbx(['convert', nb, '--to', 'html', '--output-dir', dir, '--fail-on-warnings']).code, 1);
  });
});
