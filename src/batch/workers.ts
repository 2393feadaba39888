// A fixed number of worker threads, each converting one notebook at a time.
// Converting is CPU-bound JavaScript, so threads (not async) use the cores.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FileJob, FileOutcome } from './convert-file.js';

/** What a worker is told once: the exporters to load (built-in names or plugin URLs). */
export interface WorkerSetup {
  formats: string[];
}

interface Pending {
  job: FileJob;
  resolve: (outcome: FileOutcome) => void;
}

/**
 * The script a worker runs. The CLI bundle sets its own (dist/bundle/worker.cjs,
 * which loads the bundle with its code cache); the library uses worker-main.js
 * beside this file (worker-main.ts when run from source with tsx).
 */
let workerScript: URL | undefined;
export function setWorkerScript(url: URL): void {
  workerScript = url;
}

function defaultScript(): URL {
  const js = new URL('./worker-main.js', import.meta.url);
  return existsSync(fileURLToPath(js)) ? js : new URL('./worker-main.ts', import.meta.url);
}

export class WorkerPool {
  readonly #size: number;
  readonly #setup: WorkerSetup;
  readonly #idle: Worker[] = [];
  readonly #all = new Set<Worker>();
  readonly #queue: Pending[] = [];
  readonly #running = new Map<Worker, Pending>();

  constructor(size: number, setup: WorkerSetup) {
    this.#size = Math.max(1, size);
    this.#setup = setup;
  }

  /** Converts one notebook on a worker; never rejects (a crashed worker is a failed notebook). */
  run(job: FileJob): Promise<FileOutcome> {
    return new Promise((resolve) => {
      this.#queue.push({ job, resolve });
      this.#dispatch();
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.#all].map((w) => w.terminate()));
    this.#all.clear();
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      const worker = this.#idle.pop() ?? (this.#all.size < this.#size ? this.#spawn() : undefined);
      if (!worker) return;
      const pending = this.#queue.shift()!;
      this.#running.set(worker, pending);
      worker.postMessage(pending.job);
    }
  }

  #spawn(): Worker {
    const script = workerScript ?? defaultScript();
    const worker = script.pathname.endsWith('.ts')
      // From source (tests, under tsx): the worker registers tsx itself, as hooks are per thread.
      ? new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(script.href)}); });`, { eval: true, workerData: this.#setup })
      : new Worker(script, { workerData: this.#setup });
    this.#all.add(worker);
    worker.on('message', (outcome: FileOutcome) => {
      const pending = this.#running.get(worker);
      this.#running.delete(worker);
      this.#idle.push(worker);
      pending?.resolve(outcome);
      this.#dispatch();
    });
    const lost = (why: string) => {
      this.#all.delete(worker);
      const i = this.#idle.indexOf(worker);
      if (i >= 0) this.#idle.splice(i, 1);
      const pending = this.#running.get(worker);
      this.#running.delete(worker);
      pending?.resolve({
        input: pending.job.input, status: 'failed', outputs: [], warnings: [], ms: 0, exitCode: 1,
        error: `${pending.job.input}: internal error: the worker converting it stopped (${why})`,
      });
      this.#dispatch();
    };
    worker.on('error', (e) => lost(e.message));
    worker.on('exit', (code) => { if (this.#all.has(worker)) lost(`exit code ${code}`); });
    return worker;
  }
}
