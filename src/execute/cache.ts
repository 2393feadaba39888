// --cache DIR (jupyter-cache's idea): the outputs of an executed notebook, stored
// under a hash of what determines them: the code cells' sources in order (with
// the tags that change how they run), the kernel, the parameters, --allow-errors.
// Not the notebook's path, its markdown or the working directory: a moved or
// re-worded notebook still hits. On a hit no kernel starts.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isObject } from '../notebook/raw.js';
import type { NotebookJson } from './types.js';

const FORMAT = 1;
const RUN_TAGS = ['skip-execution', 'raises-exception'];

type Cell = Record<string, unknown>;

export interface CacheKeyInput {
  /** The kernel that runs it: --kernel, else the notebook's kernelspec name. */
  kernel: string;
  parameters?: Record<string, unknown>;
  allowErrors?: boolean;
}

const codeCells = (nb: NotebookJson): Cell[] => nb.cells.filter((c): c is Cell => isObject(c) && c.cell_type === 'code');
const text = (v: unknown): string => (Array.isArray(v) ? v.join('') : typeof v === 'string' ? v : '');

export function cacheKey(nb: NotebookJson, input: CacheKeyInput): string {
  const cells = codeCells(nb).map((cell) => {
    const tags = isObject(cell.metadata) && Array.isArray(cell.metadata.tags) ? cell.metadata.tags : [];
    return [text(cell.source), RUN_TAGS.filter((t) => tags.includes(t))];
  });
  const what = { format: FORMAT, kernel: input.kernel, parameters: input.parameters ?? {}, allowErrors: input.allowErrors ?? false, cells };
  return createHash('sha256').update(JSON.stringify(what)).digest('hex');
}

interface Entry {
  format: number;
  cells: Array<{ execution_count: unknown; outputs: unknown; execution?: unknown }>;
  language_info?: unknown;
  widgets?: unknown;
}

const entryPath = (dir: string, key: string) => path.join(dir, key.slice(0, 2), `${key}.json`);

/** The notebook with the stored outputs, or null on a miss (or an unreadable entry, which is then replaced). */
export function fromCache(dir: string, key: string, nb: NotebookJson): NotebookJson | null {
  let entry: Entry;
  try {
    entry = JSON.parse(readFileSync(entryPath(dir, key), 'utf8')) as Entry;
  } catch {
    return null;
  }
  const cells = codeCells(nb);
  if (!isObject(entry) || entry.format !== FORMAT || !Array.isArray(entry.cells) || entry.cells.length !== cells.length) return null;
  let i = 0;
  const restored = nb.cells.map((cell) => {
    if (!isObject(cell) || cell.cell_type !== 'code') return cell;
    const stored = entry.cells[i++]!;
    const metadata = isObject(cell.metadata) ? { ...cell.metadata } : {};
    if (stored.execution !== undefined) metadata.execution = stored.execution;
    return { ...cell, metadata, execution_count: stored.execution_count ?? null, outputs: stored.outputs ?? [] };
  });
  const metadata = { ...nb.metadata };
  if (entry.language_info !== undefined) metadata.language_info = entry.language_info;
  if (entry.widgets !== undefined) metadata.widgets = entry.widgets;
  else delete metadata.widgets;
  return { ...nb, metadata, cells: restored };
}

/** Stores an executed notebook's outputs, atomically (temp file + rename): concurrent runs never see half an entry. */
export function toCache(dir: string, key: string, executed: NotebookJson): void {
  const entry: Entry = {
    format: FORMAT,
    cells: codeCells(executed).map((cell) => ({
      execution_count: cell.execution_count ?? null,
      outputs: cell.outputs ?? [],
      ...(isObject(cell.metadata) && cell.metadata.execution !== undefined && { execution: cell.metadata.execution }),
    })),
    ...(executed.metadata.language_info !== undefined && { language_info: executed.metadata.language_info }),
    ...(executed.metadata.widgets !== undefined && { widgets: executed.metadata.widgets }),
  };
  const target = entryPath(dir, key);
  mkdirSync(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify(entry));
    renameSync(temp, target);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}
