// Running the external programs the probes ask (`chromium --version`,
// `python3 -c "import ipykernel"`): found on PATH as the shell would, never
// through a shell, each with a time limit so a hung program cannot hang doctor.
import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/** The first executable file named `name` in PATH, or undefined. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      if (statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface RunResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion (at most `timeoutMs`); never throws. */
export function run(file: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 15_000): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 4 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ ok: !err, stdout: String(stdout ?? ''), stderr: String(stderr ?? '') });
    });
  });
}

/** The first non-empty line of a program's output. */
export function firstLine(text: string): string {
  return text.split('\n').map((l) => l.trim()).find(Boolean) ?? '';
}
