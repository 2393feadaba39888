// `npm run bench`: nbx against jupyter-nbconvert, per format, on a fixed set of
// notebooks — the medians of interleaved runs (nbx, nbconvert, nbconvert, nbx, …,
// so that machine load hits both alike), peak memory, the ratio nbconvert/nbx
// and the issue's targets. Usage:
//
//   npm run bench -- [--runs N] [--quick] [--only <substring>] [--no-nbconvert] [--write]
//
//   --runs N          timed runs per tool and case (default 5; a tool's runs in one case stop early
//                     once they have taken BUDGET_S seconds and made MIN_RUNS runs)
//   --quick           one run each (smoke check)
//   --only <text>     only the cases whose id or title contains <text> (repeatable)
//   --no-nbconvert    measure nbx only
//   --write           also write the report to bench/results.md
//
// Prints a Markdown report (header with machine and versions, tables, notes) on
// stdout, progress on stderr. The large notebooks are generated (bench/generate.ts)
// into a temporary directory; every run writes into its own fresh temporary
// output directory; all of it is deleted at the end.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultCacheDir, executedNotebook } from './executed.js';
import { generateImagesNotebook, generateNotebook } from './generate.js';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
// The corpus of real notebooks (not in the repository): NBX_CORPUS, relative to the repository root.
const corpusDir = resolve(root, process.env['NBX_CORPUS'] || '../shared/corpus');
const haveCorpus = existsSync(join(corpusDir, 'MANIFEST.tsv'));
const corpus = (name: string) => join(corpusDir, name);

/** Seconds a tool may spend on one case before its remaining runs are skipped, once it has made MIN_RUNS runs. */
const BUDGET_S = 25;
const MIN_RUNS = 3;
/** A run taking longer is stopped and counted as failed. */
const RUN_TIMEOUT_S = 300;

// ---------------------------------------------------------------------------
// Inputs

// Small: a real notebook of 10 cells, 6 KB (markdown, code, SymPy outputs with PNG and LaTeX)
// that nbconvert 6.5.3 also converts to PDF.
const SMALL = 'nbconvert__notebook1.ipynb';
// Math-heavy: align, equation*, eqnarray, vmatrix, array; inline and display math.
const MATH = 'jupyter-notebook__Typesetting_Equations.ipynb';
// 20 valid corpus notebooks (sorted by name) that nbconvert 6.5.3 converts to HTML and, with
// TeX Live 2022, to PDF — nbconvert gives up a whole batch at the first notebook it cannot convert.
const BATCH20 = [
  'ipython__ANSI_Test', 'ipython__Markdown_Pandoc_Limitations', 'ipython__SymPy', 'ipywidgets__Image_Processing',
  'irkernel__Demo', 'jupytext__evcxr_jupyter_tour', 'nbconvert__Unexecuted_widget', 'nbconvert__exporters_notebook2',
  'nbconvert__exporters_notebook3', 'nbconvert__exporters_pngmetadata', 'nbconvert__exporters_prompt_numbers',
  'nbconvert__exporters_rst_output', 'nbconvert__notebook1', 'nbconvert__notebook2', 'nbconvert__notebook3_with_errors',
  'nbconvert__notebook4_jpeg', 'nbconvert__notebook_tags', 'nbformat__many_tracebacks', 'nbformat__test4',
  'nbformat__test4docinfo',
]
  .map((name) => `${name}.ipynb`)
  .sort();

// One cell (code, with a PNG output): what start-up costs, with little else.
const ONE_CELL = 'nbconvert__exporters_pngmetadata.ipynb';
// The issue's real batch: every corpus notebook named ipython__*, nbconvert__notebook*, nbformat__test4*,
// except nbformat__test4plus (nbformat 4.99 with an unknown cell type: nbconvert stops the batch there).
const REAL_BATCH = /^(ipython__|nbconvert__notebook|nbformat__test4)/;
const realBatch = () => readdirSync(corpusDir).filter((f) => REAL_BATCH.test(f) && f.endsWith('.ipynb') && f !== 'nbformat__test4plus.ipynb').sort().map(corpus);

/** The largest valid corpus notebook: the big case's stand-in when no kernel can execute the generated one. */
function largestCorpus(): string {
  return validCorpus().map((f) => [f, statSync(f).size] as const).sort((a, b) => b[1] - a[1])[0]![0];
}

/** The valid notebooks of the corpus (MANIFEST.tsv's validation column does not start with "invalid"), sorted by name. */
function validCorpus(): string[] {
  const [head, ...rows] = readFileSync(join(corpusDir, 'MANIFEST.tsv'), 'utf8').trim().split('\n').map((l) => l.split('\t'));
  const [file, validation] = [head!.indexOf('file'), head!.indexOf('validation')];
  return rows.filter((r) => !r[validation]!.startsWith('invalid')).map((r) => r[file]!).sort().map(corpus);
}

