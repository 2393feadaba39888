// A fixed number of worker threads, each converting one notebook at a time.
// Converting is CPU-bound JavaScript, so threads (not async) use the cores.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FileJob, FileOutcome } from './convert-file.js';
import { noteWorkerTemp } from './write.js';

/** What a worker is told once: the exporters to load (built-in names or plugin URLs). */
export interface WorkerSetup {
  formats: string[];
}

interface Pending {
  id: number;
  job: FileJob;
  resolve: (outcome: FileOutcome) => void;
}

/** Jobs sent to a worker ahead of its current one: it then never waits for a main thread busy converting. */
const AHEAD = 2;

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
  /** Each worker with the jobs sent to it and not yet done. */
  readonly #workers = new Map<Worker, Map<number, Pending>>();
  readonly #queue: Pending[] = [];
  #nextId = 0;

  constructor(size: number, setup: WorkerSetup) {
    this.#size = Math.max(1, size);
    this.#setup = setup;
  }

  /** Converts one notebook on a worker; never rejects (a crashed worker is a failed notebook). */
  run(job: FileJob): Promise<FileOutcome> {
    return new Promise((resolve) => {
      this.#queue.push({ id: this.#nextId++, job, resolve });
      this.#dispatch();
    });
  }

  /** True when a job given now would start soon: a worker has fewer than AHEAD jobs, or one more can start. */
  hasRoom(): boolean {
    return this.#workers.size < this.#size || [...this.#workers.values()].some((jobs) => jobs.size < AHEAD) || false;
  }

  async close(): Promise<void> {
    const all = [...this.#workers.keys()];
    this.#workers.clear();
    await Promise.all(all.map((w) => w.terminate()));
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      let target: Worker | undefined;
      for (const [worker, jobs] of this.#workers) if (jobs.size < AHEAD && (!target || jobs.size < this.#workers.get(target)!.size)) target = worker;
      if (!target || (this.#workers.get(target)!.size > 0 && this.#workers.size < this.#size)) target = this.#spawn();
      const pending = this.#queue.shift()!;
      this.#workers.get(target)!.set(pending.id, pending);
      target.postMessage({ id: pending.id, job: pending.job });
    }
  }

  #spawn(): Worker {
    const script = workerScript ?? defaultScript();
    const worker = script.pathname.endsWith('.ts')
      // From source (tests, under tsx): the worker registers tsx itself, as hooks are per thread.
      ? new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(script.href)}); });`, { eval: true, workerData: this.#setup })
      : new Worker(script, { workerData: this.#setup });
    const jobs = new Map<number, Pending>();
    this.#workers.set(worker, jobs);
    worker.on('message', (message: { id: number; outcome: FileOutcome } | { temp: string; live: boolean }) => {
      if ('temp' in message) return noteWorkerTemp(message.temp, message.live);
      const { id, outcome } = message;
      const pending = jobs.get(id);
      jobs.delete(id);
      pending?.resolve(outcome);
      this.#dispatch();
    });
    const lost = (why: string) => {
      if (!this.#workers.delete(worker)) return;
      for (const pending of jobs.values()) {
        pending.resolve({
          input: pending.job.input, status: 'failed', outputs: [], warnings: [], ms: 0, exitCode: 1,
          error: `${pending.job.input}: internal error: the worker converting it stopped (${why})`,
        });
      }
      this.#dispatch();
    };
    worker.on('error', (e) => lost(e.message));
    worker.on('exit', (code) => lost(`exit code ${code}`));
    return worker;
  }
}
