// Cell tags as nbconvert's TagRemovePreprocessor and Jupyter Book read them.
// Both spellings (remove_cell / remove-cell) are accepted.
import type { Notebook, Visibility } from '../notebook/model.js';

const has = (tags: string[], name: string) => tags.includes(name.replace('-', '_')) || tags.includes(name.replace('_', '-'));

/** Drops cells tagged remove-cell (and any of `extraTags`, from --remove-tag). */
export function removeTaggedCells(nb: Notebook, extraTags: readonly string[] = []): void {
  nb.cells = nb.cells.filter((cell) => !has(cell.tags, 'remove-cell') && !extraTags.some((t) => cell.tags.includes(t)));
}

/** remove-input/-output remove a part; hide-input/-output/-cell collapse it. */
export function applyViewTags(nb: Notebook): void {
  for (const cell of nb.cells) {
    const v = cell.view;
    const part = (remove: string, hide: string, current: Visibility): Visibility =>
      has(cell.tags, remove) ? 'remove' : current === 'show' && has(cell.tags, hide) ? 'collapse' : current;
    v.input = part('remove-input', 'hide-input', v.input);
    v.outputs = part('remove-output', 'hide-output', v.outputs);
    if (has(cell.tags, 'hide-cell')) v.cell = 'collapse';
  }
}

/** --no-input: code cells lose their input and every prompt goes (markdown stays), as in nbconvert. */
export function removeCodeInput(nb: Notebook): void {
  for (const cell of nb.cells) {
    if (cell.type === 'code') cell.view.input = 'remove';
    cell.view.prompt = false;
  }
}

/** --no-prompt */
export function removePrompts(nb: Notebook): void {
  for (const cell of nb.cells) cell.view.prompt = false;
}