// ---------------------------------------------------------------------------
// Cases

type Format = 'html' | 'rst' | 'latex' | 'pdf';
const EXT: Record<Format, string> = { html: '.html', rst: '.rst', latex: '.tex', pdf: '.pdf' };

type Target = { kind: 'ratio-min'; value: number } | { kind: 'ms-max'; value: number } | { kind: 'ratio-max'; value: number };

interface Case {
  id: string;
  title: string;
  format: Format | 'version';
  inputs: () => string[];
  /** Linearity: nbx on `inputs` against nbx on `large` (the ratio is large/small). */
  large?: () => string[];
  nbconvert: boolean;
  /** At most this many nbconvert runs (e.g. 1 for the 20-notebook PDF batch). */
  nbconvertRuns?: number;
  /** Both tools run the notebooks in a Python kernel first (--execute); 'cache': nbx with a warm --cache. */
  execute?: 'run' | 'cache';
  target?: Target;
  /** Reads corpus notebooks (skipped, with a note, when the corpus is absent). */
  corpus?: boolean;
  /** Peak RSS must be at most nbconvert's (shown in the RSS column's ✓/✗ either way). */
  rssTarget?: boolean;
}

interface Env {
  scratch: string;
  generated: Map<string, string>;
  /** The big executed notebook (bench/executed.ts), once made; `note` says what stands in when it cannot be. */
  big?: { file: string; note: string };
}

/** The big executed notebook: made by a real kernel and cached (bench/executed.ts), or else the largest corpus notebook. */
function bigNotebook(env: Env): string[] {
  if (!env.big) {
    const cache = process.env['NBX_BENCH_CACHE'] || defaultCacheDir();
    process.stderr.write(`bench: the big executed notebook (cached in ${cache}; the first time, a kernel runs it: about a minute)\n`);
    const made = executedNotebook(cache);
    const mib = (f: string) => `${(statSync(f).size / 2 ** 20).toFixed(1)} MiB`;
    if (made.file) env.big = { file: made.file, note: `big = bench/executed.ts's 300 cells executed by IPython (${mib(made.file)}, ${basename(made.file)})` };
    else if (haveCorpus) {
      const file = largestCorpus();
      env.big = { file, note: `big = the largest corpus notebook, ${basename(file)} (${mib(file)}): the executed one could not be made (${made.reason})` };
    } else throw new Error(`no big notebook: ${made.reason}, and no corpus`);
  }
  return [env.big.file];
}

function generated(env: Env, name: string, make: () => object): string {
  let file = env.generated.get(name);
  if (!file) {
    mkdirSync(join(env.scratch, 'gen'), { recursive: true });
    file = join(env.scratch, 'gen', name);
    writeFileSync(file, JSON.stringify(make(), null, 1) + '\n');
    env.generated.set(name, file);
  }
  return file;
}

/** A small notebook that does some work in its kernel (the execution cases). */
function executableNotebook(i: number): object {
  const code = (source: string) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source });
  return {
    nbformat: 4, nbformat_minor: 5,
    metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
    cells: [
      { cell_type: 'markdown', metadata: {}, source: `# Executed notebook ${i}\n\nA few cells of plain Python.` },
      code(`import math, statistics\nvalues = [math.sin(x / 10) for x in range(${1000 + i})]\nprint(len(values))`),
      code('statistics.mean(values), max(values)'),
      code('from IPython.display import HTML, display\ndisplay(HTML("<b>%d</b>" % sum(v > 0 for v in values)))'),
      code('for k in range(3):\n    print("line", k)'),
    ].map((c, n) => ({ ...c, id: `c${n}` })),
  };
}

