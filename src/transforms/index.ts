// The ordered list of passes run on every notebook before an exporter sees it.
import type { Notebook } from '../notebook/model.js';
import { applyCellMagics } from './magics.js';
import { coalesceStreams } from './streams.js';
import { applyViewTags, removeCodeInput, removePrompts, removeTaggedCells } from './tags.js';

export interface TransformOptions {
  /** --no-input */
  noInput?: boolean;
  /** --no-prompt */
  noPrompt?: boolean;
  /** --remove-tag (repeatable) */
  removeTags?: readonly string[];
}

export interface Transform {
  name: string;
  run(nb: Notebook, opts: TransformOptions): void;
}

export const transforms: Transform[] = [
  { name: 'remove-tagged-cells', run: (nb, o) => removeTaggedCells(nb, o.removeTags) },
  { name: 'view-tags', run: (nb) => applyViewTags(nb) },
  { name: 'no-input', run: (nb, o) => o.noInput && removeCodeInput(nb) },
  { name: 'no-prompt', run: (nb, o) => o.noPrompt && removePrompts(nb) },
  { name: 'cell-magics', run: (nb) => applyCellMagics(nb) },
  { name: 'coalesce-streams', run: (nb) => coalesceStreams(nb) },
];

/** Runs every pass in order; the model is changed in place and returned. */
export function applyTransforms(nb: Notebook, opts: TransformOptions = {}): Notebook {
  for (const t of transforms) t.run(nb, opts);
  return nb;
}
