// --changed: make's rule for skipping a notebook whose outputs are newer than it.
import { statSync } from 'node:fs';

/**
 * True when every output exists and none is older than the input (by mtime; equal counts as up to date,
 * as in make). A missing input (or stdin, '-'), or no outputs at all, → false: convert it.
 * Only the given outputs are looked at: extra files (nb_files/) and changed options are not.
 */
export function isUpToDate(input: string, outputs: readonly string[]): boolean {
  if (input === '-' || outputs.length === 0) return false;
  const source = mtime(input);
  if (source === undefined) return false;
  return outputs.every((output) => {
    const target = mtime(output);
    return target !== undefined && target >= source;
  });
}

/** In nanoseconds: mtimeMs, a float, can round two equal times apart. */
function mtime(file: string): bigint | undefined {
  try {
    const stat = statSync(file, { bigint: true });
    return stat.isFile() ? stat.mtimeNs : undefined;
  } catch {
    return undefined;
  }
}
