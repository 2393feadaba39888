// The script of the library's worker threads (the CLI bundle has its own, dist/bundle/worker.cjs).
import { serveJobs } from './worker.js';

serveJobs();
