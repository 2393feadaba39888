// Config files: `nbx.config.json`, or an "nbx" key in package.json, holding
// the options of `nbx convert` by their long names ({ "to": "html",
// "outputDir": "build", "noInput": true, "inputs": ["notebooks/*.ipynb"] }).
// Precedence: built-in defaults < config < command-line flags.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command, type Option } from 'commander';
import { convertPathToPattern, isDynamicPattern } from 'tinyglobby';
import { ExitCode, NbxError } from './errors.js';
import { getExporter } from './formats/index.js';
import { isExporterPath } from './formats/plugins.js';

export const CONFIG_FILE = 'nbx.config.json';

export interface LoadedConfig {
  /** Absolute path of the file read; null when there is none. */
  file: string | null;
  /** How messages name it: `nbx.config.json`, `../package.json "nbx"`. */
  label: string;
  /** Named with --config (trusted to run programs), rather than found in the working tree. */
  explicit?: boolean;
  /**
   * Options by camelCase name, as written otherwise (applyConfig checks them
   * against the command). Relative paths (outputDir, template, chrome,
   * plugin files in "to") are made absolute against the config's directory;
   * "inputs" is a list, relative to `cwd` when inside it, else absolute.
   */
  values: Record<string, unknown>;
}

const usage = (message: string) => new NbxError(message, ExitCode.usage);

/**
 * Finds and reads the config: `explicit` (--config, resolved against cwd), or
 * else the nearest nbx.config.json or package.json with an "nbx" key, walking
 * up from cwd and stopping at the first directory with a package.json (the
 * project root). No config: { file: null, values: {} }.
 */
export function loadConfig(cwd: string, explicit?: string): LoadedConfig {
  const found = explicit === undefined ? findConfig(cwd) : explicitConfig(cwd, explicit);
  if (!found) return { file: null, label: '', values: {} };
  const { file, label, json } = found;
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw usage(`${label}: must be a JSON object of options, e.g. { "to": "html" }`);
  return { file, label, explicit: explicit !== undefined, values: normalized(json as Record<string, unknown>, path.dirname(file), cwd, label) };
}

interface Found {
  file: string;
  label: string;
  json: unknown;
}

function findConfig(cwd: string): Found | null {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const config = path.join(dir, CONFIG_FILE);
    const own = readIfExists(config);
    if (own !== null) return { file: config, label: shown(config, cwd), json: parseJson(own, shown(config, cwd)) };
    const manifest = path.join(dir, 'package.json');
    const text = readIfExists(manifest);
    if (text !== null) {
      const pkg = parseJson(text, shown(manifest, cwd)) as Record<string, unknown> | null;
      return pkg && typeof pkg === 'object' && 'nbx' in pkg ? { file: manifest, label: `${shown(manifest, cwd)} "nbx"`, json: pkg.nbx } : null;
    }
    if (path.dirname(dir) === dir) return null;
  }
}

function explicitConfig(cwd: string, explicit: string): Found {
  const file = path.resolve(cwd, explicit);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a config file' : (e as Error).message;
    throw usage(`--config ${explicit}: ${why}`);
  }
  const json = parseJson(text, explicit);
  if (path.basename(file) !== 'package.json') return { file, label: explicit, json };
  if (!json || typeof json !== 'object' || !('nbx' in json)) throw usage(`--config ${explicit}: no "nbx" key`);
  return { file, label: `${explicit} "nbx"`, json: (json as Record<string, unknown>).nbx };
}

function readIfExists(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return null;
    throw usage(`${file}: ${(e as Error).message}`);
  }
}

