// One notebook of a batch: read once, exported to every format asked for, its
// files written atomically. Runs on a worker thread or in the main thread; what
// it returns is plain data (a FileResult), never an exception.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { exportNotebook, fromJson, loadExecuted, loadNotebook, type ExecutedInput } from '../convert.js';
import { Diagnostics, NbxError, formatProblem } from '../errors.js';
import { changesNotebook, type ExecutionHooks, type ExecutionOptions } from '../execute/pipeline.js';
import type { Exporter, ExportOptions } from '../formats/types.js';
import type { FileResult } from './result.js';
import type { TransformOptions } from '../transforms/index.js';
import { writeOutputs } from './write.js';
import { outputPath } from './layout.js';

export interface FileJob {
  /** As given (relative to cwd), or '-' for stdin. */
  input: string;
  options: ExportOptions & TransformOptions & ExecutionOptions;
  /** Read and executed already (by the main thread, which runs the kernels): export this. */
  executed?: ExecutedInput;
  outputDir?: string;
  /** --output: one input only (see layout.ts). */
  output?: string;
  /** The directory mirrored into outputDir. */
  root: string;
  cwd: string;
  /** Return the content instead of writing it (--stdout, stdin, or a format that defaults to it). */
  toStdout: boolean;
  debug: boolean;
}

export interface FileOutcome extends FileResult {
  /** Exit status for this notebook: 0, 1, or 2 (usage error: stop the batch). */
  exitCode: number;
  /** Contents for stdout, in format order. */
  stdout?: (string | Uint8Array)[];
}

export async function convertFile(job: FileJob, exporters: readonly Exporter[], hooks: ExecutionHooks = {}): Promise<FileOutcome> {
  const started = performance.now();
  const outcome: FileOutcome = { input: job.input, status: 'converted', outputs: [], warnings: [], ms: 0, exitCode: 0 };
  const warnings = new Set<string>();
  const errors: string[] = [];
  const fail = (e: unknown) => {
    const { message, exitCode } = describeError(e, job.input, job.debug);
    errors.push(message);
    outcome.exitCode = Math.max(outcome.exitCode, exitCode);
  };
  try {
    const file = fileName(job);
    const input = job.input === '-' ? readFileSync(0) : path.resolve(job.cwd, job.input);
    const { executed } = job;
    const loaded = executed
      ? fromJson(executed.json, executed.version, withWarnings(executed), file, job.options, executed.source, executed.execution)
      : changesNotebook(job.options)
        ? await loadExecuted(input, { ...job.options, file }, hooks)
        : loadNotebook(input, { ...job.options, file });
    if (loaded.execution !== 'as-is') outcome.execution = loaded.execution;
    for (const exporter of exporters) {
      try {
        const result = await exportNotebook(loaded, exporter, job.options);
        for (const w of result.warnings) warnings.add(formatProblem(w));
        if (job.toStdout || (exporter.defaultToStdout && !job.output && job.outputDir === undefined)) {
          (outcome.stdout ??= []).push(result.content);
          continue;
        }
        const target = outputPath(job.input, result.extension, { outputDir: job.outputDir, output: job.output, root: job.root, cwd: job.cwd });
        // --inplace (--to notebook only) is the one way to write over the notebook.
        if (job.input !== '-' && !job.options.inplace && target === path.resolve(job.cwd, job.input)) throw new NbxError(`${job.input}: the ${exporter.name} output would overwrite the notebook itself; not written`);
        const trusted = trustedDir(job, target);
        const files = result.files.map((f) => ({ path: path.resolve(path.dirname(target), f.path), data: f.data }));
        writeOutputs(trusted, { path: target, data: result.content }, files, job.input, job.cwd);
        outcome.outputs.push(displayPath(target, job.cwd));
      } catch (e) {
        fail(e);
        if (outcome.exitCode === 2) break; // a usage error (a broken --template) repeats for every format
      }
    }
    for (const w of loaded.diag.warnings) warnings.add(formatProblem(w));
  } catch (e) {
    fail(e); // the notebook could not be read
  }
  outcome.warnings = [...warnings];
  if (errors.length > 0) {
    outcome.status = 'failed';
    outcome.error = errors.join('\nnbx: ');
    outcome.exitCode = Math.max(outcome.exitCode, 1);
  }
  outcome.ms = Math.round(performance.now() - started);
  return outcome;
}

/** The outcome of a notebook that failed before it was exported (its execution). */
export function failedOutcome(input: string, e: unknown, debug: boolean, ms: number): FileOutcome {
  const { message, exitCode } = describeError(e, input, debug);
  return { input, status: 'failed', outputs: [], warnings: [], error: message, ms: Math.round(ms), exitCode: Math.max(exitCode, 1) };
}

/** How messages name the notebook: as given when that finds it (job.cwd is the process's), else by its full path. */
export function fileName(job: FileJob): string {
  const where = path.resolve(job.cwd, job.input);
  return job.input === '-' || path.resolve(job.input) === where ? job.input : where;
}

function withWarnings(executed: ExecutedInput): Diagnostics {
  const diag = new Diagnostics(executed.file);
  diag.warnings.push(...executed.warnings);
  return diag;
}

/** One line for an error (a stack trace after it only with --debug), and its exit code. */
export function describeError(e: unknown, input: string, debug: boolean): { message: string; exitCode: number } {
  if (e instanceof NbxError) {
    return { message: e.message + (debug && e.stack ? `\n${e.stack}` : ''), exitCode: e.exitCode };
  }
  const err = e as Error;
  const where = input ? `${input}: ` : '';
  const message = `${where}internal error: ${err?.message ?? String(e)}${debug ? '' : ' (run with --debug for details)'}`;
  return { message: message + (debug && err?.stack ? `\n${err.stack}` : ''), exitCode: 1 };
}

/**
 * Below this directory, nbx writes only into directories it made or real ones
 * (write.ts): the output directory, or the working directory when the output
 * directory is inside it (a checked-out tree may hold `site -> ~/.ssh`), or
 * the directory of the output beside the notebook.
 */
function trustedDir(job: FileJob, target: string): string {
  if (job.outputDir === undefined || job.output) return path.dirname(target);
  const dir = path.resolve(job.cwd, job.outputDir);
  const rel = path.relative(path.resolve(job.cwd), dir);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? path.resolve(job.cwd) : dir;
}

/** Relative to cwd when below it (as the user typed the inputs), else absolute. */
function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}
