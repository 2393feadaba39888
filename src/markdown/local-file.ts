// Local files a notebook's markdown points to (`![](fig.png)`), read for every
// format that embeds or copies them (HTML, PDF, LaTeX). A notebook is often not
// trusted (a pull request, a download), and its folder may hold symbolic links
// it chose (`env.png -> /proc/self/environ`, `linkdir -> ../secret`): so, with
// or without --sanitize, only regular files whose real path is inside the
// notebook's folder are read; anything else is refused with a reason.
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import path from 'node:path';

export type LocalFile = { data: Buffer; real: string } | { refused: string; missing?: boolean };

/** No image a notebook shows is this big; a larger file is not read into memory. */
const MAX_BYTES = 256 * 1024 * 1024;

/**
 * Reads `relative` (a decoded path from the markdown) below `baseDir`. Refusals:
 * not found, outside the folder (after following links), not a regular file
 * (FIFO, device, directory), too large.
 */
export function readLocalFile(baseDir: string, relative: string): LocalFile {
  if (!isInside(path.resolve(baseDir, relative), path.resolve(baseDir))) return { refused: "outside the notebook's folder" };
  let root: string;
  let real: string;
  try {
    root = realpathSync(baseDir);
    real = realpathSync(path.resolve(baseDir, relative));
  } catch {
    return { refused: 'not found beside the notebook', missing: true };
  }
  if (!isInside(real, root)) return { refused: `a link to ${real}, outside the notebook's folder` };
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; O_NOFOLLOW: the
    // checked path cannot have become a link since.
    fd = openSync(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
  } catch {
    return { refused: 'not readable' };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { refused: 'not a regular file' };
    if (stat.size > MAX_BYTES) return { refused: `larger than ${MAX_BYTES / 1024 / 1024} MB` };
    return { data: readAll(fd, stat.size), real };
  } catch {
    return { refused: 'not readable' };
  } finally {
    closeSync(fd);
  }
}

/** Reads to the end (a file may differ from its stat size), up to MAX_BYTES. */
function readAll(fd: number, size: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.max(65536, Math.min(size - total, MAX_BYTES)));
    const n = readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
    if (total > MAX_BYTES) throw new Error('too large');
  }
  return Buffer.concat(chunks, total);
}

/** `file` is `dir` or below it (both real, absolute). */
export function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..' + path.sep) && rel !== '..' && !path.isAbsolute(rel));
}
