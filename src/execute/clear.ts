// --clear-output: what `jupyter nbconvert --clear-output` removes (its
// ClearOutputPreprocessor), plus the notebook's widget state, which describes
// the outputs removed; the run-time stamps of nbclient (metadata.execution) go too.
import { isObject } from '../notebook/raw.js';
import type { NotebookJson } from './types.js';

const OUTPUT_METADATA = ['collapsed', 'scrolled', 'execution'];

/** A copy of `nb` without outputs, execution counts or widget state. */
export function clearOutputs(nb: NotebookJson): NotebookJson {
  const cells = nb.cells.map((cell) => {
    if (!isObject(cell) || cell.cell_type !== 'code') return cell;
    const cleared: Record<string, unknown> = { ...cell, outputs: [], execution_count: null };
    if (isObject(cell.metadata)) {
      const metadata = { ...cell.metadata };
      for (const key of OUTPUT_METADATA) delete metadata[key];
      cleared.metadata = metadata;
    }
    return cleared;
  });
  const metadata = { ...nb.metadata };
  delete metadata.widgets;
  return { ...nb, metadata, cells };
}

/** Code cells with a source, and none holding outputs: what `--execute=auto` runs (nbsphinx's rule). */
export function needsExecution(nb: NotebookJson): boolean {
  const code = nb.cells.filter((c) => isObject(c) && c.cell_type === 'code');
  const hasSource = (c: Record<string, unknown>) => (Array.isArray(c.source) ? c.source.join('') : String(c.source ?? '')).trim() !== '';
  return code.some(hasSource) && !code.some((c) => Array.isArray(c.outputs) && c.outputs.length > 0);
}
