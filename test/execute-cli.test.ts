// `nbx convert --execute` end to end, with Debian's python3-ipykernel: parameters,
// the cache, --execute=auto, --clear-output --inplace, a failing notebook in a
// batch, 8 kernels at once. After each test: no kernel process, no connection file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, test } from 'node:test';
import { kernelProcesses, leftovers, noPython, privateTmpdir } from './execute-helpers.js';
import { code, markdown, notebook } from './execute-notebooks.js';

const tmp = privateTmpdir(); // the kernels' connection files (TMPDIR is inherited by nbx)
const work = mkdtempSync(path.join(os.tmpdir(), 'nbx-exec-cli-'));
after(() => {
  rmSync(tmp, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});
afterEach(() => {
  assert.deepEqual(kernelProcesses(tmp), [], 'no kernel process left');
  assert.deepEqual(leftovers(tmp).filter((f) => f !== path.basename(work)), [], 'no connection dir left');
});

const skip = noPython;
const bin = path.join(import.meta.dirname, '..', 'bin', 'nbx.cjs');
const nbx = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [bin, 'convert', ...args], { cwd, encoding: 'utf8' });
const dirFor = (name: string) => {
  const dir = path.join(work, name);
  mkdirSync(dir, { recursive: true });
  return dir;
};
const write = (file: string, nb: object) => writeFileSync(file, JSON.stringify(nb));
const readNb = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { cells: Array<Record<string, unknown>> };
const stdout = (cell: Record<string, unknown>) =>
  ((cell.outputs ?? []) as Array<Record<string, unknown>>).filter((o) => o.name === 'stdout').map((o) => (Array.isArray(o.text) ? o.text.join('') : o.text)).join('');

test('-p injects a parameters cell after the tagged one; running the result again replaces it', { skip }, () => {
  const dir = dirFor('params');
  write(path.join(dir, 'nb.ipynb'), notebook([markdown('# p'), code('x = 1\nname = "default"', ['parameters']), code('print(x * 10, name)')]));
  let r = nbx(dir, 'nb.ipynb', '--execute', '--to', 'notebook', '-p', 'x=5', '-p', 'name=héllo wörld');
  assert.equal(r.status, 0, r.stderr);
  let out = readNb(path.join(dir, 'nb.nbconvert.ipynb'));
  assert.equal(out.cells[2]!.source instanceof Array ? (out.cells[2]!.source as string[]).join('') : '', '# Parameters\nx = 5\nname = "h\\xe9llo w\\xf6rld"\n');
  assert.equal(stdout(out.cells[3]!), '50 héllo wörld\n');

  writeFileSync(path.join(dir, 'params.json'), JSON.stringify({ x: 7, name: 'from file' }));
  r = nbx(dir, 'nb.nbconvert.ipynb', '--execute', '--to', 'notebook', '--parameters', 'params.json', '-p', 'x=8', '-o', 'again');
  assert.equal(r.status, 0, r.stderr);
  out = readNb(path.join(dir, 'again.ipynb'));
  const injected = out.cells.filter((c) => JSON.stringify(c.metadata).includes('injected-parameters'));
  assert.equal(injected.length, 1, 'replaced, not added');
  assert.equal(stdout(out.cells[3]!), '80 from file\n', '-p wins over --parameters');

  // What nbformat accepts.
  const check = spawnSync('/usr/bin/python3', ['-c', 'import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], 4)); print("ok")', path.join(dir, 'again.ipynb')], { encoding: 'utf8' });
  assert.equal(check.stdout.trim(), 'ok', check.stderr);
});

test('--cache: a hit starts no kernel and says cached; a code edit misses', { skip }, () => {
  const dir = dirFor('cache');
  const cells = (n: number) => [code(`open("ran.txt", "a").write("x")\nprint(${n} * 2)`), markdown('words')];
  write(path.join(dir, 'nb.ipynb'), notebook(cells(21)));
  const ran = () => (existsSync(path.join(dir, 'ran.txt')) ? readFileSync(path.join(dir, 'ran.txt'), 'utf8') : '');
  let r = nbx(dir, 'nb.ipynb', '--execute', '--cache', '.nbx-cache', '--to', 'html', '--json');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).results[0].execution, 'executed');
  assert.equal(ran(), 'x');
  assert.match(readFileSync(path.join(dir, 'nb.html'), 'utf8'), /<pre[^>]*>42\n<\/pre>/);

  // Another directory, another markdown: still a hit.
  const moved = dirFor('cache-moved');
  write(path.join(moved, 'nb.ipynb'), notebook([cells(21)[0]!, markdown('other words')]));
  r = nbx(dir, path.join(moved, 'nb.ipynb'), 'nb.ipynb', '--execute', '--cache', '.nbx-cache', '--to', 'html');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /2 converted, 0 failed, 0 warnings, 2 cached/);
  assert.equal(ran(), 'x', 'no kernel ran the cell');
  assert.match(readFileSync(path.join(moved, 'nb.html'), 'utf8'), /<pre[^>]*>42\n<\/pre>/);

  write(path.join(dir, 'nb.ipynb'), notebook(cells(50)));
  r = nbx(dir, 'nb.ipynb', '--execute', '--cache', '.nbx-cache', '--to', 'html', '--json');
  assert.equal(JSON.parse(r.stdout).results[0].execution, 'executed');
  assert.equal(ran(), 'xx');
  assert.match(readFileSync(path.join(dir, 'nb.html'), 'utf8'), /<pre[^>]*>100\n<\/pre>/);
});

