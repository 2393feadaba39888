// Shared by convert-all.test.ts (generated notebooks) and corpus/convert.test.ts
// (the corpus): a folder of notebooks through one `nbx convert` batch in many
// formats, judged per notebook as a user would read the log and the folder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from './helpers.js';

/** Format → the extension of its output (script's depends on the kernel: null). */
export const FORMAT_EXTENSIONS: Record<string, string | null> = {
  html: '.html', json: '.json', latex: '.tex', rst: '.rst', markdown: '.md', script: null, slides: '.slides.html', pdf: '.pdf', 'slides-pdf': '.slides.pdf',
};

export interface Expectation {
  file: string;
  /** Valid notebooks convert in every format with no error; the others warn or fail in one line. */
  valid: boolean;
}

/**
 * Converts `files` (all in one folder) with one `nbx convert --to <formats>`
 * and checks each notebook: valid ones give every output and no error line;
 * invalid ones either give every output with a warning, or fail per format
 * (or once, when unreadable) with one line naming the file and no output for
 * what failed. No stack trace, no temp file, a summary line that adds up.
 */
export function checkBatch(files: Expectation[], formats: string[], timeout = 20 * 60_000): void {
  const out = mkdtempSync(path.join(tmpdir(), 'nbx-convert-all-'));
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'nbx.cjs'), 'convert', ...files.map((f) => f.file), '--to', formats.join(','), '--output-dir', out], {
    encoding: 'utf8', maxBuffer: 256 << 20, timeout,
  });
  assert.equal(r.error, undefined, String(r.error));
  const lines = r.stderr.trim().split('\n');
  assert.ok(!/\n\s+at /.test(r.stderr), `a stack trace:\n${r.stderr}`);
  const summary = /^(\d+) converted, (\d+) failed, (\d+) warnings?$/.exec(lines.at(-1)!);
  assert.ok(summary, `summary line: ${lines.at(-1)}`);
  assert.equal(r.status, Number(summary[2]) ? 1 : 0, r.stderr);
  const written = new Set(readdirSync(out));
  assert.deepEqual([...written].filter((f) => /\.tmp|\.nbx-/.test(f)), [], 'temp files left');
  const known = Object.values(FORMAT_EXTENSIONS).filter((e): e is string => !!e);
  let converted = 0;
  for (const { file, valid } of files) {
    const name = path.basename(file);
    const stem = name.replace(/\.ipynb$/, '');
    const errors = lines.filter((l) => l.startsWith(`nbx: ${file}: `));
    const warnings = lines.filter((l) => l.startsWith(`nbx: warning: ${file}: `));
    for (const l of [...errors, ...warnings]) assert.ok(l.length < 2000, `${name}: a very long line`);
    const outputs = formats.filter((f) => {
      const ext = FORMAT_EXTENSIONS[f];
      const found = ext ? written.has(stem + ext) : [...written].some((w) => w.startsWith(`${stem}.`) && !known.some((k) => w === stem + k) && !statSync(path.join(out, w)).isDirectory());
      return found;
    });
    if (valid) {
      assert.deepEqual(errors, [], `${name} is valid but failed`);
      assert.deepEqual(outputs, formats, `${name}: outputs`);
    } else if (errors.length === 0) {
      assert.ok(warnings.length > 0, `${name} is invalid but converted silently`);
      assert.deepEqual(outputs, formats, `${name}: outputs`);
    } else if (outputs.length === 0) {
      assert.ok(errors.length === 1 || errors.length === formats.length, `${name}: ${errors.join('\n')}`);
    } else {
      assert.equal(outputs.length + errors.length, formats.length, `${name}: outputs ${outputs} and errors:\n${errors.join('\n')}`);
    }
    if (errors.length === 0) converted++;
    if (outputs.includes('html')) assert.match(readFileSync(path.join(out, `${stem}.html`), 'utf8'), /<\/html>\s*$/, name);
    if (outputs.includes('pdf')) assert.equal(readFileSync(path.join(out, `${stem}.pdf`)).subarray(0, 5).toString(), '%PDF-', name);
    if (outputs.includes('json')) JSON.parse(readFileSync(path.join(out, `${stem}.json`), 'utf8'));
  }
  assert.equal(Number(summary[1]), converted, lines.at(-1));
  assert.ok(existsSync(out));
}
