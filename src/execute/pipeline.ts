// What happens to a notebook's JSON before it is exported: outputs cleared
// (--clear-output), parameters injected (-p), then executed (--execute), or
// its outputs taken from the cache (--cache). Works on nbformat 4 JSON (see types.ts).
import { isObject } from '../notebook/raw.js';
import { cacheKey, fromCache, toCache } from './cache.js';
import { clearOutputs, needsExecution } from './clear.js';
import { injectParameters, type Parameters } from './parameters.js';
import type { ExecuteNotebook, ExecuteOptions, NotebookJson } from './types.js';

export interface ExecutionOptions {
  /** Run the code cells; 'auto': only notebooks with code cells and no outputs (nbsphinx's default). */
  execute?: boolean | 'auto';
  /** Kernel name; default the notebook's metadata.kernelspec.name. */
  kernel?: string;
  /** Keep going after a cell raises; its error output is kept. */
  allowErrors?: boolean;
  /** Seconds a cell may run before it is interrupted. */
  cellTimeout?: number;
  /** Seconds the kernel has to start (default 60). */
  startupTimeout?: number;
  /** Working directory of the kernel (default: the notebook's directory, as nbconvert). */
  workingDir?: string;
  /** Add nbclient's metadata.execution timestamps. */
  recordTiming?: boolean;
  /** papermill's parameters: a cell tagged injected-parameters. */
  parameters?: Parameters;
  /** Directory of the execution cache. */
  cache?: string;
  /** Remove outputs, execution counts and widget state. */
  clearOutput?: boolean;
}

export interface ExecutionHooks {
  signal?: AbortSignal;
  onCell?: ExecuteOptions['onCell'];
  warn?: (message: string) => void;
}

/** executed: a kernel ran it; cached: outputs from --cache; as-is: not executed. */
export type ExecutionStatus = 'executed' | 'cached' | 'as-is';

/** Whether the options change the notebook's JSON (else the plain reading path is enough). */
export function changesNotebook(options: ExecutionOptions): boolean {
  return !!options.execute || !!options.clearOutput || Object.keys(options.parameters ?? {}).length > 0;
}

/**
 * Clears, parameterizes and executes `nb` as the options say. `dir` is the
 * notebook's directory (the kernel's default working directory). Rejects as the
 * executor does (NbxError, one line without the file name).
 */
export async function runNotebookJson(
  nb: NotebookJson,
  dir: string,
  options: ExecutionOptions,
  hooks: ExecutionHooks = {},
  executor: () => Promise<ExecuteNotebook> = loadExecutor,
): Promise<{ json: NotebookJson; status: ExecutionStatus }> {
  if (options.clearOutput) nb = clearOutputs(nb);
  const parameters = options.parameters ?? {};
  if (Object.keys(parameters).length > 0) nb = injectParameters(nb, parameters, options.kernel);
  if (!options.execute || (options.execute === 'auto' && !needsExecution(nb))) return { json: nb, status: 'as-is' };

  const spec = isObject(nb.metadata.kernelspec) ? nb.metadata.kernelspec : {};
  const key = options.cache
    ? cacheKey(nb, { kernel: options.kernel ?? (typeof spec.name === 'string' ? spec.name : ''), parameters, allowErrors: options.allowErrors })
    : null;
  if (options.cache && key) {
    const cached = fromCache(options.cache, key, nb);
    if (cached) return { json: cached, status: 'cached' };
  }
  const execute = await executor();
  const executed = await execute(nb, {
    kernel: options.kernel,
    cwd: options.workingDir ?? dir,
    cellTimeout: options.cellTimeout,
    startupTimeout: options.startupTimeout,
    allowErrors: options.allowErrors,
    recordTiming: options.recordTiming,
    signal: hooks.signal,
    onCell: hooks.onCell,
    warn: hooks.warn,
  });
  if (options.cache && key) toCache(options.cache, key, executed);
  return { json: executed, status: 'executed' };
}

/** The kernel side (src/execute/index.ts), loaded only when a notebook is executed. */
async function loadExecutor(): Promise<ExecuteNotebook> {
  return (await import('./index.js')).executeNotebook;
}
