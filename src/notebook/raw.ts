// Helpers for poking at untrusted parsed JSON.

import type { Diagnostics } from '../errors.js';

export type RawObject = Record<string, unknown>;

export function isObject(v: unknown): v is RawObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Short description of a JSON value's type for messages ("a string", "a list"…). */
export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'number') return 'a number';
  if (typeof v === 'boolean') return 'a boolean';
  return typeof v;
}

/** `cells[3].outputs[0].data` + `image/png` → `…data["image/png"]`. */
export function keyPath(base: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

/**
 * nbformat's multiline string: a string, or a list of strings joined with "".
 * Anything else warns and gives null; non-string list items are skipped.
 */
export function joinText(value: unknown, diag: Diagnostics, path: string): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    let allStrings = true;
    for (const item of value) {
      if (typeof item !== 'string') {
        allStrings = false;
        break;
      }
    }
    if (allStrings) return value.join('');
    diag.warn(path, 'list holds values that are not strings; they are skipped');
    return value.filter((item): item is string => typeof item === 'string').join('');
  }
  diag.warn(path, `expected a string or a list of strings, got ${typeName(value)}; ignored`);
  return null;
}

/** Python's str.splitlines(): no empty last item for a trailing newline. */
export function splitLines(s: string): string[] {
  if (s === '') return [];
  const lines = s.split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Nesting deeper than this is refused: later steps recurse (validation, cloning, JSON export). */
export const MAX_JSON_DEPTH = 500;

/**
 * The path of the first value nested deeper than MAX_JSON_DEPTH, or null.
 * Iterative: a recursive walk would itself overflow the stack on 100,000 levels.
 */
export function tooDeep(root: unknown): string | null {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value: root, depth: 0, path: '' }];
  while (stack.length) {
    const { value, depth, path } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_JSON_DEPTH) return path || '(top level)';
    if (Array.isArray(value)) value.forEach((v, i) => stack.push({ value: v, depth: depth + 1, path: depth < 8 ? `${path}[${i}]` : path }));
    else for (const key of Object.keys(value)) stack.push({ value: (value as RawObject)[key], depth: depth + 1, path: depth < 8 ? keyPath(path, key) : path });
  }
  return null;
}
