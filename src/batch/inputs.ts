// Turns the command line's inputs (files, directories, globs) into the list of
// notebooks to convert, and the directory that --output-dir mirrors.
import { statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import picomatch from 'picomatch';

export interface ExpandedInputs {
  /** Notebook paths in a stable order: argument order, and sorted (by code point of the '/'-joined path) within a directory or glob. Relative args stay relative, absolute stay absolute, '-' (stdin) passes through. No duplicates (first occurrence kept). */
  files: string[];
  /** The directory that --output-dir mirrors from: the deepest common ancestor of the bases of the arguments that gave a notebook (a directory → itself, a glob → its static part, a file → its dirname). Absolute; `cwd` when there are none. */
  root: string;
  /** Arguments (directory or glob) that matched no notebook, for a warning. */
  empty: string[];
}

/** Not notebooks a user means to convert: dependencies, and Jupyter's autosaves (hidden, as is everything starting with '.'). */
const SKIPPED = ['**/node_modules/**'];

/**
 * Expands `args` as `nbx convert` reads them. Anything that is neither an existing directory nor a glob is
 * passed through as a file, so a missing one is reported by the converter without stopping the batch.
 */
export async function expandInputs(args: string[], cwd: string = process.cwd()): Promise<ExpandedInputs> {
  cwd = path.resolve(cwd);
  const files: string[] = [];
  const seen = new Set<string>();
  const bases: string[] = [];
  const empty: string[] = [];
  const add = (file: string) => {
    const key = file === '-' ? '-' : path.resolve(cwd, file);
    if (seen.has(key)) return;
    seen.add(key);
    files.push(file);
  };

  for (const arg of args) {
    const kind = arg === '-' ? 'stdin' : kindOf(arg, cwd);
    if (kind === 'dir' || kind === 'glob') {
      const { base, found } = kind === 'dir' ? await walkDirectory(arg, cwd) : await expandGlob(arg, cwd);
      if (found.length === 0) empty.push(arg);
      else bases.push(path.resolve(cwd, base));
      found.forEach(add);
    } else {
      add(arg);
      // A missing file is reported later; it should not move where the others are mirrored to.
      if (kind === 'file') bases.push(path.dirname(path.resolve(cwd, arg)));
    }
  }
  return { files, root: commonAncestor(bases) ?? cwd, empty };
}

function kindOf(arg: string, cwd: string): 'dir' | 'file' | 'glob' | 'missing' {
  const stat = statOrUndefined(path.resolve(cwd, arg));
  if (stat?.isDirectory()) return 'dir';
  if (stat) return 'file'; // an existing file wins over a pattern: 'results (final).ipynb' is a name, not an extglob
  return isDynamicPattern(toPattern(arg)) ? 'glob' : 'missing';
}

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined; // missing, 'a.ipynb/x' (ENOTDIR), unreadable: the converter says which
  }
}

interface Found {
  /** The directory the matches are below, as typed. */
  base: string;
  /** Matches, each as `base` joined with the match. */
  found: string[];
}

async function walkDirectory(dir: string, cwd: string): Promise<Found> {
  // nb.IPYNB is a notebook too ('**' matches directories of any case anyway).
  return { base: dir, found: await matchBelow(dir, '**/*.ipynb', cwd, false) };
}

async function expandGlob(pattern: string, cwd: string): Promise<Found> {
  const { base, rest } = splitPattern(toPattern(pattern));
  const found = await matchBelow(base, rest, cwd, true);
  return { base, found: found.filter((f) => /\.ipynb$/i.test(f)) };
}

/**
 * Files below `base` matching `pattern`, sorted, each joined to `base` as typed. Globbing from the base
 * (rather than from cwd with '../' or absolute patterns) avoids tinyglobby skipping cwd's own subtree
 * (SuperchupuDev/tinyglobby#128) and makes the skip patterns apply below the base.
 */
async function matchBelow(base: string, pattern: string, cwd: string, caseSensitiveMatch: boolean): Promise<string[]> {
  const matches = await glob(pattern, {
    cwd: path.resolve(cwd, base),
    dot: false, // hidden files and directories, .ipynb_checkpoints among them
    ignore: SKIPPED,
    expandDirectories: false,
    onlyFiles: true,
    caseSensitiveMatch,
    // A checked-out tree may hold `link -> /` or `loop -> .`: links below the
    // base are not followed (nor listed), so the walk stays inside it and sees
    // each notebook once.
    followSymbolicLinks: false,
  });
  return matches.sort(compareCodePoints).map((m) => path.join(base, m));
}

/** The glob as tinyglobby reads it: '/'-separated (on Windows a typed '\' is a separator, not an escape). */
function toPattern(arg: string): string {
  return path.sep === '\\' ? arg.replaceAll('\\', '/') : arg;
}

/** 'docs/**\/*.ipynb' → base 'docs', rest '**\/*.ipynb'; '*.ipynb' → base '.'; '/nb/*.ipynb' → base '/nb'. */
export function splitPattern(pattern: string): { base: string; rest: string } {
  const { base, glob: rest } = picomatch.scan(pattern);
  // The base is a path, not a pattern: 'a\\[1\\]/*.ipynb' is below the directory 'a[1]'.
  const dir = base.replace(/\\(.)/g, '$1');
  return { base: dir === '' ? '.' : path.normalize(dir), rest };
}

/** The deepest directory containing all of `dirs` (absolute paths); undefined for none or different drives. */
export function commonAncestor(dirs: readonly string[]): string | undefined {
  if (dirs.length === 0) return undefined;
  let common = path.resolve(dirs[0]!).split(path.sep);
  for (const dir of dirs.slice(1)) {
    const parts = path.resolve(dir).split(path.sep);
    let n = 0;
    while (n < common.length && n < parts.length && common[n] === parts[n]) n++;
    common = common.slice(0, n);
  }
  if (common.length === 0) return undefined;
  // ['', 'home'] → '/home'; [''] (only the root in common) → '/'; ['C:'] → 'C:\'.
  return common.length === 1 ? common[0] + path.sep : common.join(path.sep);
}

/** Orders strings by Unicode code point (JavaScript's `<` compares UTF-16 units, which differs past U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}
