// Old notebook formats → the v4 shape, on the raw parsed JSON (mutated in
// place: it is ours, and copying big output strings would cost time).
// Mirrors nbformat: v1/convert.py … v4/convert.py `upgrade`, plus the line
// rejoining their JSON readers do (v2 joins with "\n", v3 guesses).

import type { Diagnostics } from '../errors.js';
import { isObject, splitLines, typeName, type RawObject } from './raw.js';

/** v1 (2011): a flat list of "code" and "text" cells. */
export function upgradeV1(nb: RawObject, diag: Diagnostics): RawObject {
  const cells: RawObject[] = [];
  const old = Array.isArray(nb.cells) ? nb.cells : [];
  if (!Array.isArray(nb.cells)) diag.warn('cells', 'nbformat 1 notebook without a cells list; it is empty');
  old.forEach((cell, i) => {
    if (!isObject(cell)) return diag.warn(`cells[${i}]`, `cell is ${typeName(cell)}, not an object; skipped`);
    if (cell.cell_type === 'code') {
      cells.push({ cell_type: 'code', input: cell.code ?? '', prompt_number: cell.prompt_number ?? null, language: 'python', outputs: [] });
    } else if (cell.cell_type === 'text') {
      cells.push({ cell_type: 'markdown', source: cell.text ?? '' });
    } else {
      diag.warn(`cells[${i}]`, `unknown nbformat 1 cell_type ${JSON.stringify(cell.cell_type)}; skipped`);
    }
  });
  return { nbformat: 2, metadata: {}, worksheets: [{ cells }] };
}

// Output keys that v2/v3 writers split into lines.
const MULTILINE_OUTPUT_KEYS = ['text', 'html', 'svg', 'latex', 'javascript', 'json'];

/** v2 → v3: v2 split text with splitlines() (no line ends), so lists rejoin with "\n". */
export function upgradeV2(nb: RawObject): RawObject {
  const joinNl = (v: unknown): unknown => (Array.isArray(v) && v.every((s) => typeof s === 'string') ? v.join('\n') : v);
  forEachV3Cell(nb, (cell) => {
    if (!isObject(cell.metadata)) cell.metadata = {};
    if (cell.cell_type === 'code') {
      if ('input' in cell) cell.input = joinNl(cell.input);
      if (Array.isArray(cell.outputs)) {
        for (const out of cell.outputs) {
          if (!isObject(out)) continue;
          for (const key of MULTILINE_OUTPUT_KEYS) if (key in out) out[key] = joinNl(out[key]);
        }
      }
    } else {
      for (const key of ['source', 'rendered']) if (key in cell) cell[key] = joinNl(cell[key]);
    }
  });
  nb.nbformat = 3;
  nb.nbformat_minor = 0;
  return nb;
}

function forEachV3Cell(nb: RawObject, fn: (cell: RawObject) => void): void {
  if (!Array.isArray(nb.worksheets)) return;
  for (const ws of nb.worksheets) {
    if (!isObject(ws) || !Array.isArray(ws.cells)) continue;
    for (const cell of ws.cells) if (isObject(cell)) fn(cell);
  }
}

/**
 * v3 lists may come from splitlines(True) (keep line ends: join with "") or
 * from an old splitlines() (join with "\n"); nbformat looks at the first line.
 */
function joinV3(v: unknown): unknown {
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) return v;
  const first = v[0] as string | undefined;
  return first !== undefined && !(first.endsWith('\n') || first.endsWith('\r')) ? v.join('\n') : v.join('');
}

// v3 output keys → MIME types (nbformat's _mime_map, plus pdf).
const MIME_ALIASES: Record<string, string> = {
  text: 'text/plain',
  html: 'text/html',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpeg: 'image/jpeg',
  latex: 'text/latex',
  json: 'application/json',
  javascript: 'application/javascript',
  pdf: 'application/pdf',
};

function toMimeKeys(d: RawObject): RawObject {
  const out: RawObject = {};
  for (const [key, value] of Object.entries(d)) out[MIME_ALIASES[key] ?? key] = value;
  return out;
}

