// v4-shaped raw cells → model cells, with unique ids.

import type { Diagnostics } from '../errors.js';
import type { Cell, CellView, JsonObject, MimeBundle } from './model.js';
import { readBundle } from './bundle.js';
import { checkCellMetadata, readTags } from './metadata.js';
import { readExecutionCount, readOutputs } from './outputs.js';
import { headingMarkdown } from './upgrade.js';
import { isObject, joinText, keyPath, typeName, type RawObject } from './raw.js';

export interface CellOptions {
  /** Highlighting language of code cells. */
  language: string;
  /** nbformat ≥ 4.5: cells should carry ids (warn when they do not). */
  idsExpected: boolean;
}

// nbformat 4.5 schema: 1–64 of these characters.
const VALID_ID = /^[a-zA-Z0-9_-]{1,64}$/;

export function readCells(raw: unknown, diag: Diagnostics, options: CellOptions): Cell[] {
  if (!Array.isArray(raw)) {
    diag.warn('cells', raw === undefined ? 'missing; the notebook has no cells' : `is ${typeName(raw)}, not a list; the notebook has no cells`);
    return [];
  }
  const ids = new CellIds(raw, diag, options.idsExpected);
  const cells: Cell[] = [];
  for (let index = 0; index < raw.length; index++) {
    const cell = readCell(raw[index], index, diag, options);
    if (cell) {
      cell.id = ids.assign(raw[index] as RawObject, index);
      cells.push(cell);
    }
  }
  ids.report();
  return cells;
}

function defaultView(): CellView {
  return { cell: 'show', input: 'show', outputs: 'show', prompt: true };
}

function readCell(raw: unknown, index: number, diag: Diagnostics, options: CellOptions): Cell | null {
  const path = `cells[${index}]`;
  if (!isObject(raw)) {
    diag.warn(path, `cell is ${typeName(raw)}, not an object; skipped`);
    return null;
  }
  let type = raw.cell_type;
  let metadata: RawObject = {};
  if (isObject(raw.metadata)) metadata = raw.metadata;
  else if (raw.metadata !== undefined) diag.warn(`${path}.metadata`, `is ${typeName(raw.metadata)}, not an object; ignored`);
  checkCellMetadata(metadata, diag, path);

  let source: string;
  if (type === 'heading') {
    // A v3 heading cell left in a v4 file (nbformat's own test has one).
    diag.warn(path, 'v3 "heading" cell in an nbformat 4 notebook; converted to markdown');
    const text = raw.source === undefined ? '' : (joinText(raw.source, diag, `${path}.source`) ?? '');
    source = headingMarkdown(raw.level, text);
    type = 'markdown';
  } else if (type === 'markdown' || type === 'code' || type === 'raw') {
    if (raw.source === undefined) {
      diag.warn(`${path}.source`, 'missing; using ""');
      source = '';
    } else {
      source = joinText(raw.source, diag, `${path}.source`) ?? '';
    }
  } else {
    diag.warn(path, type === undefined ? 'no cell_type; skipped' : `unknown cell_type ${JSON.stringify(type)}; skipped`);
    return null;
  }

  const base = {
    id: '', // assigned by readCells once duplicates are known
    index,
    source,
    tags: readTags(metadata, diag, path),
    metadata: metadata as JsonObject,
    view: defaultView(),
  };
  switch (type) {
    case 'code':
      return {
        ...base,
        type: 'code',
        executionCount: readExecutionCount(raw.execution_count, diag, `${path}.execution_count`),
        outputs: readOutputs(raw.outputs, diag, path),
        language: options.language,
      };
    case 'raw':
      return {
        ...base,
        type: 'raw',
        mimeType: typeof metadata.raw_mimetype === 'string' ? metadata.raw_mimetype : null,
        attachments: readAttachments(raw.attachments, diag, path),
      };
    default:
      return { ...base, type: 'markdown', attachments: readAttachments(raw.attachments, diag, path) };
  }
}

function readAttachments(raw: unknown, diag: Diagnostics, path: string): Record<string, MimeBundle> {
  const attachments: Record<string, MimeBundle> = {};
  if (raw === undefined || raw === null) return attachments;
  if (!isObject(raw)) {
    diag.warn(`${path}.attachments`, `is ${typeName(raw)}, not an object; ignored`);
    return attachments;
  }
  for (const name of Object.keys(raw)) {
    attachments[name] = readBundle(raw[name], diag, keyPath(`${path}.attachments`, name));
  }
  return attachments;
}

/**
 * Cell ids: the file's own when valid and unused, else `cell-<index>`; a
 * taken id gets `-2`, `-3`… Ids are never fatal (nbformat repairs them too).
 */
export class CellIds {
  private readonly used = new Set<string>();
  private readonly explicit = new Set<string>();
  private missing = 0;

  constructor(cells: unknown[], private readonly diag: Diagnostics, private readonly expected: boolean) {
    // Generated ids must not steal an id a later cell spells out.
    for (const cell of cells) {
      if (isObject(cell) && typeof cell.id === 'string' && VALID_ID.test(cell.id)) this.explicit.add(cell.id);
    }
  }

  assign(cell: RawObject, index: number): string {
    const path = `cells[${index}].id`;
    const raw = cell.id;
    let id: string | null = null;
    let illegal: string | null = null;
    if (typeof raw === 'string' && VALID_ID.test(raw)) {
      id = raw;
    } else if (raw === undefined) {
      if (this.expected) this.missing++;
    } else {
      illegal =
        typeof raw === 'string'
          ? `${JSON.stringify(raw.length > 80 ? raw.slice(0, 80) + '…' : raw)} is not 1–64 letters, digits, "-" or "_"`
          : `is ${typeName(raw)}, not a string`;
    }
    if (id !== null && !this.used.has(id)) {
      this.used.add(id);
      return id;
    }
    // Suffixed and generated ids also avoid ids that later cells spell out.
    const taken = (c: string): boolean => this.used.has(c) || this.explicit.has(c);
    const stem = id ?? `cell-${index}`;
    let candidate = stem;
    if (id !== null || taken(candidate)) {
      let n = 2;
      do candidate = `${stem}-${n++}`;
      while (taken(candidate));
    }
    if (id !== null) this.diag.warn(path, `duplicate id ${JSON.stringify(id)}; using ${JSON.stringify(candidate)}`);
    if (illegal !== null) this.diag.warn(path, `${illegal}; using ${JSON.stringify(candidate)}`);
    this.used.add(candidate);
    return candidate;
  }

  report(): void {
    if (this.missing > 0) {
      const cells = this.missing === 1 ? '1 cell has' : `${this.missing} cells have`;
      this.diag.warn('cells', `${cells} no id (nbformat 4.5 requires them); using cell-<index>`);
    }
  }
}
