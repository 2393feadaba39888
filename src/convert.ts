// The whole pipeline for one notebook: read → model → transforms → exporter.
// Nothing here writes to disk: results come back as data (see batch/ for files).
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Diagnostics, ExitCode, NbxError, type Warning } from './errors.js';
import { loadExporter, resolveExporterSpec } from './formats/plugins.js';
import type { Exporter, ExportOptions, ExtraFile } from './formats/types.js';
import { changesNotebook, runNotebookJson, type ExecutionHooks, type ExecutionOptions, type ExecutionStatus } from './execute/pipeline.js';
import type { NotebookJson } from './notebook/json.js';
import { writeNotebookJson } from './formats/notebook/nbformat-json.js';
import type { Notebook } from './notebook/model.js';
import { notebookFromJson, readNotebookSource, type NotebookVersion } from './notebook/read.js';
import { applyTransforms, type TransformOptions } from './transforms/index.js';

/** A notebook as a path, its JSON text, its bytes, or the parsed JSON object. */
export type NotebookInput = string | Uint8Array | object;

export interface ReadOptions extends TransformOptions {
  /** Name shown in messages, and whose directory holds relative images. Default: the input's path, else none. */
  file?: string | null;
  /** Stem for titles and extracted file names; default from `file`, else "notebook". */
  stem?: string;
}

export interface ConvertOptions extends ExportOptions, ReadOptions, ExecutionOptions {
  /** Output format: a built-in name (html, pdf, …), a plugin (./x.js, or nbx-exporter-<name> installed), or an Exporter. */
  to: string | Exporter;
}

export interface ConvertResult {
  /** The main output: text, or bytes (pdf). */
  content: string | Uint8Array;
  /** Extension of the main output, with the dot. */
  extension: string;
  /** Files the main output refers to (extracted images, …), relative to it. */
  files: ExtraFile[];
  warnings: Warning[];
}

/** A notebook read and transformed once, ready for any number of exporters. */
export interface LoadedNotebook {
  nb: Notebook;
  diag: Diagnostics;
  file: string | null;
  stem: string;
  source?: Uint8Array;
  /** The notebook as nbformat 4 JSON (executed when asked): what `--to notebook` writes. */
  json: NotebookJson;
  /** Whether it was executed, taken from the cache, or left as it was. */
  execution: ExecutionStatus;
}

/**
 * Converts a notebook to one format and returns the output without touching
 * the disk. A string is JSON text when it starts with `{`, else a path.
 * Throws NbxError (one-line message) for a notebook that cannot be read.
 */
export async function convert(input: NotebookInput, options: ConvertOptions & ExecutionHooks): Promise<ConvertResult> {
  const exporter = await exporterFor(options.to);
  const loaded = changesNotebook(options) ? await loadExecuted(input, options, options) : loadNotebook(input, options);
  return exportNotebook(loaded, exporter, options);
}

/**
 * Runs a notebook's code cells in a Jupyter kernel (with the cache, parameters,
 * --clear-output as the options say) and returns the executed model. The kernel
 * is gone when the promise settles. Rejects with a one-line NbxError naming the file:
 * `nb.ipynb: cell 7 (In [5]) raised ZeroDivisionError: division by zero`.
 */
export async function execute(notebook: NotebookInput, options: ExecutionOptions & ExecutionHooks & ReadOptions = {}): Promise<Notebook> {
  const loaded = await loadExecuted(notebook, { ...options, execute: options.execute ?? true }, options);
  return loaded.nb;
}

/** loadNotebook, with the notebook cleared, parameterized and executed first as the options say. */
export async function loadExecuted(input: NotebookInput, options: ReadOptions & ExecutionOptions, hooks: ExecutionHooks = {}): Promise<LoadedNotebook> {
  const run = await executeInput(input, options, hooks);
  const diag = new Diagnostics(run.file);
  diag.warnings.push(...run.warnings);
  return fromJson(run.json, run.version, diag, run.file, options, run.source, run.execution);
}

/** A notebook read and executed, as plain data (what a worker thread is sent to export). */
export interface ExecutedInput {
  file: string | null;
  json: NotebookJson;
  version: NotebookVersion;
  warnings: Warning[];
  source?: Uint8Array;
  execution: ExecutionStatus;
}

