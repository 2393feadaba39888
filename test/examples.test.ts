// The examples users copy (examples/github-actions.yml, examples/package.json,
// .pre-commit-hooks.yaml), run as written: the commands of their steps, scripts
// and hooks, with `nbx` / `npx nbx` being this checkout's bin/nbx.cjs.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { findChrome } from '../src/browser/chrome.js';
import { repoRoot } from './helpers.js';

const bin = path.join(repoRoot, 'bin', 'nbx.cjs');
const nbxCommand = `"${process.execPath}" "${bin}"`;
const tmp = mkdtempSync(path.join(tmpdir(), 'nbx-examples-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

// Child npm/git must not see the npm_config_* of `npm test` nor the user's git config.
const env: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))),
  GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'nbx', GIT_AUTHOR_EMAIL: 'nbx@example.org', GIT_COMMITTER_NAME: 'nbx', GIT_COMMITTER_EMAIL: 'nbx@example.org',
};

function bash(script: string, cwd: string) {
  const r = spawnSync('bash', ['-eo', 'pipefail', '-c', script], { cwd, env, encoding: 'utf8' });
  assert.equal(r.status, 0, `${script}\nfailed in ${cwd}:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** A small notebook: a heading and a code cell with an output. */
function notebookJson(title: string): string {
  return JSON.stringify({
    nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    cells: [
      { cell_type: 'markdown', id: 'm', metadata: {}, source: [`# ${title}\n`, '\n', 'Some $x^2$ math.'] },
      { cell_type: 'code', id: 'c', metadata: {}, execution_count: 1, source: ['print(1 + 1)'], outputs: [{ output_type: 'stream', name: 'stdout', text: ['2\n'] }] },
    ],
  }, null, 1);
}

const NOTEBOOKS = ['intro.ipynb', 'a/one.ipynb', 'a/two.ipynb', 'b/three.ipynb', 'b/deep/four.ipynb', 'five.ipynb', 'six.ipynb'];

function writeNotebooks(dir: string, names: readonly string[] = NOTEBOOKS) {
  for (const name of names) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), notebookJson(name));
  }
}

/** Every file below dir, relative, sorted. */
function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => statSync(path.join(dir, f)).isFile()).sort();
}

/** The HTML page of each notebook, mirrored from its folder. */
const pages = (names: readonly string[]) => names.map((n) => n.replace(/\.ipynb$/, '.html')).sort();

