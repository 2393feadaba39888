// convertFiles(): a batch of notebooks (files, directories, globs) to one or
// more formats, on worker threads, written beside the inputs or mirrored into
// an output directory. Every notebook is tried (unless failFast); results come
// back in input order, however the work was spread. The CLI is a thin layer
// over this.
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { ExitCode, NbxError } from '../errors.js';
import { loadExporter, resolveExporterSpec } from '../formats/plugins.js';
import type { Exporter, ExportOptions } from '../formats/types.js';
import type { Summary } from './result.js';
import { inOrder } from './in-order.js';
import type { TransformOptions } from '../transforms/index.js';
import { isUpToDate } from './changed.js';
import { outputConflicts } from './collisions.js';
import { convertFile, failedOutcome, fileName, type FileJob, type FileOutcome } from './convert-file.js';
import { executeInput } from '../convert.js';
import type { ExecutionHooks, ExecutionOptions } from '../execute/pipeline.js';
import { expandInputs } from './inputs.js';
import { outputPath } from './layout.js';
import { selectShard, type Shard } from './shard.js';
import { defaultJobs } from './threads.js';
import { WorkerPool } from './workers.js';

export interface ConvertFilesOptions extends ExportOptions, TransformOptions, ExecutionOptions {
  /** Formats: names, plugins (./x.js, an installed nbx-exporter-<name>), or a comma-separated list of them. */
  to: string | string[];
  /** Mirror the inputs' tree into this directory (default: write beside each input). */
  outputDir?: string;
  /** The output's name (one input only). */
  output?: string;
  /** Hand the contents back (FileOutcome.stdout) instead of writing files. */
  stdout?: boolean;
  /** Worker threads (default: one per 4 MiB of notebooks, at most the number of cores, see threads.ts); 1 converts in this thread. */
  jobs?: number;
  /** Stop starting notebooks after the first failure. */
  failFast?: boolean;
  /** Skip notebooks whose outputs are all newer than they are. */
  changed?: boolean;
  /** Convert only this part of the inputs (CI matrices). */
  shard?: Shard;
  /** What relative inputs and outputs are relative to (default process.cwd()). */
  cwd?: string;
  /** The directory mirrored into outputDir (default: from the inputs; watch mode keeps the first run's). */
  root?: string;
  /** Error messages carry stack traces. */
  debug?: boolean;
  /** The notebooks about to be converted (after expanding, sharding), before any starts. */
  onPlan?: (files: readonly string[]) => void;
  /** A notebook starts converting. */
  onStart?: (input: string) => void;
  /** A code cell starts running (--execute): its index, and how many of the notebook's code cells ran before. */
  onCell?: (input: string, cellIndex: number, codeCellsDone: number, codeCellsTotal: number) => void;
  /** Aborting stops the kernels (Ctrl-C). */
  signal?: AbortSignal;
  /** A notebook is done (called in input order). */
  onResult?: (result: FileOutcome) => void;
}

export interface BatchReport {
  results: FileOutcome[];
  summary: Summary;
  /** 0 all converted, 1 a notebook failed, 2 usage error. */
  exitCode: number;
  /** Directory and glob arguments that matched no notebook. */
  empty: string[];
  /** Notebooks never started (failFast after a failure). */
  notStarted: number;
  /** The mirrored root (for a later call on the same inputs, as watch mode makes). */
  root: string;
  /** Threads that converted: 1 when in this thread. */
  threads: number;
  ms: number;
}

const OPTION_KEYS = ['to', 'outputDir', 'output', 'stdout', 'jobs', 'failFast', 'changed', 'shard', 'cwd', 'root', 'debug', 'onPlan', 'onStart', 'onResult', 'onCell', 'signal'] as const;