function cases(env: Env): Case[] {
  const executable = (n: number) => () => Array.from({ length: n }, (_, i) => generated(env, `exec_${String(i).padStart(2, '0')}.ipynb`, () => executableNotebook(i)));
  const g200 = () => [generated(env, 'generated_200.ipynb', () => generateNotebook(200))];
  const g2000 = () => [generated(env, 'generated_2000.ipynb', () => generateNotebook(2000))];
  const images = () => [generated(env, 'generated_40_images.ipynb', () => generateImagesNotebook(40, 200, 150))];
  const small = () => [corpus(SMALL)];
  const batch20 = () => BATCH20.map(corpus);
  const all = validCorpus;
  const n = haveCorpus ? all().length : 0;
  const real = haveCorpus ? realBatch().length : 0;
  const big = () => bigNotebook(env);
  const list: Case[] = [
    { id: 'version', title: '`nbx --version`', format: 'version', inputs: () => [], nbconvert: false, target: { kind: 'ms-max', value: 100 } },
    { id: 'html-small', title: `small: ${SMALL}`, format: 'html', inputs: small, nbconvert: true, target: { kind: 'ratio-min', value: 10 } },
    { id: 'html-math', title: `math-heavy: ${MATH}`, format: 'html', inputs: () => [corpus(MATH)], nbconvert: true },
    { id: 'html-images', title: 'many images: generated, 40 PNGs of 200×150', format: 'html', inputs: images, nbconvert: true },
    { id: 'html-batch20', title: '20 corpus notebooks, one call', format: 'html', inputs: batch20, nbconvert: true, target: { kind: 'ratio-min', value: 15 } },
    { id: 'html-one-cell', title: `one cell: ${ONE_CELL}`, format: 'html', inputs: () => [corpus(ONE_CELL)], nbconvert: true, corpus: true, target: { kind: 'ratio-min', value: 10 } },
    { id: 'html-real-batch', title: `${real} corpus notebooks ipython__*, nbconvert__notebook*, nbformat__test4*, one call`, format: 'html', inputs: realBatch, nbconvert: true, corpus: true, target: { kind: 'ratio-min', value: 15 }, rssTarget: true },
    { id: 'rst-big', title: 'big executed notebook: 300 cells, matplotlib PNG/SVG, tables, tracebacks', format: 'rst', inputs: big, nbconvert: true, target: { kind: 'ratio-min', value: 10 } },
    { id: 'latex-big', title: 'big executed notebook (.tex only, not compiled)', format: 'latex', inputs: big, nbconvert: true, target: { kind: 'ratio-min', value: 10 } },
    { id: 'html-corpus', title: `all ${n} valid corpus notebooks, one call`, format: 'html', inputs: all, nbconvert: true },
    { id: 'rst-200', title: 'generated, 200 cells', format: 'rst', inputs: g200, nbconvert: true, target: { kind: 'ratio-min', value: 10 } },
    { id: 'rst-corpus', title: `all ${n} valid corpus notebooks, one call`, format: 'rst', inputs: all, nbconvert: true },
    { id: 'latex-200', title: 'generated, 200 cells (.tex only, not compiled)', format: 'latex', inputs: g200, nbconvert: true, target: { kind: 'ratio-min', value: 10 } },
    { id: 'latex-corpus', title: `all ${n} valid corpus notebooks, one call`, format: 'latex', inputs: all, nbconvert: true },
    { id: 'pdf-small', title: `small: ${SMALL}`, format: 'pdf', inputs: small, nbconvert: true, target: { kind: 'ratio-min', value: 2 } },
    { id: 'pdf-batch20', title: '20 corpus notebooks, one call', format: 'pdf', inputs: batch20, nbconvert: true, nbconvertRuns: 1, target: { kind: 'ratio-min', value: 5 } },
    { id: 'exec-small', title: 'execute: one small notebook (4 code cells), --execute --to html', format: 'html', execute: 'run', inputs: executable(1), nbconvert: true, target: { kind: 'ratio-min', value: 1.5 } },
    { id: 'exec-batch20', title: 'execute: 20 small notebooks, one call', format: 'html', execute: 'run', inputs: executable(20), nbconvert: true, nbconvertRuns: 1, target: { kind: 'ratio-min', value: 3 } },
    { id: 'exec-cached', title: 'execute: one small notebook, nbx --cache hit (nbconvert executes)', format: 'html', execute: 'cache', inputs: executable(1), nbconvert: true, target: { kind: 'ratio-min', value: 20 } },
    { id: 'linear-html', title: 'generated, 200 → 2,000 cells', format: 'html', inputs: g200, large: g2000, nbconvert: false, target: { kind: 'ratio-max', value: 12 } },
    { id: 'linear-latex', title: 'generated, 200 → 2,000 cells', format: 'latex', inputs: g200, large: g2000, nbconvert: false, target: { kind: 'ratio-max', value: 12 } },
  ];
  for (const c of list) if (c.inputs === small || c.inputs === batch20 || c.inputs === all || c.id === 'html-math') c.corpus = true;
  // Without the corpus, only the cases that do not read it.
  return haveCorpus ? list : list.filter((c) => !c.corpus);
}

// ---------------------------------------------------------------------------
// Running one command: wall time, peak RSS, success

const TIME = '/usr/bin/time';
// NBX_BENCH_RSS=proc forces the /proc fallback (to test it on a machine that has GNU time).
const rssMethod: 'time' | 'proc' | 'none' =
  existsSync(TIME) && process.env['NBX_BENCH_RSS'] !== 'proc' ? 'time' : existsSync('/proc/self/status') ? 'proc' : 'none';

interface RunResult {
  ms: number;
  rssKb: number | null;
  /** CPU time (user + sys) of the process and the children it waited for, from GNU time; less sensitive to machine load than wall time. */
  cpuMs: number | null;
  ok: boolean;
  /** Why it failed: the telling line of stderr. */
  reason?: string;
  written: number;
}

