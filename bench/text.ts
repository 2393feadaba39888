// Times the text exporters, `nbx convert --to rst|markdown`, against
// `jupyter-nbconvert --to rst|markdown` on a few corpus notebooks, in one run
// (runs of both tools interleaved, so machine load hits both alike). Usage:
//   npm run build && node --import tsx bench/text.ts [--runs N] [notebook.ipynb…]
// Prints a Markdown table and writes bench/results/text.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
// Markdown-heavy (nbconvert runs pandoc once per markdown cell for RST), math-heavy, and large.
const DEFAULT_NOTEBOOKS = [
  'nbsphinx__markdown-cells.ipynb',
  'ipython__SymPy.ipynb',
  'tf-docs-l10n__ja_Structural_Time_Series.ipynb',
].map((name) => join(root, '../shared/corpus', name));
const FORMATS = ['rst', 'markdown'] as const;

type ToolName = 'nbx' | 'nbconvert';
const command: Record<ToolName, (nb: string, format: string, out: string) => [string, string[]]> = {
  nbx: (nb, format, out) => [process.execPath, [join(root, 'bin/nbx.js'), 'convert', nb, '--to', format, '--output-dir', out, '--quiet']],
  nbconvert: (nb, format, out) => ['jupyter-nbconvert', ['--to', format, '--output-dir', out, nb]],
};

/** Wall time of one run in ms; throws with the end of stderr when the command fails. */
function time(cmd: string, args: string[]): number {
  const start = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`${basename(cmd)} failed: ${(r.error?.message ?? r.stderr).trim().split('\n').pop()}`);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function main(): number {
  const { values, positionals } = parseArgs({ options: { runs: { type: 'string', default: '5' } }, allowPositionals: true });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    console.error(`bench: --runs must be a positive integer, not ${values.runs}`);
    return 2;
  }
  const notebooks = positionals.length ? positionals.map((p) => resolve(p)) : DEFAULT_NOTEBOOKS;
  const missing = notebooks.filter((p) => !existsSync(p));
  if (missing.length) return console.error(`bench: no such notebook: ${missing.join(', ')}`), 2;
  if (!existsSync(join(root, 'dist/bundle/nbx.mjs'))) return console.error('bench: run `npm run build` first'), 2;
  const probe = spawnSync('jupyter-nbconvert', ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) return console.error('bench: jupyter-nbconvert is not installed'), 1;

  const scratch = mkdtempSync(join(tmpdir(), 'nbx-bench-text-'));
  const cases = notebooks.flatMap((nb) => FORMATS.map((format) => ({ nb, format, times: { nbx: [] as number[], nbconvert: [] as number[] } })));
  try {
    for (let r = 0; r <= runs; r++) {
      for (const c of cases) {
        // Alternate which tool goes first; run 0 only warms caches.
        for (const tool of (r % 2 ? ['nbconvert', 'nbx'] : ['nbx', 'nbconvert']) as ToolName[]) {
          const out = join(scratch, tool);
          const [cmd, args] = command[tool](c.nb, c.format, out);
          const ms = time(cmd, args);
          if (r > 0) c.times[tool].push(ms);
        }
      }
      if (r > 0) process.stderr.write(`run ${r}/${runs} done\n`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  console.log(`\nMedian wall time of ${runs} runs; nbx ${version}, nbconvert ${probe.stdout.trim()}; node ${process.version}; ${cpus().length} CPUs.\n`);
  console.log('| notebook | format | nbx | nbconvert | nbconvert/nbx |\n| --- | --- | ---: | ---: | ---: |');
  const rows = cases.map((c) => ({ notebook: basename(c.nb), format: c.format, nbxMs: median(c.times.nbx), nbconvertMs: median(c.times.nbconvert) }));
  for (const row of rows) {
    console.log(`| ${row.notebook} | ${row.format} | ${Math.round(row.nbxMs)} ms | ${Math.round(row.nbconvertMs)} ms | ${(row.nbconvertMs / row.nbxMs).toFixed(1)}× |`);
  }
  const out = join(root, 'bench/results/text.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), runs, node: process.version, cpus: cpus().length, nbconvert: probe.stdout.trim(), rows }, null, 2) + '\n');
  console.log(`\nWrote ${out}`);
  return 0;
}

process.exitCode = main();
