// One probe per thing nbx can use from the machine. Each answers with a Check:
// found or not, what was found (path, version) or why not, and how to install it.
import { findChrome } from '../browser/chrome.js';
import { findIpykernel, findKernelSpecs, kernelSpecDirs, pythonCandidates } from './kernels.js';
import { findOnPath, firstLine, run } from './run.js';

export interface Check {
  /** Short name, first column of `nbx doctor`. */
  name: string;
  found: boolean;
  /** When found: where and which version; else why it is missing. */
  detail: string;
  /** What nbx uses it for. */
  usedFor: string;
  /** How to get it (shown when missing). */
  install: string;
  /** Formats that cannot work without it (`*`: every format). */
  neededFor: readonly string[];
}

export interface ProbeOptions {
  /** `--chrome PATH`. */
  chromePath?: string;
  env: NodeJS.ProcessEnv;
}

const TEXLIVE = 'apt-get install texlive-xetex texlive-latex-recommended texlive-fonts-recommended texlive-plain-generic lmodern';

export function probeNode(version: string = process.versions.node): Check {
  const major = Number.parseInt(version, 10);
  return {
    name: 'node',
    found: major >= 20,
    detail: major >= 20 ? `v${version}` : `v${version} is too old: nbx needs 20 or newer`,
    usedFor: 'running nbx',
    install: 'install Node.js 20 or newer (https://nodejs.org, or your package manager)',
    neededFor: ['*'],
  };
}

export async function probeChrome(opts: ProbeOptions): Promise<Check> {
  const check = {
    name: 'chrome',
    usedFor: 'pdf, slides-pdf, SVG outputs in latex',
    install: 'apt-get install chromium (or npx @puppeteer/browsers install chrome), or name one with --chrome PATH / CHROME_PATH',
    neededFor: ['pdf', 'slides-pdf'],
  };
  let path: string;
  try {
    path = findChrome({ chromePath: opts.chromePath, env: opts.env });
  } catch (e) {
    // findChrome's message already says where it looked and how to install one.
    return { ...check, found: false, detail: (e as Error).message.replace(/: install one.*$/, '') };
  }
  const version = await run(path, ['--version'], opts.env);
  if (!version.ok) return { ...check, found: false, detail: `${path} does not run: ${firstLine(version.stderr) || 'no answer to --version'}` };
  return { ...check, found: true, detail: `${path} (${firstLine(version.stdout)})` };
}

export async function probeXelatex(env: NodeJS.ProcessEnv): Promise<Check> {
  const check = { name: 'xelatex', usedFor: 'compiling --to latex output', install: TEXLIVE, neededFor: ['latex'] };
  const path = findOnPath('xelatex', env);
  if (!path) return { ...check, found: false, detail: 'not on PATH' };
  const version = await run(path, ['--version'], env);
  return version.ok ? { ...check, found: true, detail: `${path} (${firstLine(version.stdout)})` } : { ...check, found: false, detail: `${path} does not run` };
}

/** The LaTeX packages the preamble loads (templates/latex/preamble.hbs) and the main fonts (Latin Modern, fontspec's default). */
const TEX_FILES = ['fontspec.sty', 'amsmath.sty', 'graphicx.sty', 'xcolor.sty', 'fancyvrb.sty', 'longtable.sty', 'booktabs.sty', 'ulem.sty', 'hyperref.sty', 'geometry.sty', 'lmroman10-regular.otf', 'lmmono10-regular.otf'];

export async function probeTexFiles(env: NodeJS.ProcessEnv): Promise<Check> {
  const check = { name: 'latex files', usedFor: 'the packages and Latin Modern fonts --to latex output loads', install: TEXLIVE, neededFor: ['latex'] };
  const kpsewhich = findOnPath('kpsewhich', env);
  if (!kpsewhich) return { ...check, found: false, detail: 'kpsewhich not on PATH (no TeX Live)' };
  const found = await run(kpsewhich, TEX_FILES, env);
  const have = new Set(found.stdout.split('\n').map((line) => line.trim().split('/').pop()));
  const missing = TEX_FILES.filter((file) => !have.has(file));
  return missing.length
    ? { ...check, found: false, detail: `missing ${missing.join(', ')}` }
    : { ...check, found: true, detail: `${TEX_FILES.filter((f) => f.endsWith('.sty')).length} packages, Latin Modern` };
}

