// The whole pipeline for one notebook: read → model → transforms → exporter.
// Nothing here writes to disk: results come back as data (see batch/ for files).
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Diagnostics, ExitCode, NbxError, type Warning } from './errors.js';
import { loadExporter, resolveExporterSpec } from './formats/plugins.js';
import type { Exporter, ExportOptions, ExtraFile } from './formats/types.js';
import type { Notebook } from './notebook/model.js';
import { readNotebook } from './notebook/read.js';
import { applyTransforms, type TransformOptions } from './transforms/index.js';

/** A notebook as a path, its JSON text, its bytes, or the parsed JSON object. */
export type NotebookInput = string | Uint8Array | object;

export interface ReadOptions extends TransformOptions {
  /** Name shown in messages, and whose directory holds relative images. Default: the input's path, else none. */
  file?: string | null;
  /** Stem for titles and extracted file names; default from `file`, else "notebook". */
  stem?: string;
}

export interface ConvertOptions extends ExportOptions, ReadOptions {
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
}

/**
 * Converts a notebook to one format and returns the output without touching
 * the disk. A string is JSON text when it starts with `{`, else a path.
 * Throws NbxError (one-line message) for a notebook that cannot be read.
 */
export async function convert(input: NotebookInput, options: ConvertOptions): Promise<ConvertResult> {
  const exporter = await exporterFor(options.to);
  return exportNotebook(loadNotebook(input, options), exporter, options);
}

/** An Exporter for a `to` value (resolving plugins against `cwd`). */
export async function exporterFor(to: string | Exporter, cwd = process.cwd()): Promise<Exporter> {
  return typeof to === 'string' ? loadExporter(resolveExporterSpec(to, cwd)) : to;
}

/** Reads and transforms a notebook (throws NbxError when it cannot be read). */
export function loadNotebook(input: NotebookInput, options: ReadOptions = {}): LoadedNotebook {
  let file = options.file ?? null;
  let data: Uint8Array | string | object = input;
  if (typeof input === 'string' && !/^\s*\{/.test(input)) {
    file ??= input;
    data = readInputFile(input);
  }
  const diag = new Diagnostics(file);
  const nb = applyTransforms(readNotebook(data, file, diag), options);
  const stem = options.stem ?? (file && file !== '-' ? path.basename(file).replace(/\.ipynb$/i, '') : 'notebook');
  const source = typeof data === 'string' ? new TextEncoder().encode(data) : data instanceof Uint8Array ? data : undefined;
  return { nb, diag, file, stem, source };
}

/** Runs one exporter on a loaded notebook. Warnings are those of reading plus this export's. */
export async function exportNotebook(loaded: LoadedNotebook, exporter: Exporter, options: ExportOptions): Promise<ConvertResult> {
  const { nb, file, stem, source } = loaded;
  const diag = new Diagnostics(file);
  diag.warnings.push(...loaded.diag.warnings);
  const result = await exporter.export(nb, {
    stem,
    baseDir: file && file !== '-' ? path.dirname(path.resolve(file)) : null,
    diag,
    options,
    source,
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
