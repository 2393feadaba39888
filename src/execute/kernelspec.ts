// Kernel discovery as jupyter_client does it: kernels/<name>/kernel.json in
// JUPYTER_PATH, the user data dir, {sys.prefix}/share/jupyter, then the system
// dirs. A Python notebook with no kernelspec installed still runs in a Python
// that can import ipykernel (jupyter_client's "native" python3 kernel).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NbxError } from '../errors.js';
import type { NotebookJson } from './types.js';

export interface KernelSpec {
  /** Name as notebooks spell it in metadata.kernelspec.name. */
  name: string;
  /** Command; `{connection_file}` is replaced by the connection file's path. */
  argv: string[];
  displayName: string;
  language: string;
  env: Record<string, string>;
  interruptMode: 'signal' | 'message';
  /** kernel.json's directory (`{resource_dir}`), or null for the fallback. */
  resourceDir: string | null;
}

/** Data dirs in jupyter_client's order (jupyter_core.paths.jupyter_path()). */
export function jupyterDataDirs(prefixes: string[] = envPrefixes()): string[] {
  const dirs: string[] = [];
  const sep = process.platform === 'win32' ? ';' : ':';
  for (const p of (process.env.JUPYTER_PATH ?? '').split(sep)) if (p) dirs.push(p);
  dirs.push(userDataDir());
  for (const prefix of prefixes) dirs.push(path.join(prefix, 'share', 'jupyter'));
  if (process.platform === 'win32') {
    if (process.env.PROGRAMDATA) dirs.push(path.join(process.env.PROGRAMDATA, 'jupyter'));
  } else {
    dirs.push('/usr/local/share/jupyter', '/usr/share/jupyter');
  }
  return [...new Set(dirs.map((d) => path.resolve(d)))];
}

function userDataDir(): string {
  if (process.env.JUPYTER_DATA_DIR) return process.env.JUPYTER_DATA_DIR;
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Jupyter');
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? home, 'jupyter');
  return path.join(process.env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'jupyter');
}

/** sys.prefix of the Python environments the user has active (no process started). */
function envPrefixes(): string[] {
  return [process.env.VIRTUAL_ENV, process.env.CONDA_PREFIX].filter((p): p is string => !!p);
}

function readSpec(dir: string, name: string): KernelSpec | null {
  const file = path.join(dir, 'kernel.json');
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
  const argv = raw.argv;
  if (!Array.isArray(argv) || argv.length === 0 || !argv.every((a) => typeof a === 'string')) return null;
  const env = raw.env && typeof raw.env === 'object' ? (raw.env as Record<string, unknown>) : {};
  return {
    name,
    argv: argv as string[],
    displayName: typeof raw.display_name === 'string' ? raw.display_name : name,
    language: typeof raw.language === 'string' ? raw.language : '',
    env: Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === 'string')) as Record<string, string>,
    interruptMode: raw.interrupt_mode === 'message' ? 'message' : 'signal',
    resourceDir: dir,
  };
}

/** Every installed kernelspec, first found wins (as jupyter_client). */
export function listKernelSpecs(dataDirs: string[] = jupyterDataDirs()): KernelSpec[] {
  const found = new Map<string, KernelSpec>();
  for (const data of dataDirs) {
    const kernels = path.join(data, 'kernels');
    let names: string[];
    try {
      names = readdirSync(kernels);
    } catch {
      continue;
    }
    for (const dirName of names.sort()) {
      const name = dirName.toLowerCase();
      if (found.has(name)) continue;
      const spec = readSpec(path.join(kernels, dirName), name);
      if (spec) found.set(name, spec);
    }
  }
  return [...found.values()];
}

interface PythonInfo {
  exe: string;
  prefix: string;
  hasIpykernel: boolean;
}

let pythons: PythonInfo[] | undefined;