test('--execute=auto runs only notebooks without outputs; --clear-output --inplace empties them again', { skip }, () => {
  const dir = dirFor('auto');
  write(path.join(dir, 'fresh.ipynb'), notebook([code('open("fresh.ran", "w").write("1")\nprint("fresh")')]));
  const done = notebook([code('open("done.ran", "w").write("1")\nprint("new")')]);
  done.cells[0]!.outputs = [{ output_type: 'stream', name: 'stdout', text: 'stored\n' }];
  write(path.join(dir, 'done.ipynb'), done);
  const r = nbx(dir, 'fresh.ipynb', 'done.ipynb', '--execute=auto', '--to', 'notebook');
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(path.join(dir, 'fresh.ran')));
  assert.ok(!existsSync(path.join(dir, 'done.ran')), 'a notebook with outputs is not executed');
  assert.equal(stdout(readNb(path.join(dir, 'fresh.nbconvert.ipynb')).cells[0]!), 'fresh\n');
  assert.equal(stdout(readNb(path.join(dir, 'done.nbconvert.ipynb')).cells[0]!), 'stored\n');

  const c = nbx(dir, 'fresh.nbconvert.ipynb', '--clear-output', '--inplace');
  assert.equal(c.status, 0, c.stderr);
  const cleared = readNb(path.join(dir, 'fresh.nbconvert.ipynb'));
  assert.deepEqual(cleared.cells[0]!.outputs, []);
  assert.equal(cleared.cells[0]!.execution_count, null);
});

test('a raising notebook in a batch: one line, exit 1, nothing written for it; the others are', { skip }, () => {
  const dir = dirFor('batch-error');
  write(path.join(dir, 'a.ipynb'), notebook([code('print("a")')]));
  write(path.join(dir, 'bad.ipynb'), notebook([markdown('x'), code('y = 1'), code('print("before")\n1/0')]));
  write(path.join(dir, 'c.ipynb'), notebook([code('print("c")')]));
  const r = nbx(dir, 'a.ipynb', 'bad.ipynb', 'c.ipynb', '--execute', '--to', 'html,notebook', '--jobs', '2');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^nbx: bad\.ipynb: cell 2 \(In \[2\]\) raised ZeroDivisionError: division by zero$/m);
  assert.match(r.stderr, /2 converted, 1 failed/);
  assert.ok(!existsSync(path.join(dir, 'bad.html')) && !existsSync(path.join(dir, 'bad.nbconvert.ipynb')));
  for (const name of ['a', 'c']) {
    assert.match(readFileSync(path.join(dir, `${name}.html`), 'utf8'), new RegExp(`>${name}\\n?<`));
    assert.equal(stdout(readNb(path.join(dir, `${name}.nbconvert.ipynb`)).cells[0]!), `${name}\n`);
  }
});

test('--jobs 8: eight notebooks, eight kernels at once, each its own outputs', { skip }, () => {
  const dir = dirFor('jobs');
  const names = Array.from({ length: 8 }, (_, i) => `nb${i}`);
  for (const name of names) write(path.join(dir, `${name}.ipynb`), notebook([code(`import os, time\ntime.sleep(0.5)\nprint("${name}", os.getcwd() == ${JSON.stringify(dir)})`)]));
  const r = nbx(dir, ...names.map((n) => `${n}.ipynb`), '--execute', '--to', 'notebook', '--jobs', '8');
  assert.equal(r.status, 0, r.stderr);
  for (const name of names) assert.equal(stdout(readNb(path.join(dir, `${name}.nbconvert.ipynb`)).cells[0]!), `${name} True\n`, name);
});

test('library: execute() returns the executed model; convert() with execute: true', { skip }, async () => {
  const { convert, execute } = await import('../src/index.js');
  const dir = dirFor('library');
  const file = path.join(dir, 'lib.ipynb');
  write(file, notebook([code('print("from the library")\n6 * 7')]));
  const cellsSeen: number[] = [];
  const nb = await execute(file, { onCell: (index) => cellsSeen.push(index) });
  assert.deepEqual(cellsSeen, [0]);
  const outputs = (nb.cells[0] as { outputs: Array<{ type: string }> }).outputs;
  assert.deepEqual(outputs.map((o) => o.type), ['stream', 'execute_result']);
  const md = await convert(file, { to: 'markdown', execute: true });
  assert.match(String(md.content), /from the library[\s\S]*42/);
});
