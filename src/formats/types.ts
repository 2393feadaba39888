// What every exporter implements, and what it is given.
import type { Diagnostics } from '../errors.js';
import type { NotebookJson } from '../notebook/json.js';
import type { Notebook } from '../notebook/model.js';

export interface ExportOptions {
  /** Untrusted notebook: no script, handler, iframe or JavaScript output from it may run. */
  sanitize?: boolean;
  theme?: 'light' | 'dark';
  /** Link KaTeX/highlight CSS (and the widget manager) from a CDN instead of inlining. */
  cdn?: boolean;
  /** Warn about each image without alt text (accessibility check). */
  a11y?: boolean;
  /** Directory whose templates override the built-in ones. */
  templateDir?: string;
  /** latex: a table of contents after the title. */
  toc?: boolean;
  /** Paper size of paged formats (pdf, latex); default letter, as nbconvert. */
  paper?: 'letter' | 'a4';
  /** Browser of the browser-based formats (--chrome); default: found as findChrome() does. */
  chromePath?: string;
  /** pdf: landscape pages. */
  landscape?: boolean;
  /** pdf: seconds a page may take to load and print before it is stopped (default 60). */
  timeout?: number;
  /** pdf: let the page load from the network (blocked by default). */
  allowNetwork?: boolean;
  /** pdf: do not embed the source notebook in the PDF. */
  noAttach?: boolean;
  /** slides: reveal.js settings (the --reveal-* flags). */
  reveal?: RevealOptions;
  /** notebook: overwrite the input (nb.ipynb) instead of writing nb.nbconvert.ipynb. */
  inplace?: boolean;
}

/** reveal.js settings of the slides formats; unset ones take reveal.js's defaults. */
export interface RevealOptions {
  /** Link reveal.js from this URL (a copy of the reveal.js package) instead of inlining it. */
  prefix?: string;
  /** Theme name (white, black, simple, …); default white, or black with theme dark. */
  theme?: string;
  /** none, fade, slide, convex, concave or zoom; default slide. */
  transition?: string;
  /** Slide number format: c, c/t, h.v or h/v; default none. */
  number?: string;
  /** Slide size: pixels, or a percentage of the window ("100%"). */
  width?: number | string;
  height?: number | string;
  /** Slides taller than the screen scroll instead of being cut. */
  scroll?: boolean;
}

export interface ExportContext {
  /** Stem of the output name (`nb` for nb.ipynb); also the title fallback. */
  stem: string;
  /** Directory of the notebook, for relative images; null for stdin. */
  baseDir: string | null;
  diag: Diagnostics;
  options: ExportOptions;
  /** The notebook file as read, when there is one (the PDF embeds it). */
  source?: Uint8Array;
  /** The notebook as nbformat 4 JSON, as read (and executed): what `--to notebook` writes. */
  json?: NotebookJson;
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
  /** Extension of this output when it depends on the notebook (script: `.py`, `.R`, …); default the exporter's. */
  extension?: string;
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
  /** How many notebooks `nbx convert` exports at once (default 1). */
  concurrency?: number;
  /**
   * Keep what export() needs across calls (the pdf exporter's browser) until
   * close(), instead of setting it up per call; may start it now. Throws when
   * it cannot be had at all (no browser installed).
   */
  open?(options: ExportOptions): void;
  /** Ends an open(); always call it (in a finally). */
  close?(): Promise<void>;
}
