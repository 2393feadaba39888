// Notebook and cell metadata: read the keys nbx uses, and warn about the
// wrongly typed keys nbformat's schema defines (never fatal: Jupyter opens
// such notebooks too). Metadata itself is passed on untouched.

import type { Diagnostics } from '../errors.js';
import type { NotebookInfo } from './model.js';
import { normalizeLanguage } from './language.js';
import { isObject, typeName, type RawObject } from './raw.js';

/** Title, authors, kernel and language from notebook metadata. */
export function readInfo(metadata: RawObject, diag: Diagnostics): NotebookInfo {
  const info: NotebookInfo = {
    title: null,
    authors: [],
    language: 'python',
    fileExtension: null,
    kernelName: null,
    kernelDisplayName: null,
  };

  if (metadata.title !== undefined) {
    if (typeof metadata.title === 'string') info.title = metadata.title;
    else diag.warn('metadata.title', `is ${typeName(metadata.title)}, not a string; ignored`);
  }

  info.authors = readAuthors(metadata.authors, diag);

  const kernelspec = optionalObject(metadata.kernelspec, diag, 'metadata.kernelspec');
  const languageInfo = optionalObject(metadata.language_info, diag, 'metadata.language_info');
  const kernelLanguage = kernelspec && optionalString(kernelspec, 'language', diag, 'metadata.kernelspec');
  if (kernelspec) {
    info.kernelName = optionalString(kernelspec, 'name', diag, 'metadata.kernelspec');
    info.kernelDisplayName = optionalString(kernelspec, 'display_name', diag, 'metadata.kernelspec');
    if (info.kernelName === null && kernelspec.name === undefined) diag.warn('metadata.kernelspec', 'has no name');
  }
  let languageName: string | null = null;
  if (languageInfo) {
    languageName = optionalString(languageInfo, 'name', diag, 'metadata.language_info');
    if (languageInfo.name === undefined) diag.warn('metadata.language_info', 'has no name');
    info.fileExtension = optionalString(languageInfo, 'file_extension', diag, 'metadata.language_info');
  }

  // language_info is what the kernel reported; the kernelspec is a guess.
  // Empty strings (seen in the wild) count as absent. Without any of these,
  // nbconvert assumes Python.
  const name = languageName || kernelLanguage || info.kernelName;
  if (name) info.language = normalizeLanguage(name);
  return info;
}

function readAuthors(raw: unknown, diag: Diagnostics): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    diag.warn('metadata.authors', `is ${typeName(raw)}, not a list; ignored`);
    return [];
  }
  const names: string[] = [];
  raw.forEach((author, i) => {
    if (isObject(author) && typeof author.name === 'string') names.push(author.name);
    else if (typeof author === 'string') names.push(author); // lenient: a bare name
    else diag.warn(`metadata.authors[${i}]`, 'is not an object with a name; ignored');
  });
  return names;
}

function optionalObject(raw: unknown, diag: Diagnostics, path: string): RawObject | null {
  if (raw === undefined || raw === null) return null;
  if (isObject(raw)) return raw;
  diag.warn(path, `is ${typeName(raw)}, not an object; ignored`);
  return null;
}

function optionalString(obj: RawObject, key: string, diag: Diagnostics, path: string): string | null {
  const value = obj[key];
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  diag.warn(`${path}.${key}`, `is ${typeName(value)}, not a string; ignored`);
  return null;
}

/** metadata.tags: a list of strings. */
export function readTags(metadata: RawObject, diag: Diagnostics, path: string): string[] {
  const tags = metadata.tags;
  if (tags === undefined) return [];
  if (!Array.isArray(tags)) {
    diag.warn(`${path}.metadata.tags`, `is ${typeName(tags)}, not a list of strings; ignored`);
    return [];
  }
  const strings = tags.filter((t): t is string => typeof t === 'string');
  if (strings.length !== tags.length) diag.warn(`${path}.metadata.tags`, 'holds values that are not strings; they are ignored');
  return strings;
}

type Check = (v: unknown) => boolean;
const isBool: Check = (v) => typeof v === 'boolean';
const isString: Check = (v) => typeof v === 'string';

// Cell metadata keys with a type in the nbformat 4.5 schema (tags: readTags).
const CELL_KEYS: Record<string, [Check, string]> = {
  collapsed: [isBool, 'a boolean'],
  scrolled: [(v) => typeof v === 'boolean' || v === 'auto', 'a boolean or "auto"'],
  deletable: [isBool, 'a boolean'],
  editable: [isBool, 'a boolean'],
  format: [isString, 'a string'],
  name: [isString, 'a string'],
  raw_mimetype: [isString, 'a string'],
  jupyter: [isObject, 'an object'],
  execution: [isObject, 'an object'],
};

/** Warn about schema-typed cell metadata keys with the wrong type. */
export function checkCellMetadata(metadata: RawObject, diag: Diagnostics, path: string): void {
  for (const key in metadata) {
    // Own keys only: `constructor` or `toString` from a notebook must not find Object.prototype's.
    const rule = Object.hasOwn(CELL_KEYS, key) ? CELL_KEYS[key] : undefined;
    if (!rule) continue;
    const value = metadata[key];
    if (!rule[0](value)) diag.warn(`${path}.metadata.${key}`, `is ${typeName(value)}, not ${rule[1]}; ignored`);
  }
  const jupyter = metadata.jupyter;
  if (isObject(jupyter)) {
    for (const key of ['source_hidden', 'outputs_hidden']) {
      const value = jupyter[key];
      if (value !== undefined && typeof value !== 'boolean') {
        diag.warn(`${path}.metadata.jupyter.${key}`, `is ${typeName(value)}, not a boolean; ignored`);
      }
    }
  }
  const execution = metadata.execution;
  if (isObject(execution)) {
    for (const key in execution) {
      const value = execution[key];
      if (key.startsWith('iopub.') || key.startsWith('shell.')) {
        if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
          diag.warn(`${path}.metadata.execution[${JSON.stringify(key)}]`, 'is not an ISO 8601 date-time; ignored');
        }
      }
    }
  }
}
