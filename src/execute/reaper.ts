// Last-resort cleanup: kernels still running when nbx exits (an uncaught error,
// process.exit, SIGTERM) are killed with their whole process group and their
// connection dirs removed. 'exit' handlers may only do synchronous work, which
// process.kill and rmSync are.
import { rmSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { isMainThread } from 'node:worker_threads';

interface Live {
  pid: number | undefined;
  dir: string;
}

const live = new Set<Live>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    // Negative pid: the kernel's process group (spawned detached), children included.
    process.kill(process.platform === 'win32' ? pid : -pid, signal);
  } catch {
    // ESRCH: already gone.
  }
}

function reapAll(): void {
  for (const k of live) {
    killGroup(k.pid, 'SIGKILL');
    rmSync(k.dir, { recursive: true, force: true });
  }
  live.clear();
}

// A signal nobody else handles would end node without 'exit' handlers running:
// exit as that signal would have, so they do. When the CLI handles it (Ctrl-C
// aborts the batch, which shuts kernels down), it is left to the CLI.
function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  reapAll();
  process.exit(128 + (osConstants.signals[signal] ?? 0));
}

/** Registers a running kernel; call the returned function once it is gone. */
export function track(pid: number | undefined, dir: string): () => void {
  const entry: Live = { pid, dir };
  if (live.size === 0) {
    process.on('exit', reapAll);
    // Worker threads get no signals; there the kernel's own parent polling
    // (JPY_PARENT_PID) ends it if the process dies.
    if (isMainThread) for (const s of SIGNALS) process.on(s, onSignal);
  }
  live.add(entry);
  return () => {
    if (!live.delete(entry) || live.size > 0) return;
    process.off('exit', reapAll);
    if (isMainThread) for (const s of SIGNALS) process.off(s, onSignal);
  };
}

/** Kernels this process is running (tests, diagnostics). */
export function liveKernelCount(): number {
  return live.size;
}
