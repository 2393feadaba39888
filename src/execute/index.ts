// executeNotebook: runs every code cell of a notebook in a new Jupyter kernel,
// as nbclient does (then nbconvert's coalesce_streams). See types.ts for the contract.
import { NbxError } from '../errors.js';
import { Kernel } from './kernel.js';
import { resolveKernel } from './kernelspec.js';
import { coalesceStreams, Recorder, type CellJson } from './record.js';
import type { ExecuteNotebook, ExecuteOptions, NotebookJson } from './types.js';
import type { Message } from './wire.js';

export type { ExecuteNotebook, ExecuteOptions, NotebookJson } from './types.js';
export { listKernelSpecs, resolveKernel, jupyterDataDirs, type KernelSpec } from './kernelspec.js';
export { liveKernelCount } from './reaper.js';

const sourceOf = (cell: CellJson) => (Array.isArray(cell.source) ? cell.source.join('') : String(cell.source ?? ''));
const tagsOf = (cell: CellJson) => {
  const tags = (cell.metadata as { tags?: unknown } | undefined)?.tags;
  return Array.isArray(tags) ? tags : [];
};

/** Cells nbclient runs: code, not blank, not tagged skip-execution. */
function runnable(cell: CellJson): boolean {
  return cell.cell_type === 'code' && sourceOf(cell).trim() !== '' && !tagsOf(cell).includes('skip-execution');
}

export const executeNotebook: ExecuteNotebook = async (input, options) => {
  const nb = structuredClone(input) as NotebookJson;
  const cells = nb.cells as CellJson[];
  const spec = resolveKernel(nb, options.kernel);
  const total = cells.filter(runnable).length;
  const signal = options.signal;
  if (signal?.aborted) throw aborted();
  const warn = options.warn ?? (() => undefined);
  const { kernel, info } = await Kernel.start(spec, { cwd: options.cwd, startupTimeout: options.startupTimeout ?? 60, warn, signal });
  try {
    const languageInfo = info.content.language_info;
    if (languageInfo && typeof languageInfo === 'object') nb.metadata = { ...nb.metadata, language_info: languageInfo };
    const recorder = new Recorder(cells, options.recordTiming === true);
    let done = 0;
    const executed: CellJson[] = [];
    for (const [index, cell] of cells.entries()) {
      if (!runnable(cell)) continue;
      options.onCell?.(index, done, total);
      await runCell(kernel, recorder, cell, index, done + 1, options);
      done++;
      executed.push(cell);
    }
    for (const cell of executed) cell.outputs = coalesceStreams(cell.outputs ?? []);
    const widgets = recorder.widgetsMetadata();
    if (widgets) nb.metadata = { ...nb.metadata, widgets };
    return nb;
  } finally {
    await kernel.shutdown();
  }
};

/** One execute_request; settles once its execute_reply and its iopub idle both arrived. */
async function runCell(kernel: Kernel, recorder: Recorder, cell: CellJson, index: number, count: number, options: ExecuteOptions): Promise<void> {
  const allowsErrors = options.allowErrors === true || tagsOf(cell).includes('raises-exception');
  recorder.startCell(cell);
  const where = () => `cell ${index} (In [${typeof cell.execution_count === 'number' ? cell.execution_count : count}])`;
  let reply: Message | undefined;
  let idle = false;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const msgId = kernel.send('shell', 'execute_request', {
    code: sourceOf(cell), silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: !allowsErrors,
  }, {
    onReply: (m) => {
      if (m.msg_type !== 'execute_reply') return;
      reply = m;
      recorder.reply(m, cell);
      if (idle) finish();
    },
    onIopub: (m) => {
      recorder.iopub(m, cell, index);
      if (m.msg_type === 'status' && m.content.execution_state === 'idle') {
        idle = true;
        if (reply) finish();
      }
    },
  });
  const timers: NodeJS.Timeout[] = [];
  let onAbort: (() => void) | undefined;
  try {
    const outcome = await new Promise<'done' | 'timeout' | 'died' | 'aborted'>((resolve) => {
      void finished.then(() => resolve('done'));
      void kernel.exited.then(() => resolve('died'));
      if (options.cellTimeout && options.cellTimeout > 0) timers.push(setTimeout(() => resolve('timeout'), options.cellTimeout * 1000));
      if (options.signal) {
        onAbort = () => resolve('aborted');
        if (options.signal.aborted) onAbort();
        else options.signal.addEventListener('abort', onAbort, { once: true });
      }
    });
    if (outcome === 'aborted') throw aborted();
    if (outcome === 'died') throw new NbxError(`${where()}: kernel died (${kernel.describeExit()})`);
    if (outcome === 'timeout') {
      kernel.interrupt();
      throw new NbxError(`${where()} timed out after ${options.cellTimeout} s (cell timeout); the kernel was interrupted and stopped`);
    }
  } finally {
    for (const t of timers) clearTimeout(t);
    if (onAbort) options.signal?.removeEventListener('abort', onAbort);
    kernel.forget(msgId);
  }
  // nbclient numbers the cells it ran itself (the kernel's count is the same unless the kernel skips some).
  cell.execution_count = count;
  const content = reply!.content;
  if (content.status === 'error' && !allowsErrors) {
    const evalue = String(content.evalue ?? '').split('\n')[0]!.trim();
    throw new NbxError(`${where()} raised ${String(content.ename ?? 'an error')}${evalue ? `: ${evalue}` : ''}`);
  }
}

export function aborted(): NbxError {
  return new NbxError('execution aborted; kernel stopped');
}
