// Notebook file → model. Lenient where Jupyter is lenient (problems inside
// the notebook are warnings); fatal only when there is no notebook to read.

import { NbxError, formatProblem, type Diagnostics } from '../errors.js';
import type { JsonObject, Notebook } from './model.js';
import { readCells } from './cells.js';
import { decodeText, parseJson } from './decode.js';
import { readInfo } from './metadata.js';
import { isObject, MAX_JSON_DEPTH, tooDeep, typeName, type RawObject } from './raw.js';
import { upgradeV1, upgradeV2, upgradeV3 } from './upgrade.js';
import type { NotebookJson } from './json.js';

/** Newest format this reader knows. */
const CURRENT_MINOR = 5;

/**
 * Read a notebook: bytes, its JSON text, or the parsed JSON object. `file` names it in fatal
 * errors when `diag` has no file of its own. Throws NbxError with a one-line
 * message when the input is not a notebook nbx can read.
 */
export function readNotebook(input: Uint8Array | string | object, file: string | null, diag: Diagnostics): Notebook {
  const { json, major, minor } = readUpgraded(input, file, diag);
  return notebookFromJson(json, diag, { major, minor });
}

/**
 * Read a notebook as nbformat 4 JSON (old formats upgraded, metadata an object), as
 * nbformat.read(f, 4) gives it: what execution and `--to notebook` work on. A parsed
 * object of the caller's is copied, never changed.
 */
export function readNotebookJson(input: Uint8Array | string | object, file: string | null, diag: Diagnostics): NotebookJson {
  return readNotebookSource(input, file, diag).json;
}

/** The format a notebook was written in, before upgrading. */
export interface NotebookVersion {
  major: number;
  minor: number;
}

/** readNotebookJson, and the format the file was in (for notebookFromJson). */
export function readNotebookSource(input: Uint8Array | string | object, file: string | null, diag: Diagnostics): { json: NotebookJson; version: NotebookVersion } {
  const { json, major, minor } = readUpgraded(input, file, diag);
  if (!Array.isArray(json.cells)) {
    // Warned here, as the model would: the JSON carries on with no cells.
    diag.warn('cells', json.cells === undefined ? 'missing; the notebook has no cells' : `is ${typeName(json.cells)}, not a list; the notebook has no cells`);
    json.cells = [];
  }
  return { json, version: { major, minor } };
}

/**
 * The model of an nbformat 4 notebook (from readNotebookJson, or executed).
 * `version` is the notebook's format before upgrading (default: the JSON's own).
 */
export function notebookFromJson(json: NotebookJson, diag: Diagnostics, version?: NotebookVersion): Notebook {
  const major = version?.major ?? 4;
  const minor = version?.minor ?? (typeof json.nbformat_minor === 'number' ? json.nbformat_minor : 0);
  const metadata = json.metadata;
  const info = readInfo(metadata, diag);
  const cells = readCells(json.cells, diag, { language: info.language, idsExpected: major === 4 && minor >= 5 });
  return { nbformat: major, nbformatMinor: minor, info, metadata: metadata as JsonObject, cells };
}

function readUpgraded(input: Uint8Array | string | object, file: string | null, diag: Diagnostics): { json: NotebookJson; major: number; minor: number } {
  const fail = (message: string): never => {
    if (diag.file === null && file !== null) throw new NbxError(formatProblem({ file, path: null, message }));
    return diag.fail(null, message);
  };

  let root: unknown;
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const decoded = decodeText(input);
    if ('error' in decoded) return fail(decoded.error);
    const parsed = parseJson(decoded.text);
    if ('error' in parsed) return fail(parsed.error);
    root = parsed.value;
  } else {
    root = input;
  }
  const deep = tooDeep(root);
  if (deep !== null) return fail(`JSON nested more than ${MAX_JSON_DEPTH} levels deep (at ${deep.replace(/^\./, '')}…)`);
  if (root === input) root = structuredClone(input); // a parsed notebook of the caller's: upgrading must not change it
  if (!isObject(root) || !('nbformat' in root)) return fail('not a Jupyter notebook (no nbformat key)');
  let nb: RawObject = root;

  const major = readMajor(nb.nbformat, diag, fail);
  if (major >= 5) return fail(`nbformat ${major} is not supported (this nbx reads nbformat 1–4)`);
  const minor = readMinor(nb, major, diag);

  if (major === 1) nb = upgradeV1(nb, diag);
  if (major <= 2) nb = upgradeV2(nb);
  if (major <= 3) nb = upgradeV3(nb, diag);

  if (!isObject(nb.metadata)) {
    diag.warn('metadata', nb.metadata === undefined ? 'missing; using {}' : `is ${typeName(nb.metadata)}, not an object; using {}`);
    nb.metadata = {};
  }
  nb.nbformat = 4;
  if (major === 4) nb.nbformat_minor = minor;
  return { json: nb as NotebookJson, major, minor };
}

function readMajor(value: unknown, diag: Diagnostics, fail: (message: string) => never): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  if (typeof value === 'string' && /^[1-9]\d*$/.test(value)) {
    diag.warn('nbformat', `is the string ${JSON.stringify(value)}, not a number; reading it as ${value}`);
    return Number(value);
  }
  const shown = typeof value === 'number' || typeof value === 'string' ? JSON.stringify(value) : typeName(value);
  return fail(`nbformat ${shown.length > 40 ? shown.slice(0, 40) + '…' : shown} is not a notebook format version`);
}

function readMinor(nb: RawObject, major: number, diag: Diagnostics): number {
  // nbformat 1 and 2 had no minor version.
  if (major < 3) return 0;
  const value = nb.nbformat_minor;
  if (value === undefined) {
    diag.warn('nbformat_minor', `missing; assuming ${major}.0`);
    return 0;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    diag.warn('nbformat_minor', `${JSON.stringify(value)} is not a minor version; assuming ${major}.0`);
    return 0;
  }
  if (major === 4 && value > CURRENT_MINOR) {
    diag.warn(null, `nbformat 4.${value} is newer than 4.${CURRENT_MINOR}; reading it as 4.${CURRENT_MINOR}`);
  }
  return value;
}
