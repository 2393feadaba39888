// --to notebook: the notebook itself, as nbformat writes it (see nbformat-json.ts):
// executed, cleared, parameterized or upgraded from an old format on the way.
// Named as nbconvert names it: nb.ipynb → nb.nbconvert.ipynb; --inplace overwrites nb.ipynb.
import { NbxError } from '../../errors.js';
import type { Exporter } from '../types.js';
import { writeNotebookJson } from './nbformat-json.js';

export const notebookExporter: Exporter = {
  name: 'notebook',
  extension: '.nbconvert.ipynb',
  description: 'the notebook as nbformat writes it: executed, cleared or upgraded to 4.5',
  mimePriority: [],
  async export(_nb, ctx) {
    if (!ctx.json) throw new NbxError(`${ctx.diag.file ?? ctx.stem}: --to notebook needs the notebook's JSON (ExportContext.json)`);
    return { content: writeNotebookJson(ctx.json), files: [], ...(ctx.options.inplace && { extension: '.ipynb' }) };
  },
};
