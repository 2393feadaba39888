// How many threads a batch uses when --jobs is not given.
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';

/**
 * Notebook bytes per thread. A worker loads nbx again (~0.1 s of CPU) and holds a heap
 * of its own (~35 MB more peak RSS): for a batch of 20 typical notebooks (~2 MB) that is
 * more memory than nbconvert takes for the same batch, and 15% more CPU in all, for a
 * wall-time gain only on otherwise idle cores. --jobs still sets the count.
 */
export const BYTES_PER_THREAD = 4 * 2 ** 20;

/** Threads when --jobs is not given: one per BYTES_PER_THREAD of input, at most one per core. */
export function defaultJobs(files: readonly string[], cwd: string, cores = availableParallelism()): number {
  if (cores <= 1) return 1;
  let bytes = 0;
  for (const f of files) {
    if (f === '-') continue;
    try {
      bytes += statSync(path.resolve(cwd, f)).size;
    } catch {
      // unreadable: its conversion reports it
    }
    if (bytes >= cores * BYTES_PER_THREAD) return cores;
  }
  return Math.max(1, Math.min(cores, Math.ceil(bytes / BYTES_PER_THREAD)));
}
