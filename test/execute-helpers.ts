// Shared by the execution tests: which kernels are installed (tests skip with
// the reason when one is not), a private TMPDIR for connection files, and the
// kernel processes still alive.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveKernel } from '../src/execute/kernelspec.js';
import { notebook } from './execute-notebooks.js';

function missing(name: string, language: string): string | false {
  try {
    resolveKernel(notebook([], { kernelspec: { name, language } }));
    return false;
  } catch (e) {
    return `no ${language} kernel installed (${(e as Error).message.slice(0, 120)}…)`;
  }
}

/** false, or why Python tests are skipped. */
export const noPython = missing('python3', 'python');
/** false, or why R tests are skipped. */
export const noR = missing('ir', 'R');

/** Connection dirs go to a private TMPDIR, so the tests can check none is left. */
export function privateTmpdir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nbx-ktest-'));
  process.env.TMPDIR = dir;
  return dir;
}

export function leftovers(dir: string): string[] {
  return readdirSync(dir);
}

/** Processes (pid + command) that are children of this process (kernels), or carry `marker` in their command line. */
export function kernelProcesses(marker?: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  return out.split('\n').filter((line) => {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (!m || Number(m[1]) === process.pid) return false;
    // ps itself, and tsx's esbuild service (a child of the test process too).
    if (m[3]!.startsWith('ps ') || m[3]!.includes('esbuild')) return false;
    return Number(m[2]) === process.pid || (marker !== undefined && m[3]!.includes(marker));
  });
}