/** Converts notebooks to files; throws NbxError (usage) only for what stops the whole batch. */
export async function convertFiles(inputs: string | readonly string[], options: ConvertFilesOptions): Promise<BatchReport> {
  const started = performance.now();
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const formats = formatList(options.to);
  if (options.inplace) {
    if (formats.some((f) => !/^(notebook|ipynb)$/i.test(f))) throw new NbxError('--inplace overwrites the notebooks: it goes with --to notebook only', ExitCode.usage);
    if (options.output || options.outputDir !== undefined) throw new NbxError('--inplace overwrites each input: leave out --output and --output-dir', ExitCode.usage);
  }
  const specs = [...new Set(formats.map((f) => resolveExporterSpec(f, cwd)))];
  const exporters = await Promise.all(specs.map((spec) => loadExporter(spec)));

  const args = typeof inputs === 'string' ? [inputs] : [...inputs];
  if (args.length === 0) throw new NbxError('no input notebooks: give files, directories or globs', ExitCode.usage);
  const expanded = await expandInputs(args, cwd);
  const root = options.root ?? expanded.root;
  let files = expanded.files;
  if (files.length === 0) throw new NbxError(`no notebooks found in ${args.join(' ')}`, ExitCode.usage);
  if (options.shard) files = selectShard(files, options.shard, root, cwd);
  if (options.output && files.length > 1) throw new NbxError('--output names one file: use --output-dir with several inputs', ExitCode.usage);

  const exportOptions = exportOptionsOf(options);
  const toStdout = (input: string) => options.stdout ?? (input === '-' && !options.output && options.outputDir === undefined);
  const job = (input: string): FileJob => ({
    input, options: exportOptions, outputDir: options.outputDir, output: options.output, root, cwd,
    toStdout: toStdout(input),
    debug: options.debug ?? false,
  });
  // Before anything is written: no output replaces a notebook, or another output.
  const conflicts = outputConflicts(files, exporters, { outputDir: options.outputDir, output: options.output, root, cwd },
    (input, e) => !toStdout(input) && !(e.defaultToStdout && !options.output && options.outputDir === undefined));
  // --changed: decided once, before anything is written.
  const unchanged = new Set(options.changed && !options.output
    ? files.filter((input) => input !== '-' &&
      isUpToDate(path.resolve(cwd, input), exporters.map((e) => outputPath(input, e.extension, { outputDir: options.outputDir, root, cwd }))))
    : []);

  // Browsers (pdf) are shared by the pages of one process, and stdin is this
  // process's: those batches stay in this thread, a few notebooks at a time.
  // Otherwise this thread converts too, beside jobs - 1 workers: it is ready at
  // once, while a worker first loads nbx.
  const todo = files.length - unchanged.size;
  const jobs = options.jobs ?? defaultJobs(files.filter((f) => !unchanged.has(f)), cwd);
  const inThread = jobs <= 1 || todo < 2 || exporters.some((e) => e.open) || files.includes('-');
  // Executing, --jobs counts kernels (mostly waited for): more export threads than cores would not help.
  const threads = inThread ? 1 : Math.min(options.execute ? Math.min(jobs, availableParallelism()) : jobs, todo);
  const pool = threads > 1 ? new WorkerPool(threads - 1, { formats: specs }) : null;
  // With workers: one notebook here, and two per worker (one ahead, see workers.ts).
  const executing = !!options.execute;
  const exporting = pool ? 1 + 2 * (threads - 1) : Math.max(1, ...exporters.map((e) => e.concurrency ?? 1));
  // Kernels run from this thread (their processes are its children, stopped on Ctrl-C), --jobs
  // (default: one per core, whatever the notebooks' size) at once.
  const kernels = options.jobs ?? availableParallelism();
  const concurrency = executing ? Math.max(exporting, kernels) : exporting;
  const hooks = (input: string): ExecutionHooks => ({
    signal: options.signal,
    onCell: options.onCell && ((cell, done, total) => options.onCell?.(input, cell, done, total)),
  });
  // The workers' queues are kept full first; this thread takes what is left.
  const convertOne = async (input: string): Promise<FileOutcome> => {
    const next = job(input);
    if (executing && pool) {
      // Executed here, exported by a worker.
      const started = performance.now();
      try {
        const where = input === '-' ? '-' : path.resolve(cwd, input);
        next.executed = await executeInput(where, { ...exportOptions, file: fileName(next) }, hooks(input));
      } catch (e) {
        return failedOutcome(input, e, options.debug ?? false, performance.now() - started);
      }
    }
    return pool?.hasRoom() ? pool.run(next) : convertFile(next, exporters, hooks(input));
  };

  options.onPlan?.(files);
  const results: FileOutcome[] = [];
  let exitCode: number = ExitCode.ok;
  const opened: Exporter[] = [];
  try {
    if (!pool) {
      for (const e of exporters) {
        e.open?.(exportOptions);
        opened.push(e);
      }
    }
    await inOrder(files, concurrency, async (input) => {
      if (unchanged.has(input)) return skipped(input);
      const conflict = conflicts.get(input);
      if (conflict !== undefined) return refused(input, conflict);
      options.onStart?.(input);
      return convertOne(input);
    }, (outcome) => {
      results.push(outcome);
      exitCode = Math.max(exitCode, outcome.exitCode);
      options.onResult?.(outcome);
      return exitCode !== ExitCode.usage && !(options.failFast && outcome.status === 'failed');
    });
  } finally {
    await Promise.all(opened.map((e) => e.close?.()));
    await pool?.close();
  }
  return {
    results,
    summary: summarize(results),
    exitCode,
    empty: expanded.empty,
    notStarted: files.length - results.length,
    root,
    threads,
    ms: Math.round(performance.now() - started),
  };
}

/** `html,pdf` or ['html', 'pdf'] → ['html', 'pdf']. */
export function formatList(to: string | readonly string[]): string[] {
  const list = (typeof to === 'string' ? [to] : to).flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean);
  if (list.length === 0) throw new NbxError('no output format: give --to (html, pdf, latex, rst, …)', ExitCode.usage);
  return list;
}

function refused(input: string, error: string): FileOutcome {
  return { input, status: 'failed', outputs: [], warnings: [], error, ms: 0, exitCode: ExitCode.failed };
}

function skipped(input: string): FileOutcome {
  return { input, status: 'skipped', outputs: [], warnings: [], ms: 0, exitCode: ExitCode.ok };
}

export function summarize(results: readonly FileOutcome[]): Summary {
  const count = (status: FileOutcome['status']) => results.filter((r) => r.status === status).length;
  const cached = results.filter((r) => r.execution === 'cached').length;
  return {
    converted: count('converted'), failed: count('failed'), skipped: count('skipped'), warnings: results.reduce((n, r) => n + r.warnings.length, 0),
    ...(cached > 0 && { cached }),
  };
}

/** The export and transform options (plain data, sent to workers as they are). */
function exportOptionsOf(options: ConvertFilesOptions): ExportOptions & TransformOptions & ExecutionOptions {
  const rest: Record<string, unknown> = { ...options };
  for (const key of OPTION_KEYS) delete rest[key];
  return rest as ExportOptions & TransformOptions & ExecutionOptions;
}
