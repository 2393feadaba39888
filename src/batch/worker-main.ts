// The script of the library's worker threads (the CLI bundle has its own, dist/bundle/worker.js).
import { serveJobs } from './worker.js';

serveJobs();
