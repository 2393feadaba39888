// The package as a user gets it: `npm pack`, then the tarball installed into an
// empty project (npx nbx, the library from TypeScript) and globally (`nbx` on
// PATH). Run by `npm run test:install` (not by `npm test`: it needs the npm
// registry or npm's cache for the dependencies). Also prints the tarball's size
// and the start-up of the installed nbx against the checkout's (not asserted:
// timings are measurements, not tests).
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixture, repoRoot } from '../helpers.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'nbx-install-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const version = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
const project = path.join(tmp, 'project');
const globalPrefix = path.join(tmp, 'global');
/** The user cache dir of the installed nbx: its code cache goes there. */
const xdg = path.join(tmp, 'xdg-cache');

// npm run sets npm_config_* for its scripts: a child npm must not inherit them
// (they would point it at this repository).
const cleanEnv: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
const userEnv: NodeJS.ProcessEnv = { ...cleanEnv, XDG_CACHE_HOME: xdg };

function sh(cmd: string, args: string[], opts: SpawnSyncOptions = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: userEnv, maxBuffer: 64 << 20, ...opts });
  const out = { code: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
  assert.equal(out.code, 0, `${cmd} ${args.join(' ')} failed (${out.code}):\n${out.stderr}${out.stdout}`);
  return out;
}

let tarball = '';
let packed: { size: number; unpackedSize: number; entryCount: number; files: { path: string }[] };

before(() => {
  assert.ok(existsSync(path.join(repoRoot, 'dist', 'bundle', 'nbx.cjs')), 'run `npm run build` first');
  // --ignore-scripts: the checkout is built already (prepare would build it again).
  const pack = sh('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], { cwd: repoRoot, env: cleanEnv });
  packed = (JSON.parse(pack.stdout) as (typeof packed & { filename: string })[])[0]!;
  tarball = path.join(tmp, (JSON.parse(pack.stdout) as { filename: string }[])[0]!.filename);
  mkdirSync(project);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
  // @types/node as any TypeScript project on Node has it; the rest comes from the tarball.
  sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, '@types/node@20'], { cwd: project });
  copyFileSync(fixture('tour.ipynb'), path.join(project, 'tour.ipynb'));
});

describe('npm pack', () => {
  it('holds the CLI, the library with its types, templates and licences; no tests, sources or caches', () => {
    const files = packed.files.map((f) => f.path);
    for (const file of ['package.json', 'README.md', 'LICENSE', 'bin/nbx.cjs', 'bin/load-bundle.cjs', 'dist/index.js', 'dist/index.d.ts',
      'dist/bundle/nbx.cjs', 'dist/bundle/worker.cjs', 'dist/bundle/katex.cjs', 'dist/bundle/THIRD_PARTY_LICENSES.txt',
      'dist/templates.precompiled.cjs', 'templates/html/style.css']) {
      assert.ok(files.includes(file), `${file} not in the package`);
    }
    const unwanted = files.filter((f) => /^(test|bench|src|fixtures|scripts|examples|\.ci)\/|\.cache$|^dist\/cli\/|tsconfig/.test(f));
    assert.deepEqual(unwanted, []);
  });

  it('lists the licence of every bundled package', () => {
    const licences = readFileSync(path.join(repoRoot, 'dist', 'bundle', 'THIRD_PARTY_LICENSES.txt'), 'utf8');
    for (const name of ['commander', 'markdown-it', 'handlebars', 'highlight.js', 'katex', 'sanitize-html', 'pdf-lib']) {
      assert.match(licences, new RegExp(`^${name.replace('.', '\\.')}@\\d+\\.\\d+\\.\\d+ \\(`, 'm'), `${name} missing`);
    }
  });
});

