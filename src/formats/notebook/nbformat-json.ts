// A notebook as nbformat writes it (nbformat.write: v4/nbjson.py JSONWriter), so
// that `nbx convert --to notebook` and `jupyter nbconvert --to notebook` give the
// same bytes: 1-space indent, keys sorted, non-ASCII kept (ensure_ascii=False),
// multiline strings as lists of lines (split_lines), transient keys dropped
// (strip_transient), a final newline. Always nbformat 4.5: cells without a valid,
// unique id get one, derived from their index (nbformat's are random).
import { Diagnostics } from '../../errors.js';
import type { NotebookJson } from '../../notebook/json.js';
import { CellIds } from '../../notebook/cells.js';
import { isObject, type RawObject } from '../../notebook/raw.js';

export const NBFORMAT_MINOR = 5;

/** The text of `nb` as nbformat writes it (`nb` itself is not changed). */
export function writeNotebookJson(nb: NotebookJson): string {
  const copy = structuredClone(nb) as RawObject;
  const cells = Array.isArray(copy.cells) ? copy.cells : (copy.cells = []);
  withCellIds(copy, cells);
  for (const cell of cells) if (isObject(cell)) splitCell(cell);
  stripTransient(copy, cells);
  return dumps(copy, '') + '\n';
}

/** nbformat 4.5 ids: kept when valid and unique, else `cell-<index>` (as nbx's model names cells). */
function withCellIds(nb: RawObject, cells: unknown[]): void {
  if (typeof nb.nbformat_minor !== 'number' || nb.nbformat_minor < NBFORMAT_MINOR) nb.nbformat_minor = NBFORMAT_MINOR;
  const ids = new CellIds(cells, new Diagnostics(null), false);
  cells.forEach((cell, index) => {
    if (isObject(cell)) cell.id = ids.assign(cell, index);
  });
}

// nbformat's _split_mimebundle: text/* and these are stored as lists of lines.
const SPLIT_MIMES = new Set(['application/javascript', 'image/svg+xml']);

function splitCell(cell: RawObject): void {
  if (typeof cell.source === 'string') cell.source = splitLinesKeepEnds(cell.source);
  if (isObject(cell.attachments)) {
    for (const attachment of Object.values(cell.attachments)) if (isObject(attachment)) splitBundle(attachment);
  }
  if (cell.cell_type !== 'code' || !Array.isArray(cell.outputs)) return;
  for (const output of cell.outputs) {
    if (!isObject(output)) continue;
    if (output.output_type === 'execute_result' || output.output_type === 'display_data') {
      if (isObject(output.data)) splitBundle(output.data);
    } else if (output.output_type === 'stream' && typeof output.text === 'string') {
      output.text = splitLinesKeepEnds(output.text);
    }
  }
}

function splitBundle(data: RawObject): void {
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === 'string' && (key.startsWith('text/') || SPLIT_MIMES.has(key))) data[key] = splitLinesKeepEnds(value);
  }
}

/** nbformat's strip_transient. */
function stripTransient(nb: RawObject, cells: unknown[]): void {
  if (isObject(nb.metadata)) {
    delete nb.metadata.orig_nbformat;
    delete nb.metadata.orig_nbformat_minor;
    delete nb.metadata.signature;
  }
  for (const cell of cells) if (isObject(cell) && isObject(cell.metadata)) delete cell.metadata.trusted;
}

/** Python's str.splitlines(True): each line keeps its end; the same line boundaries as Python. */
export function splitLinesKeepEnds(s: string): string[] {
  return s.match(/[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]*(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]|$)/g)!.filter((line) => line !== '');
}

/**
 * json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False). Not
 * JSON.stringify: it puts integer-like keys ("10", "9") first whatever the order.
 */
function dumps(value: unknown, indent: string): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const inner = indent + ' ';
    return `[\n${value.map((v) => inner + dumps(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (isObject(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort(byCodePoint);
    if (keys.length === 0) return '{}';
    const inner = indent + ' ';
    return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${dumps(value[k], inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function byCodePoint(a: string, b: string): number {
  // UTF-16 order differs from code point order only around astral characters.
  if (a === b) return 0;
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
  }
  return x.length - y.length;
}