/** v3 → v4: worksheets flattened, cells and outputs renamed. */
export function upgradeV3(nb: RawObject, diag: Diagnostics): RawObject {
  let metadata: RawObject = {};
  if (isObject(nb.metadata)) metadata = nb.metadata;
  else diag.warn('metadata', nb.metadata === undefined ? 'missing; using {}' : `is ${typeName(nb.metadata)}, not an object; using {}`);
  // v3 notebooks carried their name and signature in metadata: v4 drops them.
  delete metadata.name;
  delete metadata.signature;

  const cells: unknown[] = [];
  const worksheets = nb.worksheets;
  if (!Array.isArray(worksheets)) {
    diag.warn('worksheets', worksheets === undefined ? 'missing; the notebook has no cells' : `is ${typeName(worksheets)}, not a list; the notebook has no cells`);
  } else {
    worksheets.forEach((ws, w) => {
      if (!isObject(ws)) return diag.warn(`worksheets[${w}]`, `is ${typeName(ws)}, not an object; skipped`);
      if (!Array.isArray(ws.cells)) return diag.warn(`worksheets[${w}]`, 'has no cells list; skipped');
      ws.cells.forEach((cell) => cells.push(isObject(cell) ? upgradeCellV3(cell) : cell));
    });
  }
  delete nb.worksheets;
  nb.metadata = metadata;
  nb.cells = cells;
  nb.nbformat = 4;
  nb.nbformat_minor = 0;
  return nb;
}

function upgradeCellV3(cell: RawObject): RawObject {
  if (!isObject(cell.metadata)) cell.metadata = {};
  const metadata = cell.metadata as RawObject;
  delete metadata.trusted;
  delete cell.trusted;
  switch (cell.cell_type) {
    case 'code': {
      delete cell.language;
      if ('collapsed' in cell) {
        metadata.collapsed = cell.collapsed;
        delete cell.collapsed;
      }
      cell.source = 'input' in cell ? joinV3(cell.input) : '';
      delete cell.input;
      cell.execution_count = cell.prompt_number ?? null;
      delete cell.prompt_number;
      cell.outputs = Array.isArray(cell.outputs) ? cell.outputs.map((o) => (isObject(o) ? upgradeOutputV3(o) : o)) : [];
      break;
    }
    case 'heading': {
      const level = cell.level;
      delete cell.level;
      const text = joinV3(cell.source ?? '');
      cell.cell_type = 'markdown';
      cell.source = headingMarkdown(level, typeof text === 'string' ? text : '');
      break;
    }
    case 'html': // existed in v2/v3, never in practice
      cell.cell_type = 'markdown';
      cell.source = joinV3(cell.source);
      break;
    case 'raw':
      // IPython 2 kept the raw cell's target format in metadata.format.
      if (typeof metadata.format === 'string' && metadata.raw_mimetype === undefined) {
        metadata.raw_mimetype = metadata.format;
        delete metadata.format;
      }
      cell.source = joinV3(cell.source);
      break;
    default:
      if ('source' in cell) cell.source = joinV3(cell.source);
  }
  return cell;
}

/** A v3 heading cell as v4 markdown: "## text", the text on one line. */
export function headingMarkdown(level: unknown, text: string): string {
  const n = typeof level === 'number' && Number.isInteger(level) ? Math.min(Math.max(level, 1), 6) : 1;
  return `${'#'.repeat(n)} ${splitLines(text).join(' ')}`;
}

function upgradeOutputV3(out: RawObject): RawObject {
  for (const key of MULTILINE_OUTPUT_KEYS) if (key in out) out[key] = joinV3(out[key]);
  switch (out.output_type) {
    case 'pyout':
    case 'display_data': {
      const upgraded: RawObject = { output_type: out.output_type === 'pyout' ? 'execute_result' : 'display_data' };
      if (out.output_type === 'pyout') upgraded.execution_count = out.prompt_number ?? null;
      const data: RawObject = {};
      for (const [key, value] of Object.entries(out)) {
        if (key === 'output_type' || key === 'prompt_number' || key === 'metadata') continue;
        data[(Object.hasOwn(MIME_ALIASES, key) ? MIME_ALIASES[key] : undefined) ?? key] = value;
      }
      upgraded.data = data;
      upgraded.metadata = isObject(out.metadata) ? toMimeKeys(out.metadata) : {};
      return upgraded;
    }
    case 'pyerr':
      out.output_type = 'error';
      return out;
    case 'stream':
      out.name = out.stream ?? 'stdout';
      delete out.stream;
      return out;
    default:
      return out;
  }
}
