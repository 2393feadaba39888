// --shard i/n: splits a batch across n machines (as jest and playwright do),
// so that each input is converted by exactly one of them.
import path from 'node:path';
import { ExitCode, NbxError } from '../errors.js';
import { compareCodePoints } from './inputs.js';

/** `index` is 1-based: shard 2/3 is the second of three. */
export interface Shard {
  index: number;
  count: number;
}

/** Parses 'i/n'. Throws a one-line usage error (an NbxError, exit code 2) otherwise. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || !Number.isSafeInteger(count) || index < 1 || index > count) {
    throw new NbxError(`shard must be i/n with 1 ≤ i ≤ n, e.g. 2/4 (got ${JSON.stringify(text)})`, ExitCode.usage);
  }
  return { index, count };
}

/**
 * The inputs of one shard, in the order of `files`. Inputs are dealt round-robin in the order of their
 * '/'-separated path relative to `root`, so shard sizes differ by at most one and every machine splits the
 * same set of inputs the same way, whatever the argument order or the directory nbx runs in.
 * Relative `files` are relative to `cwd`.
 */
export function selectShard<T extends string>(files: readonly T[], shard: Shard, root: string, cwd: string = process.cwd()): T[] {
  const key = (file: string) =>
    file === '-' ? '-' : path.relative(path.resolve(cwd, root), path.resolve(cwd, file)).split(path.sep).join('/');
  const sorted = files.map((file, i) => ({ key: key(file), i })).sort((a, b) => compareCodePoints(a.key, b.key) || a.i - b.i);
  const chosen = new Set(sorted.filter((_, p) => p % shard.count === shard.index - 1).map(({ i }) => i));
  return files.filter((_, i) => chosen.has(i));
}
