// Times `nbx convert --to pdf` against `jupyter-nbconvert --to pdf` (xelatex)
// and `--to webpdf` (a browser through playwright/pyppeteer) on a few corpus
// notebooks and on a batch of 20 in one call, and nbx's batch against one
// notebook. Runs are interleaved, so the ratios come from the same machine
// state. Usage:
//   npm run build && node --import tsx bench/pdf.ts [--runs N] [--batch N]
// Prints a Markdown table and writes bench/results/pdf.json.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const corpus = join(root, '../shared/corpus');
const SINGLE = ['nbconvert__notebook1.ipynb', 'ipython__SymPy.ipynb', 'jupyter-notebook__Typesetting_Equations.ipynb', 'tf-docs-l10n__zh-cn_unicode.ipynb'];
// 20 corpus notebooks that nbconvert 6.5.3 with TeX Live 2022 converts to PDF
// (it gives up a whole batch at the first notebook it cannot convert, and 24
// of the 64 corpus notebooks are such), in manifest order.
const BATCH = [
  'nbconvert__exporters_notebook2', 'nbconvert__exporters_notebook3', 'nbconvert__exporters_pngmetadata',
  'nbconvert__exporters_prompt_numbers', 'nbconvert__exporters_rst_output', 'nbconvert__markdown_display_priority',
  'nbconvert__notebook1', 'nbconvert__notebook2', 'nbconvert__notebook3_with_errors', 'nbconvert__notebook4_jpeg',
  'nbconvert__notebook_jl', 'nbconvert__notebook_tags', 'nbconvert__preprocessors_HelloWorld',
  'nbconvert__preprocessors_MixedMarkdown', 'nbconvert__Unexecuted_widget', 'nbconvert__Widget_List',
  'nbformat__invalid_unique_cell_id', 'nbformat__many_tracebacks', 'nbformat__test2', 'nbformat__test3',
].map((name) => `${name}.ipynb`);

interface Tool {
  name: string;
  command: string;
  args(inputs: string[], outDir: string): string[];
}

const tools: Tool[] = [
  { name: 'nbx', command: process.execPath, args: (inputs, out) => [join(root, 'bin/nbx.js'), 'convert', ...inputs, '--to', 'pdf', '-q', '--output-dir', out] },
  { name: 'nbconvert pdf', command: 'jupyter-nbconvert', args: (inputs, out) => ['--to', 'pdf', '--output-dir', out, ...inputs] },
  { name: 'nbconvert webpdf', command: 'jupyter-nbconvert', args: (inputs, out) => ['--to', 'webpdf', '--output-dir', out, ...inputs] },
];

interface Result {
  ms: number[];
  error?: string;
}

/** Wall time of one run, or the reason it failed (the last line naming an error). */
function run(tool: Tool, inputs: string[], scratch: string): number | string {
  const out = mkdtempSync(join(scratch, 'out-'));
  const start = performance.now();
  const r = spawnSync(tool.command, tool.args(inputs, out), { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20 });
  const ms = performance.now() - start;
  const lines = (r.error?.message ?? r.stderr ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  const written = inputs.every((i) => {
    try {
      return readFileSync(join(out, basename(i).replace(/\.ipynb$/, '.pdf'))).length > 0;
    } catch {
      return false;
    }
  });
  rmSync(out, { recursive: true, force: true });
  if (r.status === 0 && written) return ms;
  const reason = lines.filter((l) => /error|failed|not installed|^!/i.test(l)).pop() ?? lines.pop() ?? `exit ${r.status}`;
  return reason.slice(0, 200);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : null;
};
const fmt = (ms: number | null) => (ms == null ? '—' : `${(ms / 1000).toFixed(2)} s`);

function main(): number {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, batch: { type: 'string', default: '20' } } });
  const runs = Number(values.runs);
  const batchSize = Number(values.batch);
  const batch = BATCH.slice(0, batchSize).map((name) => join(corpus, name));
  const cases = [
    ...SINGLE.map((name) => ({ name, inputs: [join(corpus, name)], tools })),
    { name: `batch of ${batch.length} notebooks, one call`, inputs: batch, tools: tools.slice(0, 2) },
    { name: 'one notebook (first of the batch)', inputs: batch.slice(0, 1), tools: tools.slice(0, 2) },
  ];
  const results = cases.map((c) => new Map<string, Result>(c.tools.map((t) => [t.name, { ms: [] }])));
  const scratch = mkdtempSync(join(tmpdir(), 'nbx-bench-pdf-'));
  try {
    for (let r = 0; r < runs; r++) {
      cases.forEach((c, i) => {
        const order = r % 2 ? [...c.tools].reverse() : c.tools;
        for (const tool of order) {
          const result = results[i]!.get(tool.name)!;
          if (result.error) continue;
          const t = run(tool, c.inputs, scratch);
          if (typeof t === 'number') result.ms.push(t);
          else result.error = t;
        }
      });
      process.stderr.write(`run ${r + 1}/${runs} done\n`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  const version = spawnSync('jupyter-nbconvert', ['--version'], { encoding: 'utf8' }).stdout?.trim() || 'not installed';
  const chromium = spawnSync('chromium', ['--version'], { encoding: 'utf8' }).stdout?.trim() || '?';
  console.log(`Median wall time of ${runs} runs; nbconvert ${version}; ${chromium}; node ${process.version}; ${cpus().length} CPUs.\n`);
  console.log('| case | nbx | nbconvert --to pdf | ratio | nbconvert --to webpdf |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  const errors: string[] = [];
  const rows = cases.map((c, i) => {
    const cell = (name: string) => {
      const r = results[i]!.get(name);
      if (!r) return { text: '—', ms: null };
      if (r.error) {
        errors.push(`${c.name}: ${name}: ${r.error}`);
        return { text: 'failed', ms: null };
      }
      return { text: fmt(median(r.ms)), ms: median(r.ms) };
    };
    const [x, p, w] = [cell('nbx'), cell('nbconvert pdf'), cell('nbconvert webpdf')];
    const ratio = x.ms && p.ms ? `${(p.ms / x.ms).toFixed(1)}×` : '—';
    console.log(`| ${c.name} | ${x.text} | ${p.text} | ${ratio} | ${w.text} |`);
    return { name: c.name, inputs: c.inputs.map((f) => basename(f)), results: Object.fromEntries(results[i]!) };
  });
  const [batchRow, oneRow] = [rows.at(-2)!, rows.at(-1)!];
  const [b, o] = [median(batchRow.results.nbx!.ms), median(oneRow.results.nbx!.ms)];
  if (b && o) console.log(`\nnbx: ${batch.length} notebooks in one call take ${(b / o).toFixed(1)}× the time of one.`);
  errors.forEach((e) => console.log(`\n> failed: ${e}`));

  const out = join(root, 'bench/results/pdf.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), runs, nbconvert: version, chromium, node: process.version, cpus: cpus().length, cases: rows }, null, 2) + '\n');
  console.log(`\nWrote ${out}`);
  return rows.some((r) => r.results.nbx?.error) ? 1 : 0;
}

process.exitCode = main();
