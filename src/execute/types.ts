// The contract between execution (src/execute/) and the rest of the pipeline.
// Execution works on nbformat 4 JSON (as nbclient does on nbformat's dicts), not
// on nbx's model: outputs must be recorded exactly as Jupyter stores them, so the
// executed notebook can be written back (`--to notebook`) or read into the model.

import type { NotebookJson } from '../notebook/json.js';

export type { NotebookJson } from '../notebook/json.js';

export interface ExecuteOptions {
  /** Kernel name; default the notebook's metadata.kernelspec.name, else by its language. */
  kernel?: string;
  /** Working directory of the kernel (nbconvert: the notebook's directory). */
  cwd: string;
  /** Seconds a cell may run before it is interrupted; default none. */
  cellTimeout?: number;
  /** Seconds to wait for the kernel to answer kernel_info; default 60. */
  startupTimeout?: number;
  /** Keep going after a cell raises (its error output is kept). */
  allowErrors?: boolean;
  /** Add nbclient's metadata.execution timestamps (off: output is deterministic). */
  recordTiming?: boolean;
  /** Aborting stops the kernel and rejects (Ctrl-C). */
  signal?: AbortSignal;
  /** Called before each code cell runs (progress). */
  onCell?: (cellIndex: number, codeCellsDone: number, codeCellsTotal: number) => void;
  /** Warnings (e.g. a message with a bad signature), as one-line messages. */
  warn?: (message: string) => void;
}

/**
 * Runs every code cell of `nb` in a new kernel and returns the executed notebook
 * (a new object; `nb` is not changed). The kernel and its connection file are
 * gone when the promise settles, whatever happened. Rejects with an NbxError whose
 * message is one line, e.g. "cell 7 (In [5]) raised ZeroDivisionError: division by zero".
 */
export type ExecuteNotebook = (nb: NotebookJson, options: ExecuteOptions) => Promise<NotebookJson>;
