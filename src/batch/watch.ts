// Watch mode: the inputs of `nbx convert --watch` (files, directories, globs,
// read as expandInputs reads them) are watched with chokidar, and the
// notebooks that change are handed over in debounced batches, one at a time.
import { readFileSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { watch } from 'chokidar';
import picomatch from 'picomatch'; // chokidar 4 has no globs
import { isDynamicPattern } from 'tinyglobby';
import { splitPattern } from './inputs.js';


export interface WatchOptions {
  /** Changes within this many ms are handed over together (default 200). */
  debounceMs?: number;
  /** Aborting stops watching; watchNotebooks then resolves. */
  signal?: AbortSignal;
  /** Directory relative inputs are read from (default: process.cwd()). */
  cwd?: string;
  /** How long a notebook that is not yet valid JSON is retried before it is handed over anyway (default 2000). */
  settleMs?: number;
  /** Called once the initial scan is done: changes from now on are seen. */
  onReady?: () => void;
}

/** One input as watched: a file, or a directory (all notebooks below it, or those a glob matches). */
interface Root {
  /** Absolute path given to chokidar. */
  watched: string;
  /** The input's path as typed, so reported paths look like expandInputs's. */
  typed: string;
  kind: 'file' | 'dir' | 'glob';
  /** glob: matches a '/'-separated path relative to `watched`. */
  matches?: (rel: string) => boolean;
  /** glob without '**': how many directory levels deep it can match. */
  depth?: number;
}

const isNotebook = (file: string) => /\.ipynb$/i.test(file);
/** Not notebooks a user means to convert: hidden (.ipynb_checkpoints, editors' temp files) and dependencies. */
const isSkipped = (segment: string) => segment.startsWith('.') || segment === 'node_modules';

function rootOf(input: string, cwd: string): Root {
  const absolute = path.resolve(cwd, input);
  const stats = statOrUndefined(absolute);
  if (stats?.isDirectory()) return { watched: absolute, typed: input, kind: 'dir' };
  const pattern = path.sep === '\\' ? input.replaceAll('\\', '/') : input;
  if (stats || !isDynamicPattern(pattern)) return { watched: absolute, typed: input, kind: 'file' }; // missing: watched for its creation
  const { base, rest } = splitPattern(pattern);
  return {
    watched: path.resolve(cwd, base),
    typed: base,
    kind: 'glob',
    matches: picomatch(rest, { dot: false }),
    depth: rest.includes('**') ? undefined : rest.split('/').length,
  };
}

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

function isSameOrAbove(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Path segments of `file` below the root's directory; null when not below it. */
function below(root: Root, file: string): string[] | null {
  const rel = path.relative(root.watched, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return rel ? rel.split(path.sep) : [];
}

/** Whether chokidar should look at `file` (a notebook or a directory that may hold one) for this root. */
function wanted(root: Root, file: string, stats?: Stats): boolean {
  if (isSameOrAbove(file, root.watched)) return true; // the root itself, or a directory chokidar passes on the way
  if (root.kind === 'file') return false;
  const segments = below(root, file);
  if (!segments || segments.some(isSkipped)) return false;
  if (root.depth !== undefined && (segments.length > root.depth || (stats?.isDirectory() && segments.length >= root.depth))) return false;
  return stats?.isFile() ? shownPath(root, file) !== null : true;
}

/** The notebook as the user would name it, if this root watches it. */
function shownPath(root: Root, file: string): string | null {
  if (root.kind === 'file') return file === root.watched ? root.typed : null;
  const segments = below(root, file);
  if (!segments?.length || segments.some(isSkipped) || !isNotebook(file)) return null;
  if (root.matches && !root.matches(segments.join('/'))) return null;
  return path.join(root.typed, ...segments);
}

/** What a file holds now: whether it is complete enough to convert (valid JSON), and a signature of the version; null when gone. */
function inspect(file: string): { parses: boolean; version: string } | null {
  let version: string;
  let text: string;
  try {
    const stats = statSync(file);
    version = `${stats.size}:${stats.mtimeMs}`;
    // A FIFO would block until written to: the converter reports "not a regular file".
    if (!stats.isFile()) return { parses: true, version };
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? null : { parses: true, version: '' }; // unreadable: the converter reports it
  }
  try {
    JSON.parse(text);
    return { parses: true, version };
  } catch {
    return { parses: false, version };
  }
}

interface Pending {
  file: string;
  /** When it was first seen not parsing (still being written), for settleMs. */
  unparsedSince?: number;
}

/**
 * Watches `inputs` and calls onChange with the notebooks that changed or
 * appeared (each once per call, paths as the user would see them). Calls
 * never overlap: changes during one are handed to the next. A notebook that
 * is not valid JSON yet is retried until it is, or settleMs passes. Resolves
 * when `signal` aborts (after a call in progress ends); rejects when onChange
 * rejects or the watcher fails.
 */
export async function watchNotebooks(inputs: string[], onChange: (files: string[]) => Promise<void>, options: WatchOptions = {}): Promise<void> {
  const { debounceMs = 200, settleMs = 2000, signal, onReady } = options;
  if (signal?.aborted) return;
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const roots = inputs.filter((input) => input !== '-').map((input) => rootOf(input, cwd));
  const watcher = watch(
    roots.map((r) => r.watched),
    { ignoreInitial: true, ignored: (file, stats) => !roots.some((r) => wanted(r, file, stats)) },
  );
  const pending = new Map<string, Pending>();
  const handedOver = new Map<string, string>(); // file → version last handed over
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let stopped = false;

  return new Promise<void>((resolve, reject) => {
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(flush, debounceMs);
    };
    const shown = (file: string) => roots.map((r) => shownPath(r, file)).find((s) => s !== null) ?? null;
    const changed = (file: string) => {
      const name = shown(file);
      if (name === null || stopped) return;
      pending.set(name, { file, unparsedSince: pending.get(name)?.unparsedSince });
      schedule();
    };
    const flush = () => {
      timer = undefined;
      if (running || stopped) return; // looked at again when the call ends
      const ready = takeReady(pending, handedOver, settleMs);
      if (pending.size) schedule(); // still being written
      if (!ready.length) return;
      running = onChange(ready).then(
        () => {
          running = null;
          if (pending.size && !timer) schedule();
        },
        (e: unknown) => {
          running = null;
          void stop(e);
        },
      );
    };
    const stop = async (error?: unknown) => {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      await watcher.close();
      await running?.catch(() => {});
      if (error === undefined) resolve();
      else reject(error instanceof Error ? error : new Error(String(error)));
    };
    const onAbort = () => void stop();

    watcher
      .on('add', changed)
      .on('change', changed)
      .on('unlink', (file) => {
        const name = shown(file);
        if (name !== null) pending.delete(name); // deleted before its turn: nothing to convert
      })
      .on('ready', () => onReady?.())
      .on('error', (e) => void stop(e));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Takes the pending notebooks that can be handed over now, leaving those
 * still being written. One write can give several events, some after its
 * notebook was handed over: a version already handed over is not a change.
 */
function takeReady(pending: Map<string, Pending>, handedOver: Map<string, string>, settleMs: number): string[] {
  const ready: string[] = [];
  const now = Date.now();
  for (const [name, entry] of pending) {
    const found = inspect(entry.file);
    if (found && !found.parses) {
      entry.unparsedSince ??= now;
      if (now - entry.unparsedSince < settleMs) continue;
    }
    pending.delete(name);
    if (!found || (found.version && handedOver.get(entry.file) === found.version)) continue;
    handedOver.set(entry.file, found.version);
    ready.push(name);
  }
  return ready;
}
