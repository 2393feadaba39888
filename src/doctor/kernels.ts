// Jupyter kernels, as `jupyter kernelspec list` finds them: kernel.json files
// in the kernelspec directories ($JUPYTER_PATH, the user's data dir, the
// Python prefixes, /usr/local and /usr), and a Python that has ipykernel.
import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { findOnPath, run } from './run.js';

export interface KernelSpec {
  name: string;
  displayName: string;
  language: string;
  dir: string;
}

/** Directories holding kernelspecs (`<dir>/<name>/kernel.json`), in Jupyter's order of precedence. */
export function kernelSpecDirs(env: NodeJS.ProcessEnv = process.env, pythons: readonly string[] = []): string[] {
  const home = env.HOME || homedir();
  const user = env.JUPYTER_DATA_DIR
    ?? (process.platform === 'darwin' ? path.join(home, 'Library', 'Jupyter') : path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'jupyter'));
  const dirs = [
    ...(env.JUPYTER_PATH ?? '').split(path.delimiter).filter(Boolean),
    user,
    // {sys.prefix}/share/jupyter: a python at <prefix>/bin/python3.
    ...pythons.map((python) => path.join(path.dirname(path.dirname(python)), 'share', 'jupyter')),
    '/usr/local/share/jupyter',
    '/usr/share/jupyter',
  ];
  return [...new Set(dirs.map((dir) => path.join(dir, 'kernels')))];
}

/** Every kernelspec found; a name found twice is the first one's, as in Jupyter. */
export function findKernelSpecs(dirs: readonly string[]): KernelSpec[] {
  const specs = new Map<string, KernelSpec>();
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      if (specs.has(name.toLowerCase())) continue;
      try {
        const json = JSON.parse(readFileSync(path.join(dir, name, 'kernel.json'), 'utf8')) as { display_name?: unknown; language?: unknown };
        specs.set(name.toLowerCase(), {
          name,
          displayName: typeof json.display_name === 'string' ? json.display_name : name,
          language: typeof json.language === 'string' ? json.language : '',
          dir: path.join(dir, name),
        });
      } catch {
        // not a kernelspec (or unreadable): Jupyter skips it too
      }
    }
  }
  return [...specs.values()];
}

/** Python interpreters to ask: the one on PATH, and the system's (Debian's python3-ipykernel). */
export function pythonCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const found = [findOnPath('python3', env), findOnPath('python', env), '/usr/bin/python3'].filter((p): p is string => p !== undefined);
  return [...new Set(found)];
}

/** The first of `pythons` that can `import ipykernel`, with its version. */
export async function findIpykernel(pythons: readonly string[], env: NodeJS.ProcessEnv): Promise<{ python: string; version: string } | undefined> {
  const results = await Promise.all(pythons.map((python) => run(python, ['-c', 'import ipykernel; print(ipykernel.__version__)'], env)));
  const i = results.findIndex((r) => r.ok);
  return i < 0 ? undefined : { python: pythons[i]!, version: results[i]!.stdout.trim() };
}