describe('examples/github-actions.yml', () => {
  interface Step { uses?: string; run?: string; with?: Record<string, unknown> }
  interface Job { needs?: string; strategy?: { matrix: Record<string, unknown[]> }; steps: Step[] }
  const workflow = parse(readFileSync(path.join(repoRoot, 'examples', 'github-actions.yml'), 'utf8')) as { jobs: Record<string, Job> };

  /**
   * Runs the workflow on the git repository `origin` as GitHub would, locally:
   * each job of the matrix in a fresh clone (all files dated now, as checkout
   * does), `run:` steps in bash, and the actions it uses simulated on
   * directories (cache, artifacts). Returns the merged site directory.
   */
  function runWorkflow(origin: string, run: number, cacheStore: string): string {
    const artifacts = path.join(tmp, `artifacts-${run}`);
    const sha = bash('git rev-parse HEAD', origin).trim();
    let site = '';
    for (const [jobName, job] of Object.entries(workflow.jobs)) {
      const matrix = job.strategy?.matrix ?? {};
      const keys = Object.keys(matrix);
      assert.ok(keys.length <= 1, 'one matrix dimension');
      const values = keys.length ? matrix[keys[0]!]! : [undefined];
      for (const value of values) {
        const work = path.join(tmp, `run${run}-${jobName}-${value ?? 0}`);
        const expr = (text: string) => text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, e: string) => {
          if (e === `matrix.${keys[0]}`) return String(value);
          if (e === 'strategy.job-total') return String(values.length);
          if (e === 'github.sha') return sha;
          throw new Error(`the test does not know \${{ ${e} }}`);
        });
        const post: (() => void)[] = [];
        for (const step of job.steps) {
          const w = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, expr(String(v))]));
          const action = step.uses?.replace(/@.*/, '');
          if (step.run !== undefined) {
            if (step.run.trim() === 'npm ci') continue; // nbx is this checkout (npx nbx below)
            bash(expr(step.run).replaceAll('npx nbx', nbxCommand), work);
          } else if (action === 'actions/checkout') {
            assert.equal(w['fetch-depth'], '0', 'the history is needed for the notebook times');
            bash(`git clone -q "${origin}" "${work}"`, tmp);
          } else if (action === 'actions/setup-node') {
            assert.equal(w['node-version'], '20');
          } else if (action === 'actions/cache') {
            const target = path.join(work, w.path!);
            const saved = readdirSync(cacheStore).filter((k) => k === w.key || k.startsWith(w['restore-keys']!)).sort().pop();
            if (saved) cpSync(path.join(cacheStore, saved), target, { recursive: true, preserveTimestamps: true });
            post.push(() => cpSync(target, path.join(cacheStore, w.key!), { recursive: true, preserveTimestamps: true }));
          } else if (action === 'actions/upload-artifact') {
            cpSync(path.join(work, w.path!), path.join(artifacts, w.name!), { recursive: true, preserveTimestamps: true });
          } else if (action === 'actions/download-artifact') {
            mkdirSync(work, { recursive: true });
            const pattern = new RegExp(`^${w.pattern!.replaceAll('*', '.*')}$`);
            assert.equal(w['merge-multiple'], 'true');
            const seen = new Map<string, string>();
            for (const name of readdirSync(artifacts).filter((n) => pattern.test(n))) {
              for (const file of files(path.join(artifacts, name))) {
                assert.ok(!seen.has(file), `${file} in both ${seen.get(file)} and ${name}`);
                seen.set(file, name);
              }
              cpSync(path.join(artifacts, name), path.join(work, w.path!), { recursive: true, preserveTimestamps: true });
            }
          } else if (action === 'actions/upload-pages-artifact') {
            site = path.join(work, w.path!);
            assert.ok(existsSync(site));
          } else {
            throw new Error(`the test does not simulate ${step.uses}`);
          }
        }
        for (const save of post) save();
      }
    }
    return site;
  }

  it('builds every notebook once over the shards, then only the changed one from the cached pages', async () => {
    const origin = path.join(tmp, 'origin');
    const cacheStore = path.join(tmp, 'cache');
    mkdirSync(cacheStore, { recursive: true });
    writeNotebooks(path.join(origin, 'notebooks'));
    // A commit of last year: the notebooks' times come from it, not from the clone.
    bash('git init -q && git add -A && GIT_COMMITTER_DATE="2025-01-01T00:00:00Z" git commit -qm notebooks', origin);

    const first = runWorkflow(origin, 1, cacheStore);
    assert.deepEqual(files(first), pages(NOTEBOOKS));
    assert.match(readFileSync(path.join(first, 'a', 'two.html'), 'utf8'), /<h1[^>]*>a\/two\.ipynb/);
    const before = new Map(files(first).map((f) => [f, readFileSync(path.join(first, f), 'utf8')]));
    const shardCaches = readdirSync(cacheStore);
    assert.equal(shardCaches.length, 4);

    // A later commit changes one notebook (committed in a later second than the pages were written).
    await new Promise((resolve) => setTimeout(resolve, 1100 - (Date.now() % 1000)));
    writeFileSync(path.join(origin, 'notebooks', 'a', 'two.ipynb'), notebookJson('two, edited'));
    bash('git commit -qam edit', origin);
    const second = runWorkflow(origin, 2, cacheStore);
    assert.deepEqual(files(second), pages(NOTEBOOKS));
    assert.match(readFileSync(path.join(second, 'a', 'two.html'), 'utf8'), /two, edited/);
    // The others come from the cache, untouched: the dates of the restored pages are those of the first run.
    for (const page of pages(NOTEBOOKS).filter((p) => p !== 'a/two.html')) {
      assert.equal(readFileSync(path.join(second, page), 'utf8'), before.get(page), page);
    }
    const rewritten = readdirSync(cacheStore).filter((k) => !shardCaches.includes(k)).flatMap((key) =>
      files(path.join(cacheStore, key)).filter((f) => statSync(path.join(cacheStore, key, f)).mtimeMs > Date.parse('2025-06-01') &&
        statSync(path.join(cacheStore, key, f)).mtimeMs > statSync(path.join(first, f)).mtimeMs + 500));
    assert.deepEqual(rewritten, ['a/two.html']);
  });
});

