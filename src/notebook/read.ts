// Notebook file → model. Lenient where Jupyter is lenient (problems inside
// the notebook are warnings); fatal only when there is no notebook to read.

import { NbxError, formatProblem, type Diagnostics } from '../errors.js';
import type { JsonObject, Notebook } from './model.js';
import { readCells } from './cells.js';
import { decodeText, parseJson } from './decode.js';
import { readInfo } from './metadata.js';
import { isObject, MAX_JSON_DEPTH, tooDeep, typeName, type RawObject } from './raw.js';
import { upgradeV1, upgradeV2, upgradeV3 } from './upgrade.js';

/** Newest format this reader knows. */
const CURRENT_MINOR = 5;

/**
 * Read a notebook: bytes, its JSON text, or the parsed JSON object. `file` names it in fatal
 * errors when `diag` has no file of its own. Throws NbxError with a one-line
 * message when the input is not a notebook nbx can read.
 */
export function readNotebook(input: Uint8Array | string | object, file: string | null, diag: Diagnostics): Notebook {
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

  let metadata: RawObject = {};
  if (isObject(nb.metadata)) metadata = nb.metadata;
  else diag.warn('metadata', nb.metadata === undefined ? 'missing; using {}' : `is ${typeName(nb.metadata)}, not an object; using {}`);

  const info = readInfo(metadata, diag);
  const cells = readCells(nb.cells, diag, { language: info.language, idsExpected: major === 4 && minor >= 5 });
  return { nbformat: major, nbformatMinor: minor, info, metadata: metadata as JsonObject, cells };
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