let current: { pid: number } | null = null;

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** The ids of `pid`'s descendants (Linux /proc/<pid>/task/<tid>/children). */
function descendants(pid: number): number[] {
  const out: number[] = [];
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const t of tasks) {
      try {
        for (const c of readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').split(' ').filter(Boolean).map(Number)) {
          out.push(c);
          stack.push(c);
        }
      } catch {
        // exited meanwhile
      }
    }
  }
  return out;
}

function vmHwmKb(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * Runs `command args` in its own process group and measures its wall time. Peak RSS: GNU time's %M (the
 * largest max RSS of the process and the children it waited for — one process's peak, not a sum), or
 * else the largest VmHWM seen polling the process tree every 10 ms.
 */
function runOnce(command: string, args: string[], env: NodeJS.ProcessEnv, scratch: string): Promise<{ ms: number; rssKb: number | null; cpuMs: number | null; code: number | null; stderr: string; timedOut: boolean }> {
  const rssFile = join(scratch, 'rss.txt');
  const [cmd, argv] = rssMethod === 'time' ? [TIME, ['-f', '%M %U %S', '-o', rssFile, command, ...args]] : [command, args];
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(cmd, argv, { env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    current = { pid: child.pid! };
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      stderr = (stderr + d).slice(-1_000_000);
    });
    let peak = 0;
    const poll = rssMethod === 'proc' ? setInterval(() => {
      for (const p of [child.pid!, ...descendants(child.pid!)]) peak = Math.max(peak, vmHwmKb(p));
    }, 10) : undefined;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid!);
    }, RUN_TIMEOUT_S * 1000);
    let ms = 0;
    child.on('error', (err) => {
      // Could not start (e.g. ENOENT): a failed run, not a crashed bench.
      clearInterval(poll);
      clearTimeout(timer);
      current = null;
      resolve({ ms: performance.now() - start, rssKb: null, cpuMs: null, code: null, stderr: `${command}: ${err.message}`, timedOut: false });
    });
    child.on('exit', () => {
      ms = performance.now() - start;
      clearInterval(poll);
      clearTimeout(timer);
    });
    child.on('close', (code) => {
      current = null;
      let rssKb: number | null = rssMethod === 'proc' ? peak || null : null;
      let cpuMs: number | null = null;
      if (rssMethod === 'time') {
        try {
          const [rss, user, sys] = readFileSync(rssFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
          rssKb = rss || null;
          cpuMs = user != null && sys != null && Number.isFinite(user + sys) ? (user + sys) * 1000 : null;
        } catch {
          // no file: time itself failed
        }
      }
      resolve({ ms, rssKb, cpuMs, code, stderr, timedOut });
    });
  });
}

/** The line of stderr that says most about a failure, and for a batch, the notebook it stopped at. */
function failureReason(stderr: string, tool: 'nbx' | 'nbconvert'): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const telling =
    tool === 'nbconvert'
      ? [...lines].reverse().find((l) => /^[A-Za-z_.]*(Error|Exception)\b.*:/.test(l) || /^!/.test(l))
      : lines.find((l) => /^nbx: .*(error|cannot|failed)/i.test(l) && !/warning/.test(l));
  let reason = (telling ?? lines.at(-1) ?? '').slice(0, 200);
  if (tool === 'nbconvert') {
    const at = [...lines].reverse().map((l) => /Converting notebook (\S+)/.exec(l)?.[1]).find(Boolean);
    if (at) reason = `at ${basename(at)}: ${reason}`;
  }
  return reason.replace(/\|/g, '\\|');
}

// ---------------------------------------------------------------------------
// Tools

interface Variant {
  label: string;
  tool: 'nbx' | 'nbconvert';
  inputs: string[];
  /** How many timed runs at most. */
  runs: number;
  command(outDir: string): [string, string[]];
  results: RunResult[];
  error?: RunResult;
  skippedRuns?: boolean;
}

const nbxEnv: NodeJS.ProcessEnv = { ...process.env };
delete nbxEnv['NODE_EXTRA_CA_CERTS'];

/** The --cache of the 'cache' cases (filled by their untimed warm-up run). */
let cacheDir = '';

function nbxCommand(c: Case, inputs: string[]): (out: string) => [string, string[]] {
  const bin = join(root, 'bin/nbx.cjs');
  if (c.format === 'version') return () => [process.execPath, [bin, '--version']];
  const execute = c.execute === 'run' ? ['--execute'] : c.execute === 'cache' ? ['--execute', '--cache', cacheDir] : [];
  return (out) => [process.execPath, [bin, 'convert', ...inputs, '--to', c.format, '--output-dir', out, ...execute]];
}

function nbconvertCommand(c: Case, inputs: string[]): (out: string) => [string, string[]] {
  return (out) => ['jupyter-nbconvert', ['--to', c.format, '--output-dir', out, ...(c.execute ? ['--execute'] : []), ...inputs]];
}

