// What a batch reports about each notebook and in total: plain data, for the CLI's
// progress display, the --json report and library callers alike.

export interface FileResult {
  /** As displayed. */
  input: string;
  /** skipped = unchanged (--changed). */
  status: 'converted' | 'failed' | 'skipped';
  /** Main output paths written (as displayed), one per format. */
  outputs: string[];
  /** One-line messages, e.g. 'nb.ipynb: cells[3]: …', without the 'nbx: warning: ' prefix. */
  warnings: string[];
  /** One-line message for a failure, without the 'nbx: ' prefix (a --debug stack trace may follow on further lines). */
  error?: string;
  /** Executed by a kernel (--execute), or its outputs taken from the cache (--cache). */
  execution?: 'executed' | 'cached';
  ms: number;
}

export interface Summary {
  converted: number;
  failed: number;
  skipped: number;
  warnings: number;
  /** Notebooks whose outputs came from the execution cache (present when any did). */
  cached?: number;
}