/** Pythons worth trying, each asked once for sys.prefix and whether ipykernel is importable. */
function findPythons(): PythonInfo[] {
  if (pythons) return pythons;
  const candidates = [
    ...(process.env.VIRTUAL_ENV ? [path.join(process.env.VIRTUAL_ENV, 'bin', 'python')] : []),
    ...onPath('python3'), '/usr/bin/python3', '/usr/local/bin/python3', ...onPath('python'),
  ];
  const seen = new Set<string>();
  pythons = [];
  const probe = 'import sys, importlib.util as u; print(sys.prefix); print(u.find_spec("ipykernel_launcher") is not None)';
  for (const exe of candidates) {
    if (!existsSync(exe)) continue;
    const key = safeRealpath(exe);
    // pyenv's shims are one script for every version: keep them by path.
    if (seen.has(key) && !exe.includes('shims')) continue;
    seen.add(key);
    const run = spawnSync(exe, ['-c', probe], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
    if (run.status !== 0) continue;
    const [prefix, has] = run.stdout.trim().split('\n');
    if (prefix) pythons.push({ exe, prefix, hasIpykernel: has === 'True' });
  }
  return pythons;
}

function onPath(cmd: string): string[] {
  const exts = process.platform === 'win32' ? ['.exe', ''] : [''];
  const out: string[] = [];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    for (const ext of exts) {
      const file = path.join(dir, cmd + ext);
      if (dir && existsSync(file)) out.push(file);
    }
  }
  return out;
}

function safeRealpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

const normalize = (s: string) => s.trim().toLowerCase();
const isPython = (language: string) => /^(i?python[23]?|py)$/.test(normalize(language));

/** Which kernel and language the notebook asks for (nbclient: kernelspec.name, else jupyter's default). */
export function wantedKernel(nb: NotebookJson, override?: string): { name: string | null; language: string | null } {
  const meta = nb.metadata ?? {};
  const ks = (meta.kernelspec ?? {}) as Record<string, unknown>;
  const li = (meta.language_info ?? {}) as Record<string, unknown>;
  const language = typeof ks.language === 'string' && ks.language ? ks.language : typeof li.name === 'string' && li.name ? li.name : null;
  const name = override ?? (typeof ks.name === 'string' && ks.name ? ks.name : null);
  return { name, language };
}

/**
 * The kernel to run `nb` in: --kernel, else metadata.kernelspec.name, else one
 * for its language; a Python notebook falls back to a Python with ipykernel.
 * Throws one line naming the kernel, where nbx looked, and how to install one.
 * `dataDirs` replaces jupyter's search path (tests).
 */
export function resolveKernel(nb: NotebookJson, override?: string, dataDirs?: string[]): KernelSpec {
  const { name, language } = wantedKernel(nb, override);
  const search = (dataDirs: string[]): KernelSpec | undefined => {
    const specs = listKernelSpecs(dataDirs);
    if (name) {
      const byName = specs.find((s) => s.name === normalize(name));
      if (byName || override) return byName;
    }
    if (language) return specs.find((s) => normalize(s.language) === normalize(language));
    return name ? undefined : specs.find((s) => s.name === 'python3');
  };
  const spec = search(dataDirs ?? jupyterDataDirs());
  if (spec) return spec;
  // Not in the usual places: also look in each Python's {sys.prefix}/share/jupyter.
  const found = findPythons();
  const allDirs = dataDirs ?? jupyterDataDirs([...envPrefixes(), ...found.map((p) => p.prefix)]);
  const more = dataDirs ? undefined : search(allDirs);
  if (more) return more;
  const wantsPython = name ? /^(python3?|ipython3?)$/.test(normalize(name)) || (!override && !!language && isPython(language)) : !language || isPython(language);
  const py = found.find((p) => p.hasIpykernel);
  if (wantsPython && py) {
    return {
      name: 'python3', argv: [py.exe, '-m', 'ipykernel_launcher', '-f', '{connection_file}'], displayName: 'Python 3 (ipykernel)',
      language: 'python', env: {}, interruptMode: 'signal', resourceDir: null,
    };
  }
  const what = name ? `"${name}"` : `for language ${language ?? 'python'}`;
  const tried = wantsPython ? `; Pythons tried: ${found.map((p) => p.exe).join(', ') || 'none found'}` : '';
  throw new NbxError(`no Jupyter kernel ${what} installed: looked in ${allDirs.map((d) => path.join(d, 'kernels')).join(', ')}${tried}; ${installHint(name, language, wantsPython)}`);
}

function installHint(name: string | null, language: string | null, python: boolean): string {
  if (python) return 'install one with `apt-get install python3-ipykernel` or `pip install ipykernel`';
  const lang = normalize(language ?? name ?? '');
  if (lang === 'r' || lang === 'ir') return 'install one with `apt-get install r-cran-irkernel`, or IRkernel::installspec() in R';
  return 'install the kernel (see `jupyter kernelspec list`), or choose one with --kernel';
}