/** Kernel processes whose command line names `dir` (their connection files are below it): none may be left. */
function kernelsUnder(dir: string): string[] {
  const r = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return (r.stdout ?? '').split('\n').filter((l) => l.includes(dir) && /kernel/.test(l));
}

async function measure(c: Case, variants: Variant[], scratch: string, progress: string): Promise<void> {
  const spent = new Map<Variant, number>(variants.map((v) => [v, 0]));
  const maxRuns = Math.max(...variants.map((v) => v.runs));
  for (let r = 0; r < maxRuns; r++) {
    // Alternate which tool goes first, so drift in load hits both alike.
    for (const v of r % 2 ? [...variants].reverse() : variants) {
      if (v.error || v.results.length >= v.runs) continue;
      if (v.results.length >= MIN_RUNS && spent.get(v)! + v.results.at(-1)!.ms > BUDGET_S * 1000) {
        v.skippedRuns = true;
        continue;
      }
      const out = mkdtempSync(join(scratch, 'out-'));
      const [command, args] = v.command(out);
      const run = await runOnce(command, args, v.tool === 'nbx' ? nbxEnv : process.env, scratch);
      const written = c.format === 'version' ? 0 : v.inputs.filter((i) => existsSync(join(out, basename(i).replace(/\.ipynb$/, '') + EXT[c.format as Format]))).length;
      rmSync(out, { recursive: true, force: true });
      const ok = run.code === 0 && !run.timedOut && written === (c.format === 'version' ? 0 : v.inputs.length);
      const result: RunResult = { ms: run.ms, rssKb: run.rssKb, cpuMs: run.cpuMs, ok, written };
      spent.set(v, spent.get(v)! + run.ms);
      if (ok) v.results.push(result);
      else {
        result.reason = run.timedOut ? `timed out after ${RUN_TIMEOUT_S} s` : failureReason(run.stderr, v.tool);
        v.error = result; // a failure is not repeated
      }
      process.stderr.write(`  ${progress} ${c.id}: ${v.label} ${ok ? fmtMs(run.ms) : 'failed'}\n`);
    }
  }
}

