// What every exporter implements, and what it is given.
import type { Diagnostics } from '../errors.js';
import type { Notebook } from '../notebook/model.js';

export interface ExportOptions {
  /** Untrusted notebook: no script, handler, iframe or JavaScript output from it may run. */
  sanitize?: boolean;
  theme?: 'light' | 'dark';
  /** Link KaTeX/highlight CSS (and the widget manager) from a CDN instead of inlining. */
  cdn?: boolean;
  /** Directory whose templates override the built-in ones. */
  templateDir?: string;
}

export interface ExportContext {
  /** Stem of the output name (`nb` for nb.ipynb); also the title fallback. */
  stem: string;
  /** Directory of the notebook, for relative images; null for stdin. */
  baseDir: string | null;
  diag: Diagnostics;
  options: ExportOptions;
}

/** A file written next to the main output (e.g. `nb_files/nb_3_0.png`). */
export interface ExtraFile {
  path: string;
  data: Uint8Array | string;
}

export interface ExportResult {
  /** The main output's content. */
  content: string | Uint8Array;
  files: ExtraFile[];
}

export interface Exporter {
  name: string;
  /** Extension of the main output, with the dot. */
  extension: string;
  description: string;
  /** Written to stdout unless an output name or directory is given (debug formats). */
  defaultToStdout?: boolean;
  /** Output MIME priority of this format (first wins). */
  mimePriority: readonly string[];
  export(nb: Notebook, ctx: ExportContext): Promise<ExportResult>;
}
