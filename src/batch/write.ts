// Writing a notebook's outputs safely. The notebook and the tree around it may
// be hostile (a checked-out pull request holding `nb_files -> ../victim`), and
// the disk may be full, so:
// - every file is written to a temp file beside its target, then renamed: never
//   a partial file; a rename replaces a link rather than writing through it;
// - directories below the one the user named (--output-dir, the notebook's
//   folder) are created by nbx or must be real directories: a symbolic link
//   there is refused, never followed;
// - side files (`nb_files/`) and the document are one transaction: all temps
//   are written before any rename, the document renamed last, and on failure
//   the temps and the directories created for them are removed;
// - temp files still open when a signal stops nbx are removed (removeTempFiles).
import { lstatSync, mkdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NbxError } from '../errors.js';

export interface OutputFile {
  /** Absolute path. */
  path: string;
  data: string | Uint8Array;
}

/** Temp files being written by this thread (a worker reports its own to the main thread). */
const liveTemps = new Set<string>();
let onTemp: ((file: string, live: boolean) => void) | undefined;

/** Worker threads forward their temp files to the thread that handles signals. */
export function reportTempFiles(listener: (file: string, live: boolean) => void): void {
  onTemp = listener;
}

/** A worker's temp file, as it reported it (workers.ts). */
export function noteWorkerTemp(file: string, live: boolean): void {
  if (live) liveTemps.add(file);
  else liveTemps.delete(file);
}

/**
 * Removes the temp files of writes that did not finish: a worker's, when a
 * signal ends nbx while it writes (this thread's own writes are synchronous,
 * so a signal handler only runs between them). Synchronous, for 'exit' handlers.
 */
export function removeTempFiles(): void {
  for (const file of liveTemps) rmSync(file, { force: true });
  liveTemps.clear();
}

/**
 * Writes `main` and the files it refers to. `trusted` is the directory the
 * user chose (it is created when missing); everything must be below it.
 * `label` names the notebook in error messages. Throws a one-line NbxError.
 */
export function writeOutputs(trusted: string, main: OutputFile, files: readonly OutputFile[], label: string, cwd = process.cwd()): void {
  const shown = (file: string) => {
    const rel = path.relative(cwd, file);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
  };
  const fail = (file: string, why: string): never => {
    throw new NbxError(`${label ? `${label}: ` : ''}cannot write ${shown(file)}: ${why}`);
  };
  const created: string[] = [];
  const temps: string[] = [];
  try {
    try {
      mkdirSync(trusted, { recursive: true });
    } catch (e) {
      fail(trusted, reason(e));
    }
    for (const file of [...files, main]) {
      if (!isBelow(file.path, trusted)) fail(file.path, `outside ${shown(trusted)}`);
      realDirectories(trusted, path.dirname(file.path), created, fail);
      if (lstatOrNull(file.path)?.isDirectory()) fail(file.path, 'a directory is in the way');
    }
    for (const file of [...files, main]) {
      const temp = path.join(path.dirname(file.path), `.${path.basename(file.path)}.${process.pid}.tmp`);
      track(temp, true);
      temps.push(temp);
      try {
        rmSync(temp, { force: true }); // a stale one, or a link someone left under that name
        writeFileSync(temp, file.data, { flag: 'wx' });
      } catch (e) {
        fail(file.path, reason(e));
      }
    }
    // Side files first: the document never points to files not there yet.
    [...files, main].forEach((file, i) => {
      try {
        renameSync(temps[i]!, file.path);
        track(temps[i]!, false);
      } catch (e) {
        fail(file.path, reason(e));
      }
    });
  } catch (e) {
    for (const temp of temps) {
      rmSync(temp, { force: true });
      track(temp, false);
    }
    for (const dir of created.reverse()) {
      try {
        rmdirSync(dir); // only when empty: another notebook's files may be there by now
      } catch {
        // not empty or gone
      }
    }
    throw e;
  }
}

function track(temp: string, live: boolean): void {
  if (live) liveTemps.add(temp);
  else liveTemps.delete(temp);
  onTemp?.(temp, live);
}

/** Creates `dir` below `trusted` one level at a time; each existing level must be a real directory. */
function realDirectories(trusted: string, dir: string, created: string[], fail: (file: string, why: string) => never): void {
  const parts = path.relative(trusted, dir).split(path.sep).filter(Boolean);
  let current = trusted;
  for (const part of parts) {
    current = path.join(current, part);
    const stat = lstatOrNull(current);
    if (stat?.isSymbolicLink()) fail(current, 'it is a symbolic link, and nbx does not write through links it did not create (remove it)');
    if (stat && !stat.isDirectory()) fail(current, 'it is a file, not a directory');
    if (stat) continue;
    try {
      mkdirSync(current);
      created.push(current);
    } catch (e) {
      fail(current, reason(e));
    }
  }
}

function lstatOrNull(file: string) {
  try {
    return lstatSync(file);
  } catch {
    return null;
  }
}

function isBelow(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..' + path.sep) && rel !== '..' && !path.isAbsolute(rel);
}

/** Why a write failed, in words (the code for the rest). */
function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EFBIG':
      return 'file too large (a file size limit was reached)';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a directory';
    case 'ENAMETOOLONG':
      return 'file name too long';
    case 'EISDIR':
      return 'a directory is in the way';
    default:
      return err.code ? `${err.code}: ${err.message.replace(/^\w+: /, '')}` : String(err.message ?? e);
  }
}

/** One file below `trusted`, with writeOutputs' guarantees (atomic, no write through links). */
export function writeFileBelow(trusted: string, file: string, data: string | Uint8Array): void {
  writeOutputs(trusted, { path: file, data }, [], '');
}