// ---------------------------------------------------------------------------
// Report

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const fmtMs = (ms: number | null) => (ms == null ? '—' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`);
const fmtMiB = (kb: number | null) => (kb == null ? '—' : `${(kb / 1024).toFixed(0)} MiB`);
const medianMs = (v?: Variant) => (v && !v.error ? median(v.results.map((r) => r.ms)) : null);
const medianCpu = (v?: Variant) => {
  const xs = v && !v.error ? v.results.map((r) => r.cpuMs).filter((x): x is number => x != null) : [];
  return xs.length === v?.results.length ? median(xs) : null;
};
const peakKb = (v?: Variant) => {
  const xs = [...(v?.results ?? []), ...(v?.error ? [v.error] : [])].map((r) => r.rssKb).filter((x): x is number => x != null);
  return xs.length ? Math.max(...xs) : null;
};

function cell(v: Variant | undefined): string {
  if (!v) return '—';
  if (v.error) return `✗ failed after ${fmtMs(v.error.ms)}${v.inputs.length > 1 ? ` (${v.error.written}/${v.inputs.length} written)` : ''}`;
  return `${fmtMs(medianMs(v))} (${v.results.length})`;
}

function targetCell(t: Target | undefined, value: number | null): string {
  if (!t) return '';
  const goal = t.kind === 'ratio-min' ? `≥ ${t.value}×` : t.kind === 'ratio-max' ? `≤ ${t.value}×` : `< ${t.value} ms`;
  if (value == null) return `${goal} ?`;
  const met = t.kind === 'ratio-min' ? value >= t.value : value <= t.value;
  return `${goal} ${met ? '✓' : '✗'}`;
}

function version(command: string, args: string[]): string | null {
  const r = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return r.status === 0 ? (r.stdout.trim().split('\n')[0] ?? '').trim() : null;
}

function findChrome(): string | null {
  for (const p of [process.env['CHROME_PATH'], process.env['PUPPETEER_EXECUTABLE_PATH']]) if (p && existsSync(p)) return p;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return null;
}

function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1]!.trim();
  } catch {
    // not Linux
  }
  return cpus()[0]?.model ?? 'unknown CPU';
}

async function nodeStartMs(env: NodeJS.ProcessEnv, scratch: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) times.push((await runOnce(process.execPath, ['-e', ''], env, scratch)).ms);
  return median(times)!;
}

function git(args: string[]): string | null {
  const r = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

// ---------------------------------------------------------------------------

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      quick: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true },
      'no-nbconvert': { type: 'boolean', default: false },
      write: { type: 'boolean', default: false },
    },
  });
  const runs = values.quick ? 1 : Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    console.error(`bench: --runs must be a positive integer, not ${values.runs}`);
    return 2;
  }
  // Smoke check and warm-up: a corpus notebook, or the repository's own tour without the corpus.
  const warmInput = haveCorpus ? corpus(SMALL) : join(root, 'fixtures/tour.ipynb');
  if (!haveCorpus) process.stderr.write(`bench: no corpus at ${corpusDir} (set NBX_CORPUS): its cases are skipped\n`);
  const smoke = spawnSync(process.execPath, [join(root, 'bin/nbx.cjs'), 'convert', warmInput, '--to', 'json', '--stdout'], { env: nbxEnv, stdio: 'ignore' });
  if (smoke.status !== 0) {
    console.error('bench: `nbx convert` does not run: run `npm run build` first (`npm run bench` does)');
    return 2;
  }
  const valid = new Set(haveCorpus ? validCorpus().map((f) => basename(f)) : []);
  const unknown = haveCorpus ? [SMALL, MATH, ONE_CELL, ...BATCH20].filter((f) => !valid.has(f)) : [];
  if (unknown.length) {
    console.error(`bench: not valid corpus notebooks (MANIFEST.tsv): ${unknown.join(', ')}`);
    return 2;
  }
  const started = performance.now();
  const load = loadavg();
  const scratch = mkdtempSync(join(tmpdir(), 'nbx-bench-'));
  const cleanup = () => {
    if (current) killGroup(current.pid);
    rmSync(scratch, { recursive: true, force: true });
  };
  const onSignal = () => {
    cleanup();
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    const env: Env = { scratch, generated: new Map() };
    const nbconvertVersion = values['no-nbconvert'] ? null : version('jupyter-nbconvert', ['--version']);
    const selected = cases(env).filter((c) => !values.only?.length || values.only.some((s) => c.id.includes(s) || c.title.includes(s)));
    if (!selected.length) {
      console.error(`bench: no case matches ${values.only?.join(', ')}; cases: ${cases(env).map((c) => c.id).join(', ')}`);
      return 2;
    }
    const formats = new Set(selected.map((c) => c.format));

    // Header facts.
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    const commit = git(['rev-parse', '--short', 'HEAD']);
    const dirty = git(['status', '--porcelain', '--untracked-files=no', '--', 'src', 'bin', 'templates', 'scripts'])?.length;
    const chrome = formats.has('pdf') ? findChrome() : null;
    const uses = (f: Format) => formats.has(f) && nbconvertVersion && selected.some((c) => c.format === f && c.nbconvert);

    process.stderr.write('bench: measuring node start-up\n');
    const caFile = process.env['NODE_EXTRA_CA_CERTS'];
    const [withCa, withoutCa] = caFile ? [await nodeStartMs(process.env, scratch), await nodeStartMs(nbxEnv, scratch)] : [null, null];

    // Warm-up (untimed): one run of each tool and format on the small notebook, so that the
    // first timed run does not pay for a cold page cache (node, python, pandoc, xelatex, chromium).
    process.stderr.write('bench: warm-up\n');
    for (const f of ['html', 'rst', 'latex', 'pdf'] as const) {
      if (!formats.has(f)) continue;
      const c: Case = { id: `warm-up-${f}`, title: '', format: f, inputs: () => [warmInput], nbconvert: true };
      const warm: ['nbx' | 'nbconvert', (out: string) => [string, string[]]][] = [['nbx', nbxCommand(c, [warmInput])]];
      if (uses(f)) warm.push(['nbconvert', nbconvertCommand(c, [warmInput])]);
      for (const [tool, cmd] of warm) {
        const out = mkdtempSync(join(scratch, 'out-'));
        const [command, args] = cmd(out);
        await runOnce(command, args, tool === 'nbx' ? nbxEnv : process.env, scratch);
        rmSync(out, { recursive: true, force: true });
      }
    }

    // Execution: kernels' connection files go below scratch (so that leftovers can be found);
    // the cache cases start with a filled cache; the floor is the kernel's own start-up.
    const kernelTmp = join(scratch, 'kernels');
    mkdirSync(kernelTmp, { recursive: true });
    nbxEnv['TMPDIR'] = kernelTmp;
    cacheDir = join(scratch, 'cache');
    let kernelFloor: number | null = null;
    let kernelsLeft = 0;
    if (selected.some((c) => c.execute)) {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) times.push((await runOnce('/usr/bin/python3', ['-c', 'import ipykernel.kernelapp, IPython'], process.env, scratch)).ms);
      kernelFloor = median(times);
      for (const c of selected.filter((x) => x.execute === 'cache')) {
        const out = mkdtempSync(join(scratch, 'out-'));
        const [command, args] = nbxCommand(c, c.inputs())(out);
        await runOnce(command, args, nbxEnv, scratch);
        rmSync(out, { recursive: true, force: true });
      }
    }

    const measured: { c: Case; variants: Variant[] }[] = [];
    for (const [i, c] of selected.entries()) {
      const inputs = c.inputs();
      const variants: Variant[] = [];
      if (c.large) {
        const large = c.large();
        variants.push({ label: 'nbx 200 cells', tool: 'nbx', inputs, runs, command: nbxCommand(c, inputs), results: [] });
        variants.push({ label: 'nbx 2,000 cells', tool: 'nbx', inputs: large, runs, command: nbxCommand(c, large), results: [] });
      } else {
        variants.push({ label: 'nbx', tool: 'nbx', inputs, runs, command: nbxCommand(c, inputs), results: [] });
        if (c.nbconvert && nbconvertVersion) {
          variants.push({ label: 'nbconvert', tool: 'nbconvert', inputs, runs: Math.min(runs, c.nbconvertRuns ?? runs), command: nbconvertCommand(c, inputs), results: [] });
        }
      }
      process.stderr.write(`bench: ${c.id} (${c.format}, ${c.title})\n`);
      await measure(c, variants, scratch, `[${i + 1}/${selected.length}]`);
      measured.push({ c, variants });
    }
    const totalS = (performance.now() - started) / 1000;

    // The report.
    const out: string[] = [];
    const p = (s = '') => out.push(s);
    p('# nbx benchmark');
    p();
    p(`- date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}; this run took ${Math.floor(totalS / 60)} min ${Math.round(totalS % 60)} s (not counting the build)`);
    p(`- nbx ${pkg.version} (commit ${commit ?? 'unknown'}${dirty ? ', with uncommitted changes' : ''}); node ${process.version}`);
    p(`- nbconvert: ${nbconvertVersion ?? (values['no-nbconvert'] ? 'not measured (--no-nbconvert)' : 'not installed: apt-get install jupyter-nbconvert')}`);
    if (uses('rst') || uses('latex') || uses('pdf')) p(`- pandoc (nbconvert's rst/latex/pdf): ${version('pandoc', ['--version']) ?? 'not installed'}`);
    if (uses('pdf')) p(`- xelatex (nbconvert --to pdf): ${version('xelatex', ['--version']) ?? 'not installed'}`);
    if (formats.has('pdf')) p(`- browser (nbx --to pdf): ${chrome ? `${version(chrome, ['--version']) ?? '?'} (${chrome})` : 'none found'}`);
    p(`- machine: ${cpuModel()}, ${cpus().length} cores, ${type()} ${release()}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; load average ${load.map((x) => x.toFixed(2)).join(', ')} at start, ${loadavg().map((x) => x.toFixed(2)).join(', ')} at end`);
    p();
    p(`Median wall time of the whole process (runs in parentheses; runs of nbx and nbconvert interleaved, at most ${runs} per tool and case, fewer once a tool spent ${BUDGET_S} s on a case and made ${MIN_RUNS} runs; a failed run is not repeated), peak RSS over the runs.`);
    p();
    p('| case | format | nbx | nbconvert | nbconvert/nbx | target | CPU nbx | CPU nbconvert | CPU ratio | nbx peak RSS | nbconvert peak RSS | RSS ≤ nbconvert |');
    p('| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |');
    const notes: string[] = [];
    for (const { c, variants } of measured.filter((m) => !m.c.large)) {
      const [x, n] = [variants.find((v) => v.tool === 'nbx'), variants.find((v) => v.tool === 'nbconvert')];
      const [xm, nm] = [medianMs(x), medianMs(n)];
      const ratio = xm && nm ? nm / xm : null;
      const target = c.target?.kind === 'ms-max' ? targetCell(c.target, xm) : targetCell(c.target, ratio);
      const [xr, nr] = [peakKb(x), peakKb(n)];
      // Only the same work compares: not when either tool failed.
      const rssOk = xr != null && nr != null && !x?.error && !n?.error ? (xr <= nr ? '✓' : '✗') : '';
      const nbcCell = n ? cell(n) : c.nbconvert ? (nbconvertVersion ? '—' : 'not run') : 'n/a';
      const [xc, nc] = [medianCpu(x), medianCpu(n)];
      const cpuRatio = xc && nc ? `${(nc / xc).toFixed(1)}×` : '—';
      p(`| ${c.title} | ${c.format === 'version' ? '—' : c.format} | ${cell(x)} | ${nbcCell} | ${ratio ? `${ratio.toFixed(1)}×` : '—'} | ${target}${c.rssTarget ? '; RSS ≤ nbconvert' : ''} | ${fmtMs(xc)} | ${fmtMs(nc)} | ${cpuRatio} | ${fmtMiB(xr)} | ${fmtMiB(nr)} | ${rssOk} |`);
      for (const v of variants) {
        if (v.error) {
          const batch = v.inputs.length > 1 && v.tool === 'nbconvert' ? ' (nbconvert stops a batch at the first notebook it cannot convert)' : '';
          notes.push(`${c.id}: ${v.label} failed${batch}: ${v.error.reason || `exit status non-zero, ${v.error.written}/${v.inputs.length} written`}`);
        }
        if (v.skippedRuns) notes.push(`${c.id}: ${v.label} ran ${v.results.length} of ${v.runs} times (${BUDGET_S} s budget per tool and case)`);
      }
    }
    const linear = measured.filter((m) => m.c.large);
    if (linear.length) {
      p();
      p('Linear time: nbx on the generated notebook of 200 cells and of 2,000 cells (same generator, same mix).');
      p();
      p('| case | format | 200 cells | 2,000 cells | 2,000/200 | target | peak RSS 200 | peak RSS 2,000 |');
      p('| --- | --- | ---: | ---: | ---: | --- | ---: | ---: |');
      for (const { c, variants } of linear) {
        const [s, l] = variants;
        const [sm, lm] = [medianMs(s), medianMs(l)];
        const ratio = sm && lm ? lm / sm : null;
        p(`| ${c.title} | ${c.format} | ${cell(s)} | ${cell(l)} | ${ratio ? `${ratio.toFixed(1)}×` : '—'} | ${targetCell(c.target, ratio)} | ${fmtMiB(peakKb(s))} | ${fmtMiB(peakKb(l))} |`);
        for (const v of variants) if (v.error) notes.push(`${c.id}: ${v.label} failed: ${v.error.reason}`);
      }
    }
    p();
    p('Notes:');
    p();
    if (caFile) {
      p(`- nbx runs without \`NODE_EXTRA_CA_CERTS\` (set here to ${caFile}; nbx opens no TLS connection, and Node 20 reads that file at start-up): \`node -e ''\` takes ${fmtMs(withCa)} with it and ${fmtMs(withoutCa)} without (median of 5). Everything else in the environment is the same for both tools.`);
    }
    p(
      rssMethod === 'time'
        ? `- Peak RSS is GNU time's \`%M\` (\`/usr/bin/time -f %M\`, which wraps every timed run of both tools, adding one small exec to each): the largest resident set of any one process of the tree (the tool and the children it waited for: pandoc, xelatex, Chromium's processes), not their sum.`
        : rssMethod === 'proc'
          ? '- Peak RSS (no GNU time: `/usr/bin/time` missing, or NBX_BENCH_RSS=proc) is the largest VmHWM seen polling /proc/<pid>/status of the process tree every 10 ms: the peak of the largest single process, not a sum; short-lived children can be missed.'
          : '- Peak RSS: not measured (no /usr/bin/time and no /proc).',
    );
    if (haveCorpus) p(`- Cases: small = ${SMALL}, math-heavy = ${MATH}; generated notebooks come from bench/generate.ts (seed 1); the 20-notebook batch: ${BATCH20.map((f) => f.replace(/\.ipynb$/, '')).join(', ')}; the ipython__*… batch leaves out nbformat__test4plus (nbconvert stops the batch there).`);
    else p(`- No corpus at ${corpusDir} (NBX_CORPUS): the cases that read it were skipped.`);
    if (env.big) p(`- ${env.big.note}.`);
    if (rssMethod === 'time') p('- CPU is user + sys time (GNU time `%U + %S`, the process and the children it waited for, all threads): less sensitive than wall time to other work on the machine (see the load average above).');
    if (linear.length) p('- nbconvert is not run on the 2,000-cell notebook: the linear-time target is about nbx alone, and it would take most of the time budget.');
    if (selected.some((c) => c.format === 'latex')) p('- LaTeX: both tools write the .tex and its pictures; neither compiles it. PDF: nbconvert runs xelatex, nbx prints the HTML page with Chromium.');
    if (kernelFloor != null) {
      const left = kernelsUnder(kernelTmp);
      kernelsLeft = left.length;
      p(`- Execution: both tools run Debian's python3-ipykernel; the kernel's own start-up (\`/usr/bin/python3 -c 'import ipykernel.kernelapp, IPython'\`, median of 3) takes ${fmtMs(kernelFloor)}, the floor of any one-notebook run. nbx runs \`--jobs\` kernels at once (default: the cores), nbconvert one after another. The cache case's cache was filled by an untimed run. Kernels left after the bench: ${left.length === 0 ? 'none ✓' : `${left.length} ✗`}.`);
      if (left.length) notes.push(`kernels left: ${left.join('; ')}`);
    }
    for (const n of notes) p(`- ${n}`);
    const report = out.join('\n') + '\n';
    process.stdout.write('\n' + report);
    if (values.write) {
      writeFileSync(join(root, 'bench/results.md'), report);
      process.stderr.write(`bench: wrote ${join(root, 'bench/results.md')}\n`);
    }
    // A bench that could not run nbx is a failed bench; missed targets are only reported.
    // So is one that left a kernel running.
    return measured.some((m) => m.variants.some((v) => v.tool === 'nbx' && v.error)) || kernelsLeft > 0 ? 1 : 0;
  } finally {
    cleanup();
  }
}

process.exitCode = await main();