/** Fonts the LaTeX exporter picks when installed (src/formats/latex/scripts.ts): code, then non-Latin scripts. */
const FONT_GROUPS = [
  { name: 'code font', families: ['DejaVu Sans Mono'], usedFor: 'code in latex output (else Latin Modern Mono)', install: 'apt-get install fonts-dejavu-core' },
  { name: 'noto fonts', families: ['Noto Serif', 'Noto Sans Hebrew', 'Noto Naskh Arabic', 'Noto Sans Devanagari'], usedFor: 'Greek, Cyrillic, Hebrew, Arabic, Indic scripts in latex output', install: 'apt-get install fonts-noto-core' },
  { name: 'cjk fonts', families: ['Noto Sans CJK SC', 'Noto Serif CJK SC'], usedFor: 'Chinese, Japanese, Korean in latex and pdf output', install: 'apt-get install fonts-noto-cjk' },
];

export async function probeFonts(env: NodeJS.ProcessEnv): Promise<Check[]> {
  const fcList = findOnPath('fc-list', env);
  const listed = fcList ? await run(fcList, [':', 'family'], env) : undefined;
  const families = new Set((listed?.stdout ?? '').split(/[,\n]/).map((f) => f.trim()));
  return FONT_GROUPS.map((group) => {
    const check = { name: group.name, usedFor: group.usedFor, install: group.install, neededFor: [] };
    if (!listed?.ok) return { ...check, found: false, detail: 'unknown: fc-list not on PATH (apt-get install fontconfig)' };
    const missing = group.families.filter((f) => !families.has(f));
    return missing.length === 0
      ? { ...check, found: true, detail: group.families.join(', ') }
      : { ...check, found: false, detail: `missing ${missing.join(', ')}` };
  });
}

export async function probeKernels(env: NodeJS.ProcessEnv): Promise<Check[]> {
  const pythons = pythonCandidates(env);
  const dirs = kernelSpecDirs(env, pythons);
  const specs = findKernelSpecs(dirs);
  const ipykernel = await findIpykernel(pythons, env);
  const usedFor = 'running notebooks (--execute)';
  return [
    {
      name: 'kernels',
      found: specs.length > 0,
      detail: specs.length > 0 ? specs.map((s) => `${s.name} (${s.displayName})`).join(', ') : `no kernelspec in ${dirs.join(', ')}`,
      usedFor,
      install: 'apt-get install python3-ipykernel (Python), r-cran-irkernel (R); or python3 -m ipykernel install --user',
      neededFor: [],
    },
    {
      name: 'ipykernel',
      found: ipykernel !== undefined,
      detail: ipykernel ? `${ipykernel.python} (ipykernel ${ipykernel.version})` : `none of ${pythons.join(', ') || 'python3 (not on PATH)'} can import ipykernel`,
      usedFor: 'the Python kernel',
      install: 'apt-get install python3-ipykernel (or pip install ipykernel)',
      neededFor: [],
    },
  ];
}

export async function probeDocutils(env: NodeJS.ProcessEnv): Promise<Check> {
  const check = { name: 'docutils', usedFor: 'checking --to rst output (rst2html, Sphinx)', install: 'apt-get install python3-docutils (or pip install docutils)', neededFor: [] };
  const rst2html = findOnPath('rst2html', env) ?? findOnPath('rst2html.py', env);
  if (rst2html) {
    const version = await run(rst2html, ['--version'], env);
    if (version.ok) return { ...check, found: true, detail: `${rst2html} (${firstLine(version.stdout)})` };
  }
  for (const python of pythonCandidates(env)) {
    const imported = await run(python, ['-c', 'import docutils; print(docutils.__version__)'], env);
    if (imported.ok) return { ...check, found: true, detail: `${python} (docutils ${imported.stdout.trim()})` };
  }
  return { ...check, found: false, detail: 'no rst2html on PATH, no python that can import docutils' };
}