describe('examples/package.json', () => {
  const sample = JSON.parse(readFileSync(path.join(repoRoot, 'examples', 'package.json'), 'utf8')) as { scripts: Record<string, string>; devDependencies: Record<string, string> };
  let project = '';
  /** A project with the sample package.json and nbx "installed" (node_modules/.bin/nbx is this checkout's). */
  function setup() {
    if (project) return project;
    project = path.join(tmp, 'npm-project');
    mkdirSync(path.join(project, 'node_modules', '.bin'), { recursive: true });
    cpSync(path.join(repoRoot, 'examples', 'package.json'), path.join(project, 'package.json'));
    symlinkSync(bin, path.join(project, 'node_modules', '.bin', 'nbx'));
    writeNotebooks(path.join(project, 'notebooks'), NOTEBOOKS.slice(0, 3));
    return project;
  }
  let chrome: string | undefined;
  try {
    chrome = findChrome();
  } catch {
    chrome = undefined;
  }

  it('depends on nbx-cli, whose bin is nbx', () => {
    assert.ok(sample.devDependencies['nbx-cli']);
    for (const script of Object.values(sample.scripts)) assert.match(script, /^nbx (convert|doctor) /);
  });

  it('npm run docs builds site/, then converts nothing unchanged', () => {
    const dir = setup();
    bash('npm run -s docs', dir);
    assert.deepEqual(files(path.join(dir, 'site')), pages(NOTEBOOKS.slice(0, 3)));
    const mtime = statSync(path.join(dir, 'site', 'intro.html')).mtimeMs;
    bash('npm run -s docs', dir);
    assert.equal(statSync(path.join(dir, 'site', 'intro.html')).mtimeMs, mtime);
  });

  it('npm run docs:ci writes the report', () => {
    const dir = setup();
    bash('npm run -s docs:ci', dir);
    const report = JSON.parse(readFileSync(path.join(dir, 'nbx-report.json'), 'utf8')) as { summary: { converted: number; failed: number } };
    assert.deepEqual([report.summary.converted, report.summary.failed], [3, 0]);
    assert.ok(existsSync(path.join(dir, 'site', 'a', 'one.rst')));
  });

  it('npm run docs:pdf and doctor', { skip: !chrome && 'no Chrome/Chromium installed' }, () => {
    const dir = setup();
    bash('npm run -s docs:pdf && npm run -s doctor', dir);
    assert.deepEqual(files(path.join(dir, 'site', 'pdf')), pages(NOTEBOOKS.slice(0, 3)).map((p) => p.replace(/\.html$/, '.pdf')));
  });

  it('npm run docs:watch converts a notebook when it is saved', async () => {
    const dir = setup();
    const child = spawn('npm', ['run', '-s', 'docs:watch'], { cwd: dir, env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    try {
      await new Promise<void>((resolve, reject) => {
        child.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
          if (stderr.includes('watching for changes')) resolve();
        });
        child.on('exit', () => reject(new Error(`docs:watch exited: ${stderr}`)));
      });
      const page = path.join(dir, 'site', 'a', 'one.html');
      // Saved again every 2 s: "watching" is printed before the watcher has
      // finished its first scan, which misses a save made meanwhile.
      for (let i = 0; i < 300 && !readFileSync(page, 'utf8').includes('one, saved'); i++) {
        if (i % 20 === 0) writeFileSync(path.join(dir, 'notebooks', 'a', 'one.ipynb'), notebookJson('one, saved'));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.match(readFileSync(page, 'utf8'), /one, saved/);
    } finally {
      // npm and nbx: the whole process group.
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGINT');
      await new Promise((resolve) => (child.exitCode === null ? child.on('exit', resolve) : resolve(undefined)));
    }
  });
});

describe('.pre-commit-hooks.yaml', () => {
  interface Hook { id: string; name: string; entry: string; args?: string[]; language: string; files: string; pass_filenames?: boolean }
  const hooks = parse(readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
  const hook = (id: string) => {
    const found = hooks.find((h) => h.id === id);
    assert.ok(found, `no hook ${id}`);
    return found;
  };
  const help = spawnSync(process.execPath, [bin, 'convert', '--help'], { encoding: 'utf8' }).stdout;

  it('declares node hooks on notebooks, run by the nbx bin', () => {
    assert.deepEqual(hooks.map((h) => h.id), ['nbx-convert', 'nbx-clear-output']);
    for (const h of hooks) {
      assert.equal(h.language, 'node');
      assert.ok(h.name && h.entry.startsWith('nbx convert '), h.id);
      assert.notEqual(h.pass_filenames, false);
      const files = new RegExp(h.files);
      assert.ok(files.test('docs/a b.ipynb') && !files.test('x.py') && !files.test('x.ipynb.bak'), `files: ${h.files}`);
    }
  });

  /** Runs a hook as pre-commit does: entry, args, then the staged files, from the repository root. */
  function runHook(h: Hook, dir: string, staged: string[]) {
    const command = [h.entry.replace(/^nbx /, `${nbxCommand} `), ...(h.args ?? []), ...staged].map((a, i) => (i === 0 ? a : `'${a}'`)).join(' ');
    return bash(command, dir);
  }

  it('nbx-convert converts the staged notebooks beside them', () => {
    const dir = path.join(tmp, 'hook-convert');
    writeNotebooks(dir, ['x.ipynb', 'sub dir/y.ipynb', 'untouched.ipynb']);
    runHook(hook('nbx-convert'), dir, ['x.ipynb', 'sub dir/y.ipynb']);
    assert.deepEqual(files(dir).filter((f) => f.endsWith('.html')), ['sub dir/y.html', 'x.html']);
  });

  it('nbx-clear-output clears the outputs in place', { skip: !help.includes('--clear-output') && 'nbx convert has no --clear-output yet (branch execnb)' }, () => {
    const dir = path.join(tmp, 'hook-clear');
    writeNotebooks(dir, ['x.ipynb']);
    runHook(hook('nbx-clear-output'), dir, ['x.ipynb']);
    const nb = JSON.parse(readFileSync(path.join(dir, 'x.ipynb'), 'utf8')) as { cells: { outputs?: unknown[]; execution_count?: unknown }[] };
    assert.deepEqual(nb.cells[1]!.outputs, []);
    assert.equal(nb.cells[1]!.execution_count, null);
  });
});
