// Shared by latex-compile.test.ts and corpus/latex-compile.test.ts: the .tex
// files compile with `xelatex -interaction=nonstopmode -halt-on-error`, two at
// a time, and the notebook's prose and code are in the PDF's text. Skipped
// when xelatex is not installed (Debian: see .ci/run).
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { convert } from '../src/convert.js';

const xelatex = spawnSync('xelatex', ['--version'], { encoding: 'utf8' }).status === 0;

const work = mkdtempSync(path.join(tmpdir(), 'nbx-xelatex-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** Converts a notebook into its own folder; returns the .tex path. */
async function writeTex(notebook: string): Promise<string> {
  const stem = path.basename(notebook, '.ipynb');
  const dir = path.join(work, stem);
  mkdirSync(dir, { recursive: true });
  const result = await convert(readFileSync(notebook), { to: 'latex', file: notebook });
  for (const f of result.files) {
    mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    writeFileSync(path.join(dir, f.path), f.data);
  }
  const tex = path.join(dir, `${stem}.tex`);
  writeFileSync(tex, result.content);
  return tex;
}

/** Runs xelatex once; resolves with its exit code and the first error of its log. */
function compile(tex: string): Promise<{ code: number; error: string }> {
  return new Promise((resolve) => {
    execFile('xelatex', ['-interaction=nonstopmode', '-halt-on-error', path.basename(tex)],
      { cwd: path.dirname(tex), maxBuffer: 64 << 20, timeout: 180_000 }, (err) => {
        const log = tex.replace(/\.tex$/, '.log');
        const lines = existsSync(log) ? readFileSync(log, 'utf8').split('\n') : [];
        const at = lines.findIndex((l) => l.startsWith('!'));
        resolve({ code: err ? Number(err.code ?? 1) || 1 : 0, error: at >= 0 ? lines.slice(at, at + 6).join('\n') : '' });
      });
  });
}

/** The tests: each notebook converted, compiled by xelatex (two at a time), its text found in the PDF. */
export function xelatexSuite(title: string, NOTEBOOKS: string[]): void {
describe(title, { skip: !xelatex && 'xelatex is not installed' }, () => {
  // Two compilations at a time (CI has two cores); each test awaits its own.
  const results = new Map<string, Promise<{ code: number; error: string }>>();
  let queue: Promise<unknown> = Promise.resolve();
  for (let i = 0; i < NOTEBOOKS.length; i += 2) {
    const pair = NOTEBOOKS.slice(i, i + 2);
    const batch = queue.then(() => Promise.all(pair.map(async (nb) => compile(await writeTex(nb)))));
    pair.forEach((nb, j) => results.set(nb, batch.then((r) => r[j]!)));
    queue = batch.catch(() => {});
  }

  for (const notebook of NOTEBOOKS) {
    it(path.basename(notebook), async () => {
      const { code, error } = await results.get(notebook)!;
      assert.equal(code, 0, `xelatex failed on ${path.basename(notebook)}:\n${error}`);
      const pdf = path.join(work, path.basename(notebook, '.ipynb'), `${path.basename(notebook, '.ipynb')}.pdf`);
      assert.ok(existsSync(pdf));
      if (!pdftotext) return;
      // The reader's check: the notebook's prose and code are in the PDF's text.
      const text = squeeze(spawnSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }).stdout);
      const source = readFileSync(notebook, 'utf8');
      // On pages of Hebrew/Arabic, pdftotext reorders even LTR code lines (checked by eye: the PDF is right).
      if (/[\u0590-\u06ff]/.test(source)) return;
      const samples = textSamples(notebook);
      assert.ok(samples.length > 0, 'no sample strings found in the notebook');
      for (const sample of samples) assert.ok(text.includes(squeeze(sample)), `"${sample}" is not in the PDF text`);
    });
  }
});
}

const pdftotext = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' }).status === 0;

/** Text compared without spaces, hyphens or ligatures: line breaks and wrapping differ between .ipynb and PDF. */
const squeeze = (s: string) => s.normalize('NFKC').replace(/[\s\u00ad-]+/g, '');

/** Up to two plain prose lines (first words) and two code lines from a notebook. */
function textSamples(file: string): string[] {
  type RawCell = { cell_type: string; source?: string | string[]; input?: string | string[] };
  const nb = JSON.parse(readFileSync(file, 'utf8')) as { cells?: RawCell[]; worksheets?: { cells: RawCell[] }[] };
  const cells = nb.cells ?? nb.worksheets?.flatMap((w) => w.cells) ?? []; // v3 keeps cells in worksheets, code in `input`
  const lines = (type: string) => cells.filter((c) => c.cell_type === type)
    .flatMap((c) => [c.source ?? c.input ?? ''].flat().join('').split('\n'));
  const prose = lines('markdown').filter((l) => /^[A-Za-z][A-Za-z ,.'-]{20,}$/.test(l.trim())).slice(0, 2)
    .map((l) => l.trim().split(/\s+/).slice(0, 4).join(' '));
  const code = lines('code').filter((l) => /^[A-Za-z_][\w .=(),']{7,50}$/.test(l.trim())).slice(0, 2).map((l) => l.trim());
  return [...prose, ...code];
}