/** Reads a notebook and clears, parameterizes and executes it as the options say. */
export async function executeInput(input: NotebookInput, options: ReadOptions & ExecutionOptions, hooks: ExecutionHooks = {}): Promise<ExecutedInput> {
  const { file, data } = inputData(input, options);
  const diag = new Diagnostics(file);
  const { json, version } = readNotebookSource(data, file, diag);
  const dir = file && file !== '-' ? path.dirname(path.resolve(file)) : process.cwd();
  let run: Awaited<ReturnType<typeof runNotebookJson>>;
  try {
    run = await runNotebookJson(json, dir, options, { ...hooks, warn: hooks.warn ?? ((message) => diag.warn(null, message)) });
  } catch (e) {
    // The executor's messages say what happened, the batch says to which file.
    if (e instanceof NbxError && file) throw new NbxError(`${file}: ${e.message}`, e.exitCode);
    throw e;
  }
  // The PDF attaches the notebook it shows: the executed one.
  const source = run.json === json ? sourceBytes(data) : new TextEncoder().encode(writeNotebookJson(run.json));
  return { file, json: run.json, version, warnings: diag.warnings, source, execution: run.status };
}

/** A loaded notebook from its JSON (read, or executed on another thread). */
export function fromJson(json: NotebookJson, version: NotebookVersion, diag: Diagnostics, file: string | null, options: ReadOptions, source: Uint8Array | undefined, execution: ExecutionStatus): LoadedNotebook {
  const nb = applyTransforms(notebookFromJson(json, diag, version), options);
  return { nb, diag, file, stem: stemOf(file, options), source, json, execution };
}

/** An Exporter for a `to` value (resolving plugins against `cwd`). */
export async function exporterFor(to: string | Exporter, cwd = process.cwd()): Promise<Exporter> {
  return typeof to === 'string' ? loadExporter(resolveExporterSpec(to, cwd)) : to;
}

/** Reads and transforms a notebook (throws NbxError when it cannot be read). */
export function loadNotebook(input: NotebookInput, options: ReadOptions = {}): LoadedNotebook {
  const { file, data } = inputData(input, options);
  const diag = new Diagnostics(file);
  const { json, version } = readNotebookSource(data, file, diag);
  return fromJson(json, version, diag, file, options, sourceBytes(data), 'as-is');
}

function inputData(input: NotebookInput, options: ReadOptions): { file: string | null; data: Uint8Array | string | object } {
  let file = options.file ?? null;
  let data: Uint8Array | string | object = input;
  if (typeof input === 'string' && !/^\s*\{/.test(input)) {
    file ??= input;
    data = readInputFile(input);
  }
  return { file, data };
}

const stemOf = (file: string | null, options: ReadOptions) => options.stem ?? (file && file !== '-' ? path.basename(file).replace(/\.ipynb$/i, '') : 'notebook');

const sourceBytes = (data: Uint8Array | string | object) =>
  typeof data === 'string' ? new TextEncoder().encode(data) : data instanceof Uint8Array ? data : undefined;

/** Runs one exporter on a loaded notebook. Warnings are those of reading plus this export's. */
export async function exportNotebook(loaded: LoadedNotebook, exporter: Exporter, options: ExportOptions): Promise<ConvertResult> {
  const { nb, file, stem, source, json } = loaded;
  const diag = new Diagnostics(file);
  diag.warnings.push(...loaded.diag.warnings);
  const result = await exporter.export(nb, {
    stem,
    baseDir: file && file !== '-' ? path.dirname(path.resolve(file)) : null,
    diag,
    options,
    source,
    json,
  });
  return { content: result.content, files: result.files, extension: result.extension ?? exporter.extension, warnings: diag.warnings };
}

/** Reads an input file, with a one-line error naming it. */
export function readInputFile(file: string): Buffer {
  if (file === '-') return readFileSync(0);
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO named x.ipynb must not block until someone writes to it.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw inputError(file, e);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new NbxError(`${file}: is a directory, not a notebook`, ExitCode.failed);
    if (!stat.isFile()) throw new NbxError(`${file}: not a regular file`, ExitCode.failed);
    return readFileSync(fd);
  } catch (e) {
    throw e instanceof NbxError ? e : inputError(file, e);
  } finally {
    closeSync(fd);
  }
}

function inputError(file: string, e: unknown): NbxError {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a notebook' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
  return new NbxError(`${file}: ${why}`, ExitCode.failed);
}
