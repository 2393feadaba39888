// Times `nbx convert --to html` against `jupyter-nbconvert --to html` on a few
// corpus notebooks, one at a time and all in one call (batch). Usage:
//   npm run bench -- [--runs N] [--nbx path/to/nbx.js] [notebook.ipynb…]
// Prints a Markdown table and writes bench/results/latest.json.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const DEFAULT_NOTEBOOKS = [
  'ipython__SymPy.ipynb',
  'tf-docs-l10n__ja_Structural_Time_Series.ipynb',
  'jupyter-notebook__Typesetting_Equations.ipynb',
].map((name) => join(root, '../shared/corpus', name));

interface Tool {
  name: 'nbx' | 'nbconvert';
  version: string;
  command: string;
  args(inputs: string[], outDir: string): string[];
}

interface ToolResult {
  timesMs: number[];
  medianMs: number | null;
  peakRssKb: number | null;
  htmlBytes: number | null;
  error?: string;
}

interface Case {
  name: string;
  inputs: string[];
  results: Partial<Record<Tool['name'], ToolResult>>;
}

function findTools(nbxBin: string): { tools: Tool[]; notes: string[] } {
  const tools: Tool[] = [];
  const notes: string[] = [];
  if (existsSync(nbxBin)) {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    tools.push({
      name: 'nbx',
      version,
      command: process.execPath,
      args: (inputs, outDir) => [nbxBin, 'convert', ...inputs, '--to', 'html', '--output-dir', outDir],
    });
  } else {
    notes.push(`nbx: ${nbxBin} not found, not measured`);
  }
  const probe = spawnSync('jupyter-nbconvert', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0) {
    tools.push({
      name: 'nbconvert',
      version: probe.stdout.trim(),
      command: 'jupyter-nbconvert',
      args: (inputs, outDir) => ['--to', 'html', '--output-dir', outDir, ...inputs],
    });
  } else {
    notes.push('nbconvert: jupyter-nbconvert is not installed (Debian: apt-get install jupyter-nbconvert), only nbx measured');
  }
  return { tools, notes };
}

/** Runs a command to completion; throws with the end of its stderr if it fails. */
function run(command: string, args: string[]): number {
  const start = performance.now();
  const r = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = performance.now() - start;
  if (r.status !== 0) {
    // The first line naming an error says most (Node puts a code excerpt before it).
    const lines = (r.error?.message ?? r.stderr ?? '').split('\n').filter((l) => l.trim());
    const reason = lines.find((l) => /error/i.test(l)) ?? lines.pop() ?? '';
    throw new Error(`${basename(command)} exited with ${r.status ?? r.signal}: ${reason.trim().slice(0, 300)}`);
  }
  return ms;
}

// Peak RSS is the kernel's figure for the waited-for child: GNU time prints it
// (`time` package, not on every machine), and Python's resource module reads it too.
const PY_RSS =
  'import resource,subprocess,sys;' +
  'r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);' +
  'print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss);sys.exit(r.returncode)';
const rssMethod = existsSync('/usr/bin/time') ? 'GNU time' : 'python3 resource';

