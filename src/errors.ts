// One error type with stable exit codes (as pandoc's PandocError), and one
// collector for non-fatal problems. Messages are one line, start with the file.

export const ExitCode = {
  ok: 0,
  /** A notebook could not be converted (others in the batch still are). */
  failed: 1,
  /** Bad command line: unknown format, missing input, … */
  usage: 2,
} as const;

export class NbxError extends Error {
  constructor(message: string, readonly exitCode: number = ExitCode.failed) {
    super(message);
    this.name = 'NbxError';
  }
}

export interface Warning {
  /** File the problem is in ("-" for stdin), or null for global problems. */
  file: string | null;
  /** JSON path inside the notebook, e.g. `cells[3].outputs[0]`. */
  path: string | null;
  message: string;
}

export function formatProblem(w: { file: string | null; path: string | null; message: string }): string {
  return [w.file, w.path, w.message].filter((p) => p).join(': ');
}

/** Collects warnings for one notebook; the CLI prints them to stderr. */
export class Diagnostics {
  readonly warnings: Warning[] = [];
  constructor(readonly file: string | null = null) {}

  warn(path: string | null, message: string): void {
    this.warnings.push({ file: this.file, path, message });
  }

  /** Raise a fatal, one-line error about this file. */
  fail(path: string | null, message: string): never {
    throw new NbxError(formatProblem({ file: this.file, path, message }));
  }
}
