// A worker thread of a batch: loads the exporters once, then converts the
// notebooks it is sent, one at a time (see workers.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { loadExporter } from '../formats/plugins.js';
import { convertFile, describeError, type FileJob } from './convert-file.js';
import type { WorkerSetup } from './workers.js';
import { reportTempFiles } from './write.js';

export function serveJobs(): void {
  const port = parentPort;
  if (!port) throw new Error('serveJobs() runs in a worker thread');
  const setup = workerData as WorkerSetup;
  // The main thread removes them if a signal ends nbx mid-write.
  reportTempFiles((temp, live) => port.postMessage({ temp, live }));
  const exporters = Promise.all(setup.formats.map((spec) => loadExporter(spec)));
  // Jobs arrive ahead of time (so this thread never waits for a busy main
  // thread to send the next one) and are converted one after another.
  let queue: Promise<unknown> = Promise.resolve();
  port.on('message', ({ id, job }: { id: number; job: FileJob }) => {
    queue = queue
      .then(() => exporters)
      .then((list) => convertFile(job, list))
      .catch((e: unknown) => ({ input: job.input, status: 'failed' as const, outputs: [], warnings: [], ms: 0, exitCode: 1, ...errorOf(e, job) }))
      .then((outcome) => port.postMessage({ id, outcome }));
  });
}

function errorOf(e: unknown, job: FileJob) {
  return { error: describeError(e, job.input, job.debug).message };
}