describe('installed into a project', () => {
  const npx = (args: string[]) => sh('npx', ['--no-install', ...args], { cwd: project });

  it('npx nbx --version', () => {
    assert.equal(npx(['nbx', '--version']).stdout.trim(), version);
  });

  it('npx nbx convert to html and rst, leaving a code cache for the next start', () => {
    npx(['nbx', 'convert', 'tour.ipynb', '--to', 'html,rst']);
    assert.match(readFileSync(path.join(project, 'tour.html'), 'utf8'), /^<!DOCTYPE html>[^]*<title>A tour of nbx<\/title>/);
    assert.match(readFileSync(path.join(project, 'tour.rst'), 'utf8'), /^A tour of nbx\n=+\n/m);
    const cacheDir = path.join(xdg, 'nbx', version);
    const caches = readdirSync(cacheDir).filter((f) => f.startsWith('nbx.cjs.') && f.endsWith('.cache'));
    assert.equal(caches.length, 1, `code cache of nbx.cjs in ${cacheDir}`);
    const written = statSync(path.join(cacheDir, caches[0]!)).mtimeMs;
    npx(['nbx', 'convert', 'tour.ipynb', '--to', 'html']);
    assert.equal(statSync(path.join(cacheDir, caches[0]!)).mtimeMs, written, 'an accepted cache is not written again');
  });

  it('converts when the cache dir cannot be written', () => {
    const blocked = path.join(tmp, 'not-a-dir');
    writeFileSync(blocked, '');
    const r = sh(path.join(project, 'node_modules', '.bin', 'nbx'), ['convert', 'tour.ipynb', '--to', 'markdown'], { cwd: project, env: { ...cleanEnv, XDG_CACHE_HOME: blocked } });
    assert.equal(r.stderr, '');
    assert.ok(existsSync(path.join(project, 'tour.md')));
  });

  it("a TypeScript file importing nbx-cli type-checks and runs", () => {
    writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: false, outDir: 'out', types: ['node'] },
      files: ['use.ts'],
    }));
    writeFileSync(path.join(project, 'use.ts'), [
      "import { convert, exporters, type Exporter } from 'nbx-cli';",
      "const wordcount: Exporter = { name: 'words', extension: '.txt', description: 'words', mimePriority: [],",
      "  async export(nb) { return { content: String(nb.cells.length), files: [] }; } };",
      "const page = await convert('tour.ipynb', { to: 'html' });",
      "const count = await convert('tour.ipynb', { to: wordcount });",
      "const html: string | Uint8Array = page.content;",
      "console.log(typeof html === 'string' && html.startsWith('<!DOCTYPE html>'), count.content, [...exporters.keys()].includes('rst'));",
      '',
    ].join('\n'));
    const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    sh(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project });
    const out = sh(process.execPath, ['out/use.js'], { cwd: project }).stdout.trim().split(' ');
    assert.equal(out[0], 'true');
    assert.match(out[1]!, /^\d+$/);
    assert.equal(out[2], 'true');
  });
});

describe('installed globally', () => {
  it('npm install -g puts nbx on PATH', () => {
    sh('npm', ['install', '-g', '--prefix', globalPrefix, '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: tmp });
    const binDir = process.platform === 'win32' ? globalPrefix : path.join(globalPrefix, 'bin');
    const env = { ...userEnv, PATH: `${binDir}${path.delimiter}${cleanEnv.PATH}` };
    assert.equal(sh('nbx', ['--version'], { cwd: tmp, env }).stdout.trim(), version);
    sh('nbx', ['convert', path.join(project, 'tour.ipynb'), '--to', 'rst', '--output-dir', path.join(tmp, 'global-out')], { cwd: tmp, env });
    assert.ok(existsSync(path.join(tmp, 'global-out', 'tour.rst')));
  });
});

describe('measurements', () => {
  it('tarball size, files, start-up of the installed package against the checkout', () => {
    const runs = Number(process.env.NBX_INSTALL_RUNS ?? 10);
    const installed = path.join(project, 'node_modules', 'nbx-cli', 'bin', 'nbx.cjs');
    const checkout = path.join(repoRoot, 'bin', 'nbx.cjs');
    // CPU time as well as wall time (GNU time, when installed): on a busy machine it varies less.
    const gnuTime = existsSync('/usr/bin/time');
    const cases: [string, string[]][] = [['--version', ['--version']], ['convert tour.ipynb --to html', ['convert', 'tour.ipynb', '--to', 'html', '--stdout']]];
    const rows = [`tarball ${path.basename(tarball)}: ${(packed.size / 1024).toFixed(0)} kB, ${packed.entryCount} files, ${(packed.unpackedSize / 1024 / 1024).toFixed(1)} MB unpacked`];
    const median = (t: number[]) => [...t].sort((a, b) => a - b)[t.length >> 1]!;
    for (const [name, args] of cases) {
      const wall: Record<string, number[]> = { installed: [], checkout: [] };
      const cpu: Record<string, number[]> = { installed: [], checkout: [] };
      // Alternated runs: a busy machine slows both alike.
      for (let i = 0; i < runs; i++) {
        for (const [which, bin] of [['installed', installed], ['checkout', checkout]] as const) {
          const start = process.hrtime.bigint();
          const r = gnuTime
            ? sh('/usr/bin/time', ['-f', '%U %S', process.execPath, bin, ...args], { cwd: project, stdio: ['ignore', 'ignore', 'pipe'] })
            : sh(process.execPath, [bin, ...args], { cwd: project, stdio: ['ignore', 'ignore', 'pipe'] });
          wall[which]!.push(Number(process.hrtime.bigint() - start) / 1e6);
          if (gnuTime) cpu[which]!.push(r.stderr.trim().split('\n').pop()!.split(' ').reduce((sum, s) => sum + Number(s) * 1000, 0));
        }
      }
      const line = (label: string, t: Record<string, number[]>) => {
        const [a, b] = [median(t.installed!), median(t.checkout!)];
        return `${label} installed ${a.toFixed(0)} ms, checkout ${b.toFixed(0)} ms (ratio ${(a / b).toFixed(2)})`;
      };
      rows.push(`nbx ${name}, median of ${runs}: ${line('wall', wall)}${gnuTime ? `; ${line('cpu', cpu)}` : ''}`);
    }
    console.log(rows.map((r) => `# ${r}`).join('\n'));
  });
});
