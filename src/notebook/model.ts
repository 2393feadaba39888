// The one intermediate model every exporter reads. Plain data: it can be
// printed with `--to json`, diffed in tests, and never refers back to the
// raw notebook JSON (exporters must not re-read it).

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * One value of a MIME bundle. Text types are strings (joined from line lists);
 * base64 image/pdf payloads are decoded to bytes; JSON types (application/json,
 * *+json) keep their parsed value.
 */
export type MimeValue = string | Uint8Array | JsonValue;
export type MimeBundle = Record<string, MimeValue>;

export interface StreamOutput {
  type: 'stream';
  name: string; // 'stdout' | 'stderr' (nbformat allows any name)
  text: string;
}

export interface DisplayOutput {
  type: 'display_data' | 'execute_result';
  data: MimeBundle;
  /** Per-MIME metadata (width/height, isolated, filename, …) plus top-level keys. */
  metadata: JsonObject;
  /** Only for execute_result. */
  executionCount: number | null;
}

export interface ErrorOutput {
  type: 'error';
  ename: string;
  evalue: string;
  traceback: string[];
}

export type Output = StreamOutput | DisplayOutput | ErrorOutput;

/** How a cell part is shown; set by the tag transforms. */
export type Visibility = 'show' | 'collapse' | 'remove';

export interface CellView {
  /** The whole cell is collapsed into a <details> (hide-cell). */
  cell: 'show' | 'collapse';
  input: Visibility;
  outputs: Visibility;
  /** Hide `In [n]:` / `Out[n]:` prompts (--no-prompt). */
  prompt: boolean;
}

interface CellBase {
  /** nbformat 4.5 id, or a generated stable one (`cell-<index>`). */
  id: string;
  /** Position in the notebook file, 0-based: kept stable across removals for messages and file names. */
  index: number;
  source: string;
  tags: string[];
  metadata: JsonObject;
  view: CellView;
}

export interface MarkdownCell extends CellBase {
  type: 'markdown';
  /** attachment name → MIME bundle (images decoded to bytes). */
  attachments: Record<string, MimeBundle>;
}

export interface CodeCell extends CellBase {
  type: 'code';
  executionCount: number | null;
  outputs: Output[];
  /** Highlighting language of this cell (notebook language, or switched by a %%magic). */
  language: string;
}

export interface RawCell extends CellBase {
  type: 'raw';
  /** metadata.raw_mimetype (or v3 `format`), e.g. text/html, text/latex. */
  mimeType: string | null;
  attachments: Record<string, MimeBundle>;
}

export type Cell = MarkdownCell | CodeCell | RawCell;

export interface NotebookInfo {
  /** metadata.title, if any. */
  title: string | null;
  /** metadata.authors[].name */
  authors: string[];
  /** Language of code cells, normalised for highlighting (ipython3 → python). */
  language: string;
  /** File extension of the kernel's language (from language_info.file_extension), e.g. ".py". */
  fileExtension: string | null;
  kernelName: string | null;
  kernelDisplayName: string | null;
}

export interface Notebook {
  /** Format of the file as read (after upgrade the model is always v4 shaped). */
  nbformat: number;
  nbformatMinor: number;
  info: NotebookInfo;
  /** Notebook-level metadata as written (minus nothing): exporters may read known keys. */
  metadata: JsonObject;
  cells: Cell[];
}
