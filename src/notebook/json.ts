// A notebook as Jupyter stores it, upgraded to nbformat 4: what execution and
// `--to notebook` work on (outputs exactly as Jupyter records them), and what the model is built from.

/** A notebook as nbformat 4 JSON (already upgraded), the object JSON.parse gives. */
export type NotebookJson = {
  nbformat: 4;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: Array<Record<string, unknown>>;
  [key: string]: unknown;
};
