// Parameters, papermill's convention: values from `-p name=value` or a JSON file,
// written as code in the kernel's language (papermill's translators) into a cell
// tagged `injected-parameters`, placed after the cell tagged `parameters` (or
// first), replacing an injected cell of an earlier run.
import { createHash } from 'node:crypto';
import { NbxError, ExitCode } from '../errors.js';
import { normalizeLanguage } from '../notebook/language.js';
import { isObject } from '../notebook/raw.js';
import type { NotebookJson } from './types.js';

export type Parameters = Record<string, unknown>;

/**
 * `name=value` → [name, value]; the value parsed as papermill's _resolve_type
 * does: True/False/None (and true/false/null), Python int and float literals,
 * anything else a string. Floats that are whole numbers become ints (JavaScript has one number type).
 */
export function parseParameter(arg: string): [string, unknown] {
  const eq = arg.indexOf('=');
  const name = eq > 0 ? arg.slice(0, eq).trim() : '';
  if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) {
    throw new NbxError(`-p ${arg}: expected name=value, with a name such as alpha or n_rows`, ExitCode.usage);
  }
  return [name, parseValue(arg.slice(eq + 1))];
}

function parseValue(value: string): unknown {
  if (value === 'True' || value === 'true') return true;
  if (value === 'False' || value === 'false') return false;
  if (value === 'None' || value === 'null') return null;
  const t = value.trim();
  // Python's int() and float(): underscores between digits, surrounding whitespace, nan/inf.
  if (/^[+-]?\d+(_\d+)*$/.test(t)) return Number(t.replace(/_/g, ''));
  if (/^[+-]?(\d+(_\d+)*)?(\.\d*(_\d+)*)?([eE][+-]?\d+)?$/.test(t) && /\d/.test(t.split(/[eE]/)[0]!) && !/^[+-]?\.?$/.test(t)) {
    return Number(t.replace(/_/g, ''));
  }
  if (/^[+-]?(nan|inf|infinity)$/i.test(t)) return t.toLowerCase().includes('nan') ? NaN : t.startsWith('-') ? -Infinity : Infinity;
  return value;
}

/** The parameters of a --parameters file: a JSON object. */
export function parametersFromJson(text: string, label: string): Parameters {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new NbxError(`${label}: not valid JSON: ${(e as Error).message.split('\n')[0]}`, ExitCode.usage);
  }
  if (!isObject(value)) throw new NbxError(`${label}: must be a JSON object of parameters, e.g. {"alpha": 0.5}`, ExitCode.usage);
  return value;
}

type Language = 'python' | 'r' | 'julia';

/** The language parameters are written in: by kernel name first, then the notebook's language (as papermill). */
export function parameterLanguage(nb: NotebookJson, kernel?: string): Language {
  const spec = isObject(nb.metadata.kernelspec) ? nb.metadata.kernelspec : {};
  const info = isObject(nb.metadata.language_info) ? nb.metadata.language_info : {};
  const names = [kernel, spec.name, spec.language, info.name];
  for (const name of names) {
    if (typeof name !== 'string') continue;
    const language = normalizeLanguage(name);
    if (language === 'python' || language === 'r' || language === 'julia') return language;
  }
  if (names.every((n) => typeof n !== 'string')) return 'python';
  throw new NbxError(`parameters: no translator for the kernel ${JSON.stringify(kernel ?? spec.name ?? info.name)} (nbx writes Python, R and Julia)`);
}

/** papermill's translate_escaped_str: unicode_escape, then `"` escaped. */
function escapedString(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '"') out += '\\"';
    else if (c < 0x20 || (c >= 0x7f && c <= 0xff)) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c > 0xffff) out += '\\U' + c.toString(16).padStart(8, '0');
    else if (c > 0xff) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return `"${out}"`;
}

/** Python's repr of a float or int. */
function pythonNumber(n: number): string {
  if (Number.isNaN(n)) return "float('nan')";
  if (!Number.isFinite(n)) return n < 0 ? "float('-inf')" : "float('inf')";
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return String(n);
  // repr(float): shortest round-trip digits, exponent as Python writes it (1e-05, 1e+16).
  const twoDigitExponent = (s: string) => s.replace(/e([+-])(\d)$/, (_, sign: string, d: string) => `e${sign}0${d}`);
  const s = String(n);
  if (s.includes('e')) return twoDigitExponent(s);
  return Math.abs(n) < 1e-4 ? twoDigitExponent(n.toExponential()) : s;
}

function translate(value: unknown, language: Language): string {
  if (value === null || value === undefined) return { python: 'None', r: 'NULL', julia: 'nothing' }[language];
  if (typeof value === 'string') return escapedString(value);
  if (typeof value === 'boolean') return language === 'python' ? (value ? 'True' : 'False') : language === 'r' ? (value ? 'TRUE' : 'FALSE') : String(value);
  if (typeof value === 'number') return language === 'python' ? pythonNumber(value) : Number.isFinite(value) ? pythonNumber(value) : String(value);
  if (Array.isArray(value)) {
    const items = value.map((v) => translate(v, language)).join(', ');
    return language === 'r' ? `list(${items})` : `[${items}]`;
  }
  if (isObject(value)) {
    const entries = Object.entries(value);
    if (language === 'python') return `{${entries.map(([k, v]) => `${escapedString(k)}: ${translate(v, language)}`).join(', ')}}`;
    if (language === 'r') return `list(${entries.map(([k, v]) => `${escapedString(k)} = ${translate(v, language)}`).join(', ')})`;
    return `Dict(${entries.map(([k, v]) => `${escapedString(k)} => ${translate(v, language)}`).join(', ')})`;
  }
  return String(value);
}

/** papermill's codify: a comment line, then one assignment per parameter. */
export function parameterCode(parameters: Parameters, language: Language): string {
  let code = '# Parameters\n';
  for (const [name, value] of Object.entries(parameters)) {
    // R names cannot start with "_": papermill drops them.
    const target = language === 'r' ? name.replace(/^_+/, '') : name;
    code += `${target} = ${translate(value, language)}\n`;
  }
  return code;
}

const hasTag = (cell: unknown, tag: string): boolean =>
  isObject(cell) && isObject(cell.metadata) && Array.isArray(cell.metadata.tags) && cell.metadata.tags.includes(tag);

/**
 * A copy of `nb` with the parameters cell injected (papermill's parameterize_notebook):
 * replacing the first cell tagged injected-parameters, else after the first cell
 * tagged parameters, else first. The parameters are also kept in metadata.papermill.
 */
export function injectParameters(nb: NotebookJson, parameters: Parameters, kernel?: string): NotebookJson {
  const source = parameterCode(parameters, parameterLanguage(nb, kernel));
  const cell = {
    cell_type: 'code',
    execution_count: null,
    // Deterministic (papermill's is random): the same parameters give the same notebook.
    id: 'injected-' + createHash('sha256').update(source).digest('hex').slice(0, 8),
    metadata: { tags: ['injected-parameters'] },
    outputs: [],
    source,
  };
  const cells = [...nb.cells];
  const injected = cells.findIndex((c) => hasTag(c, 'injected-parameters'));
  if (injected >= 0) cells.splice(injected, 1, cell);
  else cells.splice(cells.findIndex((c) => hasTag(c, 'parameters')) + 1, 0, cell);
  const papermill = isObject(nb.metadata.papermill) ? nb.metadata.papermill : {};
  return { ...nb, metadata: { ...nb.metadata, papermill: { ...papermill, parameters } }, cells };
}
