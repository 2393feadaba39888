// The whole pipeline for one notebook: read → model → transforms → exporter.
import path from 'node:path';
import { Diagnostics, type Warning } from './errors.js';
import { getExporter } from './exporters/index.js';
import type { ExportOptions, ExtraFile } from './exporters/types.js';
import { readNotebook } from './notebook/read.js';
import { applyTransforms, type TransformOptions } from './transforms/index.js';

export interface ConvertOptions extends ExportOptions, TransformOptions {
  /** Output format: html, json, … */
  to: string;
  /** Name shown in messages, and whose directory holds relative images. Default: none (stdin). */
  file?: string | null;
  /** Stem for titles and extracted file names; default from `file`, else "notebook". */
  stem?: string;
}

export interface ConvertResult {
  content: string | Uint8Array;
  /** Extension of the main output, with the dot. */
  extension: string;
  files: ExtraFile[];
  warnings: Warning[];
}

/** Converts notebook bytes (or text). Throws NbxError for a notebook that cannot be read. */
export async function convert(input: Uint8Array | string, options: ConvertOptions): Promise<ConvertResult> {
  const exporter = getExporter(options.to);
  const file = options.file ?? null;
  const diag = new Diagnostics(file);
  const nb = applyTransforms(readNotebook(input, file, diag), options);
  const stem = options.stem ?? (file && file !== '-' ? path.basename(file).replace(/\.ipynb$/i, '') : 'notebook');
  const result = await exporter.export(nb, {
    stem,
    baseDir: file && file !== '-' ? path.dirname(path.resolve(file)) : null,
    diag,
    options,
    source: typeof input === 'string' ? new TextEncoder().encode(input) : input,
  });
  return { ...result, extension: result.extension ?? exporter.extension, warnings: diag.warnings };
}
