// `nbx doctor`: one line per thing nbx can use, found or missing with how to
// install it; exit 1 only when a format named with --to lacks something it needs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { findChrome } from '../src/browser/chrome.js';
import { findKernelSpecs, kernelSpecDirs } from '../src/doctor/kernels.js';
import { repoRoot } from './helpers.js';

const bin = path.join(repoRoot, 'bin', 'nbx.cjs');
const tmp = mkdtempSync(path.join(tmpdir(), 'nbx-doctor-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function doctor(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, [bin, 'doctor', ...args], { encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The line of one check (`found   chrome  …`). */
function line(stdout: string, name: string): string {
  const found = stdout.split('\n').find((l) => new RegExp(`^(found|missing) +${name} `).test(l));
  assert.ok(found, `no line for ${name} in:\n${stdout}`);
  return found;
}

/** An executable shell script at tmp/rel. */
function script(rel: string, body: string): string {
  const file = path.join(tmp, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

const fakeChrome = script('browser/chrome', 'echo "Chromium 131.0.6778.85"');
let systemChrome: string | undefined;
try {
  systemChrome = findChrome();
} catch {
  systemChrome = undefined;
}

describe('nbx doctor', () => {
  it('prints one line per check, each found or missing, and exits 0', () => {
    const r = doctor([]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^nbx \d+\.\d+\.\d+ on /);
    for (const l of lines.slice(1)) assert.match(l, /^(found|missing) +\S/);
    for (const name of ['node', 'chrome', 'xelatex', 'latex files', 'code font', 'noto fonts', 'cjk fonts', 'kernels', 'ipykernel', 'docutils']) line(r.stdout, name);
    assert.match(line(r.stdout, 'node'), new RegExp(`^found +node +v${process.versions.node.replaceAll('.', '\\.')}$`));
  });

  it('with a browser found: its path and version, and --to pdf is ready', () => {
    const r = doctor(['--chrome', fakeChrome, '--to', 'pdf']);
    assert.equal(r.code, 0, r.stdout);
    assert.equal(line(r.stdout, 'chrome'), `found   chrome       ${fakeChrome} (Chromium 131.0.6778.85)`);
    assert.match(r.stdout, /^nbx: --to pdf: ready$/m);
  });

  it('finds the installed browser without --chrome', { skip: !systemChrome && 'no Chrome/Chromium installed' }, () => {
    const r = doctor(['--to', 'pdf,slides-pdf']);
    assert.equal(r.code, 0, r.stdout);
    assert.match(line(r.stdout, 'chrome'), new RegExp(`^found +chrome +${systemChrome!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\((Chromium|Google Chrome|Microsoft Edge)[^)]* \\d+\\.`));
  });

  it('with --chrome pointing at nothing: missing, with how to install one; --to pdf exits 1, --to html 0', () => {
    const nothing = path.join(tmp, 'no', 'chrome');
    const plain = doctor(['--chrome', nothing]);
    assert.equal(plain.code, 0);
    const chrome = line(plain.stdout, 'chrome');
    assert.match(chrome, /^missing +chrome +/);
    assert.ok(chrome.includes(nothing), chrome);
    assert.match(chrome, /apt-get install chromium/);
    const pdf = doctor(['--chrome', nothing, '--to', 'pdf']);
    assert.equal(pdf.code, 1);
    assert.match(pdf.stdout, /^nbx: --to pdf: missing chrome$/m);
    assert.equal(doctor(['--chrome', nothing, '--to', 'html']).code, 0);
  });

  it('a browser that does not run is missing', () => {
    const broken = script('browser/broken', 'echo "cannot open display" >&2; exit 1');
    const r = doctor(['--chrome', broken, '--to', 'pdf']);
    assert.equal(r.code, 1);
    assert.match(line(r.stdout, 'chrome'), /does not run: cannot open display/);
  });

  it('with a PATH that lacks xelatex: missing with the Debian packages; --to latex exits 1, --to pdf 0', () => {
    const emptyPath = path.join(tmp, 'empty-bin');
    mkdirSync(emptyPath, { recursive: true });
    const env = { ...process.env, PATH: emptyPath };
    const plain = doctor(['--chrome', fakeChrome], env);
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(line(plain.stdout, 'xelatex'), /^missing +xelatex +not on PATH; for compiling --to latex output: apt-get install texlive-xetex /);
    const latex = doctor(['--chrome', fakeChrome, '--to', 'latex'], env);
    assert.equal(latex.code, 1);
    assert.match(latex.stdout, /^nbx: --to latex: missing xelatex, latex files$/m);
    assert.equal(doctor(['--chrome', fakeChrome, '--to', 'pdf'], env).code, 0);
  });

  it('finds xelatex on PATH and reports its version', () => {
    const dir = path.dirname(script('tex-bin/xelatex', 'echo "XeTeX 3.14 (TeX Live 2099)"'));
    const r = doctor(['--chrome', fakeChrome], { ...process.env, PATH: dir });
    assert.equal(line(r.stdout, 'xelatex'), `found   xelatex      ${path.join(dir, 'xelatex')} (XeTeX 3.14 (TeX Live 2099))`);
  });

  it('an unknown format is a one-line usage error', () => {
    const r = doctor(['--to', 'docx']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^nbx: unknown format "docx": choose one of html, /);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });
});

describe('kernelspecs', () => {
  it('are looked for in JUPYTER_PATH, the user data dir, the Python prefixes, /usr/local and /usr', () => {
    const dirs = kernelSpecDirs({ HOME: '/home/u', JUPYTER_PATH: `/a${path.delimiter}/b` }, ['/opt/py/bin/python3']);
    assert.deepEqual(dirs.slice(0, 3), ['/a/kernels', '/b/kernels', process.platform === 'darwin' ? '/home/u/Library/Jupyter/kernels' : '/home/u/.local/share/jupyter/kernels']);
    assert.deepEqual(dirs.slice(3), ['/opt/py/share/jupyter/kernels', '/usr/local/share/jupyter/kernels', '/usr/share/jupyter/kernels']);
  });

  it('are read from kernel.json; the first directory wins a name; others are skipped', () => {
    const spec = (dir: string, name: string, json: string) => {
      mkdirSync(path.join(tmp, dir, name), { recursive: true });
      writeFileSync(path.join(tmp, dir, name, 'kernel.json'), json);
    };
    spec('k1', 'python3', JSON.stringify({ display_name: 'Python 3 (mine)', language: 'python', argv: [] }));
    spec('k2', 'python3', JSON.stringify({ display_name: 'Python 3 (system)', language: 'python', argv: [] }));
    spec('k2', 'ir', JSON.stringify({ display_name: 'R', language: 'R', argv: [] }));
    spec('k2', 'broken', '{');
    const specs = findKernelSpecs([path.join(tmp, 'k1'), path.join(tmp, 'missing'), path.join(tmp, 'k2')]);
    assert.deepEqual(specs.map((s) => [s.name, s.displayName, s.language]), [['python3', 'Python 3 (mine)', 'python'], ['ir', 'R', 'R']]);
  });
});