function peakRssKb(command: string, args: string[], scratch: string): number | null {
  if (rssMethod === 'GNU time') {
    const out = join(scratch, 'rss.txt');
    if (spawnSync('/usr/bin/time', ['-f', '%M', '-o', out, command, ...args], { stdio: 'ignore' }).status !== 0) return null;
    return Number.parseInt(readFileSync(out, 'utf8').trim().split('\n').pop() ?? '', 10) || null;
  }
  const r = spawnSync('python3', ['-c', PY_RSS, command, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return r.status === 0 ? Number.parseInt(r.stdout, 10) || null : null;
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Total size of the `<stem>.html` files written for `inputs`, or null if one is missing. */
function htmlBytes(inputs: string[], outDir: string): number | null {
  let total = 0;
  for (const input of inputs) {
    const out = join(outDir, basename(input).replace(/\.ipynb$/, '') + '.html');
    if (!existsSync(out)) return null;
    total += statSync(out).size;
  }
  return total;
}

function bench(cases: Case[], tools: Tool[], runs: number, scratch: string): void {
  const outDir = (c: number, t: Tool) => join(scratch, `${c}-${t.name}`);
  // First pass: one untimed run each, measuring peak RSS; it also warms caches.
  cases.forEach((c, i) => {
    for (const tool of tools) {
      mkdirSync(outDir(i, tool));
      const args = tool.args(c.inputs, outDir(i, tool));
      const result: ToolResult = { timesMs: [], medianMs: null, peakRssKb: null, htmlBytes: null };
      c.results[tool.name] = result;
      try {
        run(tool.command, args);
        result.peakRssKb = peakRssKb(tool.command, args, scratch);
        result.htmlBytes = htmlBytes(c.inputs, outDir(i, tool));
      } catch (err) {
        result.error = (err as Error).message;
      }
    }
  });
  // Timed runs, interleaved (and alternating which tool goes first) so that
  // drift in machine load hits both tools alike.
  for (let r = 0; r < runs; r++) {
    cases.forEach((c, i) => {
      const order = r % 2 ? [...tools].reverse() : tools;
      for (const tool of order) {
        const result = c.results[tool.name]!;
        if (result.error) continue;
        try {
          result.timesMs.push(run(tool.command, tool.args(c.inputs, outDir(i, tool))));
        } catch (err) {
          result.error = (err as Error).message;
        }
      }
    });
    process.stderr.write(`run ${r + 1}/${runs} done\n`);
  }
  for (const c of cases) for (const result of Object.values(c.results)) result.medianMs = median(result.timesMs);
}

const fmt = {
  ms: (x: number | null | undefined) => (x == null ? '—' : `${Math.round(x)} ms`),
  mib: (kb: number | null | undefined) => (kb == null ? '—' : `${(kb / 1024).toFixed(1)} MiB`),
  kib: (b: number | null | undefined) => (b == null ? '—' : `${Math.round(b / 1024)} KiB`),
};

function ratio(c: Case): number | null {
  const [a, b] = [c.results.nbconvert?.medianMs, c.results.nbx?.medianMs];
  return a && b ? a / b : null;
}

function table(cases: Case[]): string {
  const rows = [
    '| case | nbx | nbconvert | nbconvert/nbx | nbx peak RSS | nbconvert peak RSS | nbx HTML | nbconvert HTML |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const c of cases) {
    const [x, n] = [c.results.nbx, c.results.nbconvert];
    const r = ratio(c);
    rows.push(
      `| ${c.name} | ${x?.error ? 'failed' : fmt.ms(x?.medianMs)} | ${n?.error ? 'failed' : fmt.ms(n?.medianMs)} | ` +
        `${r == null ? '—' : `${r.toFixed(1)}×`} | ${fmt.mib(x?.peakRssKb)} | ${fmt.mib(n?.peakRssKb)} | ` +
        `${fmt.kib(x?.htmlBytes)} | ${fmt.kib(n?.htmlBytes)} |`,
    );
  }
  return rows.join('\n');
}

function main(): number {
  const { values, positionals } = parseArgs({
    options: { runs: { type: 'string', default: '7' }, nbx: { type: 'string', default: join(root, 'bin/nbx.js') } },
    allowPositionals: true,
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    console.error(`bench: --runs must be a positive integer, not ${values.runs}`);
    return 2;
  }
  const notebooks = positionals.length ? positionals.map((p) => resolve(p)) : DEFAULT_NOTEBOOKS;
  const missing = notebooks.filter((p) => !existsSync(p));
  if (missing.length) {
    console.error(`bench: no such notebook: ${missing.join(', ')}`);
    return 2;
  }
  const { tools, notes } = findTools(resolve(values.nbx));
  notes.forEach((n) => console.log(`> ${n}`));
  if (!tools.length) return 1;

  const cases: Case[] = notebooks.map((nb) => ({ name: basename(nb), inputs: [nb], results: {} }));
  if (notebooks.length > 1) cases.push({ name: `batch (${notebooks.length} notebooks, one call)`, inputs: notebooks, results: {} });
  const scratch = mkdtempSync(join(tmpdir(), 'nbx-bench-'));
  try {
    bench(cases, tools, runs, scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  const versions = tools.map((t) => `${t.name} ${t.version}`).join(', ');
  console.log(`\nMedian wall time of ${runs} runs; ${versions}; node ${process.version}; ${cpus().length} CPUs; peak RSS by ${rssMethod}.\n`);
  console.log(table(cases));
  const errors = cases.flatMap((c) => Object.entries(c.results).flatMap(([t, r]) => (r.error ? [`${c.name}: ${t}: ${r.error}`] : [])));
  errors.forEach((e) => console.log(`\n> failed: ${e}`));

  const json = {
    date: new Date().toISOString(),
    runs,
    node: process.version,
    cpus: cpus().length,
    rssMethod,
    tools: Object.fromEntries(tools.map((t) => [t.name, t.version])),
    notes,
    cases: cases.map((c) => ({ ...c, ratio: ratio(c) })),
  };
  const out = join(root, 'bench/results/latest.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(json, null, 2) + '\n');
  console.log(`\nWrote ${out}`);
  // A bench that could not measure nbx is a failed bench.
  return errors.length || !tools.some((t) => t.name === 'nbx') ? 1 : 0;
}

process.exitCode = main();