function parseJson(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw usage(`${label}: not valid JSON: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** A path for messages: relative to cwd. */
const shown = (file: string, cwd: string) => path.relative(cwd, file) || path.basename(file);

const camelCase = (key: string) => key.replace(/-+([a-z0-9])/gi, (_, c: string) => c.toUpperCase());

/** Paths in option values are relative to the config file, not to where nbx runs. */
const PATH_OPTIONS = new Set(['outputDir', 'template', 'chrome', 'cwd', 'cache', 'parameters']);

function normalized(json: Record<string, unknown>, dir: string, cwd: string, label: string): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const spelledAs = new Map<string, string>();
  for (const [key, value] of Object.entries(json)) {
    const name = camelCase(key);
    const other = spelledAs.get(name);
    if (other !== undefined) throw usage(`${label}: "${other}" and "${key}" are the same option: keep one`);
    spelledAs.set(name, key);
    values[name] = resolvedValue(name, value, dir, cwd, label);
  }
  return values;
}

function resolvedValue(name: string, value: unknown, dir: string, cwd: string, label: string): unknown {
  if (name === 'inputs') return configInputs(value, dir, cwd, label);
  // A bare name (`chromium`) is not a path.
  if (PATH_OPTIONS.has(name) && typeof value === 'string' && (name !== 'chrome' || /[\\/]/.test(value))) return path.resolve(dir, value);
  if (name === 'to') {
    const plugin = (spec: unknown) => (typeof spec === 'string' && isExporterPath(spec) && !spec.startsWith('file:') ? path.resolve(dir, spec) : spec);
    if (typeof value === 'string') return value.split(',').map((s) => plugin(s.trim())).join(',');
    if (Array.isArray(value)) return value.map(plugin);
  }
  return value;
}

/** "inputs": a string or list of files, directories and globs, resolved against the config's directory. */
function configInputs(value: unknown, dir: string, cwd: string, label: string): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || !list.every((v) => typeof v === 'string' && v)) {
    throw usage(`${label}: "inputs" must be a file, directory or glob, or a list of them (got ${JSON.stringify(value)})`);
  }
  return (list as string[]).map((input) => {
    if (input === '-') return input;
    const negated = input.startsWith('!');
    const body = negated ? input.slice(1) : input;
    const resolved = isDynamicPattern(body) ? globIn(dir, body) : path.resolve(dir, body);
    return (negated ? '!' : '') + insideOrAbsolute(resolved, cwd);
  });
}

/** A glob relative to `dir`, as a glob: the directory's own special characters escaped. */
function globIn(dir: string, pattern: string): string {
  if (path.isAbsolute(pattern)) return pattern;
  return `${convertPathToPattern(dir)}/${pattern.replace(/^\.\//, '')}`;
}

/** Relative to cwd when under it (as the user would write it), else absolute. */
function insideOrAbsolute(file: string, cwd: string): string {
  const base = convertPathToPattern(path.resolve(cwd)) + '/';
  if (file.startsWith(base)) return file.slice(base.length);
  const rel = path.relative(cwd, file);
  if (!rel) return '.';
  return !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** How a config key sets an option: `noInput: true` is `input: false`. */
interface ConfigKey {
  option: Option;
  attribute: string;
  inverted: boolean;
}

function configKeys(command: Command): Map<string, ConfigKey> {
  const keys = new Map<string, ConfigKey>();
  for (const option of command.options) {
    const attribute = option.attributeName();
    if (attribute === 'config' || attribute === 'trustConfig') continue; // which config to read or trust cannot come from a config
    keys.set(attribute, { option, attribute, inverted: false });
    // --no-input: "noInput": true, or "input": false.
    if (option.negate && option.long) keys.set(camelCase(option.long.replace(/^--/, '')), { option, attribute, inverted: true });
  }
  return keys;
}

/**
 * Sets the config's values on a parsed command, as source 'config', except
 * options given on the command line. Throws a usage NbxError for an unknown
 * key or a value of the wrong type. Returns the config's inputs, and warnings
 * for the keys ignored because the config is not trusted.
 *
 * A config found in the working tree may come with the notebooks (a checked-out
 * pull request): unless it was named with --config or --trust-config is given,
 * it may not name a program or plugin that nbx would run (see untrustedKeys).
 */
export function applyConfig(command: Command, config: LoadedConfig, opts: { trust?: boolean } = {}): { inputs: string[]; ignored: string[] } {
  const keys = configKeys(command);
  const where = config.label || config.file || CONFIG_FILE;
  const settings = new Map<string, { key: string; value: unknown }>();
  const ignored: string[] = [];
  for (const [key, configured] of Object.entries(config.values)) {
    if (key === 'inputs' || key === 'site') continue; // "site": nbx site's settings (src/cli/site.ts)
    if (key === 'config' || key === 'trustConfig') throw usage(`${where}: "${key}" cannot be set in a config file (use --${key === 'config' ? 'config' : 'trust-config'})`);
    const raw = config.explicit || opts.trust ? configured : withoutPrograms(key, configured, where, ignored);
    if (raw === undefined) continue;
    const known = keys.get(key);
    if (!known) throw usage(unknownKey(where, key, [...keys.keys(), 'inputs']));
    const value = optionValue(known, key, raw, where);
    const earlier = settings.get(known.attribute);
    if (earlier) throw usage(`${where}: "${earlier.key}" and "${key}" set the same option: keep one`);
    settings.set(known.attribute, { key, value });
  }
  for (const [attribute, { value }] of settings) {
    if (command.getOptionValueSource(attribute) !== 'cli') command.setOptionValueWithSource(attribute, value, 'config');
  }
  return { inputs: (config.values.inputs as string[] | undefined) ?? [], ignored };
}

/**
 * A value of an untrusted config without what would run a program: "chrome"
 * (a browser executable), and in "to" the exporter plugins (files, or installed
 * nbx-exporter-* packages), which are code. Built-in formats stay.
 */
function withoutPrograms(key: string, value: unknown, where: string, ignored: string[]): unknown {
  const warn = (what: string) => ignored.push(`${where}: ${what} ignored: a config file found in the working tree may not run programs `
    + '(name it with --config, or give --trust-config)');
  if (key === 'chrome') {
    warn(`"chrome": ${JSON.stringify(value)}`);
    return undefined;
  }
  if (key !== 'to' || (typeof value !== 'string' && !Array.isArray(value))) return value;
  const list = (typeof value === 'string' ? value.split(',') : value as unknown[]).map((v) => (typeof v === 'string' ? v.trim() : v));
  const plugins = list.filter((v) => typeof v === 'string' && !isBuiltInFormat(v));
  if (plugins.length === 0) return value;
  warn(`"to": exporter plugin${plugins.length > 1 ? 's' : ''} ${plugins.map((p) => JSON.stringify(p)).join(', ')}`);
  const rest = list.filter((v) => !plugins.includes(v));
  return rest.length === 0 ? undefined : typeof value === 'string' ? rest.join(',') : rest;
}

function isBuiltInFormat(name: string): boolean {
  try {
    getExporter(name);
    return true;
  } catch {
    return false;
  }
}

function unknownKey(where: string, key: string, known: string[]): string {
  const near = closest(key, known);
  return `${where}: unknown option "${key}"${near ? ` (did you mean "${near}"?)` : ''}`;
}

/** The value an option takes from a config value, checked as its flag would be. */
function optionValue({ option, attribute, inverted }: ConfigKey, key: string, value: unknown, where: string): unknown {
  const wrong = (expected: string): never => {
    throw usage(`${where}: "${key}" must be ${expected}, not ${JSON.stringify(value)}`);
  };
  if (option.isBoolean() || option.negate) return typeof value === 'boolean' ? value !== inverted : wrong('true or false');
  if (attribute === 'to') {
    if (typeof value === 'string' && value) return value;
    return Array.isArray(value) && value.length && value.every((v) => typeof v === 'string' && v) ? value.join(',') : wrong('a format or a list of formats');
  }
  if (option.optional && value === true) return true;
  const choices = option.argChoices;
  if (choices) return typeof value === 'string' && choices.includes(value) ? value : wrong(`one of ${choices.join(', ')}`);
  const parse = option.parseArg as ((value: string, previous: unknown) => unknown) | undefined;
  // Repeatable options (--remove-tag) take a list.
  const repeatable = option.variadic || Array.isArray(option.defaultValue);
  if (repeatable) {
    const list = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(list) || !list.every((v) => typeof v === 'string')) return wrong('a string or a list of strings');
    return parse ? list.reduce((previous: unknown, v: string) => parsed(parse, v, previous, wrong), [...(option.defaultValue as unknown[] ?? [])]) : list;
  }
  if (parse) return typeof value === 'string' || typeof value === 'number' ? parsed(parse, String(value), undefined, wrong) : wrong(parserExpects(parse));
  return typeof value === 'string' ? value : wrong('a string');
}

function parsed(parse: (value: string, previous: unknown) => unknown, value: string, previous: unknown, wrong: (expected: string) => never): unknown {
  try {
    return parse(value, previous);
  } catch (e) {
    if (e instanceof InvalidArgumentError) return wrong(e.message);
    throw e;
  }
}

/** What a parser accepts, in its own words (its error message for an empty value). */
function parserExpects(parse: (value: string, previous: unknown) => unknown): string {
  try {
    parse('', undefined);
  } catch (e) {
    if (e instanceof InvalidArgumentError) return e.message;
  }
  return 'a string or a number';
}

/** The known name nearest to a misspelt one, if near enough to be a typo. */
function closest(word: string, candidates: string[]): string | null {
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length]!;
}
