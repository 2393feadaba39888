// Execution when things go wrong: cells that raise, tags, timeouts, kernels
// that die or never answer, Ctrl-C, many kernels at once. After each: no kernel
// process and no connection file left.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, afterEach, test } from 'node:test';
import { NbxError } from '../src/errors.js';
import { executeNotebook, liveKernelCount } from '../src/execute/index.js';
import { kernelProcesses, leftovers, noPython, privateTmpdir } from './execute-helpers.js';
import { code, markdown, notebook } from './execute-notebooks.js';

const tmp = privateTmpdir();
after(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => {
  assert.deepEqual(kernelProcesses(), [], 'no kernel process left');
  assert.deepEqual(leftovers(tmp), [], 'no connection dir left');
  assert.equal(liveKernelCount(), 0);
});

const skip = noPython;
const stdout = (cell: Record<string, unknown>) =>
  ((cell.outputs ?? []) as Record<string, unknown>[]).filter((o) => o.name === 'stdout').map((o) => o.text).join('');

async function rejection(p: Promise<unknown>): Promise<NbxError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof NbxError, `an NbxError, got ${String(e)}`);
    assert.ok(!e.message.includes('\n'), `one line: ${e.message}`);
    return e;
  }
  assert.fail('expected a rejection');
}

const raising = () => notebook([markdown('# t'), code('x = 1'), code('print("before")\n1/0'), code('print("after")')]);

test('a cell that raises rejects with its index, prompt, exception and message', { skip }, async () => {
  const err = await rejection(executeNotebook(raising(), { cwd: tmp }));
  assert.equal(err.message, 'cell 2 (In [2]) raised ZeroDivisionError: division by zero');
});

test('allowErrors keeps the error output and runs the rest', { skip }, async () => {
  const nb = await executeNotebook(raising(), { cwd: tmp, allowErrors: true });
  const outs = nb.cells[2]!.outputs as Record<string, unknown>[];
  assert.deepEqual(outs.map((o) => o.output_type), ['stream', 'error']);
  assert.equal(outs[1]!.ename, 'ZeroDivisionError');
  assert.equal(stdout(nb.cells[3]!), 'after\n');
  assert.equal(nb.cells[3]!.execution_count, 3);
});

test('skip-execution cells are not run and keep their outputs; raises-exception lets that cell fail', { skip }, async () => {
  const old = { output_type: 'stream', name: 'stdout', text: 'old output\n' };
  const skipped = { ...code('print("ran")', ['skip-execution']), outputs: [old], execution_count: 9 };
  const input = notebook([skipped, code('raise KeyError("k")', ['raises-exception']), code('print("ok")')]);
  const nb = await executeNotebook(input, { cwd: tmp });
  assert.deepEqual(nb.cells[0]!.outputs, [old]);
  assert.equal(nb.cells[0]!.execution_count, 9);
  assert.equal((nb.cells[1]!.outputs as Record<string, unknown>[])[0]!.ename, 'KeyError');
  assert.equal(nb.cells[1]!.execution_count, 1);
  assert.equal(stdout(nb.cells[2]!), 'ok\n');
  assert.equal(input.cells[1]!.execution_count, null, 'the input notebook is not changed');
});

test('a cell running past cellTimeout is interrupted and fails; its subprocesses are gone too', { skip }, async () => {
  const marker = String(900000 + Math.floor(Math.random() * 99999));
  const nb = notebook([code(`import subprocess\np = subprocess.Popen(["sleep", "${marker}"])`), code('while True:\n    pass')]);
  const t0 = Date.now();
  const err = await rejection(executeNotebook(nb, { cwd: tmp, cellTimeout: 2 }));
  assert.match(err.message, /^cell 1 \(In \[2\]\) timed out after 2 s \(cell timeout\)/);
  assert.ok(Date.now() - t0 < 20_000, 'no hang');
  assert.deepEqual(kernelProcesses(marker), []);
});

test('a kernel that kills itself is reported as dead, not a hang', { skip }, async () => {
  const exit = await rejection(executeNotebook(notebook([code('print(1)'), code('import os\nos._exit(3)')]), { cwd: tmp }));
  assert.equal(exit.message, 'cell 1 (In [2]): kernel died (exit code 3)');
  const segv = await rejection(executeNotebook(notebook([code('import ctypes\nctypes.string_at(0)')]), { cwd: tmp }));
  assert.match(segv.message, /^cell 0 \(In \[1\]\): kernel died \(killed by SIGSEGV/);
});

test('aborting during a cell stops the kernel at once', { skip }, async () => {
  const stop = new AbortController();
  const nb = notebook([code('print("hi")'), code('import time\ntime.sleep(300)')]);
  const t0 = Date.now();
  const run = executeNotebook(nb, { cwd: tmp, signal: stop.signal, onCell: (i) => { if (i === 1) setTimeout(() => stop.abort(), 500); } });
  const err = await rejection(run);
  assert.match(err.message, /aborted/);
  assert.ok(Date.now() - t0 < 20_000);
});

test('aborting during start-up stops the kernel too', { skip }, async () => {
  const stop = new AbortController();
  setTimeout(() => stop.abort(), 200);
  await rejection(executeNotebook(notebook([code('1')]), { cwd: tmp, signal: stop.signal }));
});

test('8 kernels at once: no clash, each gets its own outputs', { skip }, async () => {
  const runs = Array.from({ length: 8 }, (_, i) => executeNotebook(notebook([code(`import os\nn = ${i}`), code('print(n, os.getpid())')]), { cwd: tmp }));
  const done = await Promise.all(runs);
  const lines = done.map((nb) => stdout(nb.cells[1]!).trim().split(' '));
  assert.deepEqual(lines.map((l) => Number(l[0])), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.equal(new Set(lines.map((l) => l[1])).size, 8, 'eight kernel processes');
});

test('the kernel runs in cwd; output is deterministic; recordTiming adds nbclient\'s keys', { skip }, async () => {
  const dir = mkdtempSync(path.join(tmp, 'cwd-'));
  const nb = notebook([code('import os\nprint(os.getcwd())'), code('{"a": 1}')]);
  const [a, b] = [await executeNotebook(nb, { cwd: dir }), await executeNotebook(nb, { cwd: dir })];
  assert.equal(stdout(a.cells[0]!), `${dir}\n`);
  assert.equal(JSON.stringify(a), JSON.stringify(b));
  assert.equal((a.cells[0]!.metadata as Record<string, unknown>).execution, undefined);
  const timed = await executeNotebook(nb, { cwd: dir, recordTiming: true });
  const keys = Object.keys((timed.cells[1]!.metadata as { execution: Record<string, string> }).execution).sort();
  assert.deepEqual(keys, ['iopub.execute_input', 'iopub.status.busy', 'iopub.status.idle', 'shell.execute_reply']);
  for (const k of keys) assert.match((timed.cells[1]!.metadata as { execution: Record<string, string> }).execution[k]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  rmSync(dir, { recursive: true });
});

test('a kernel that never answers fails after startupTimeout; one that exits at once or cannot run says so', async () => {
  const kernels = path.join(tmp, 'jupyter-path');
  const specs = [['mute', ['sleep', '600']], ['quitter', ['sh', '-c', 'echo "cannot start: bad {connection_file}" >&2; exit 7']], ['absent', ['/nonexistent/kernel', '{connection_file}']]] as const;
  for (const [name, argv] of specs) {
    mkdirSync(path.join(kernels, 'kernels', name), { recursive: true });
    writeFileSync(path.join(kernels, 'kernels', name, 'kernel.json'), JSON.stringify({ argv, display_name: name, language: 'none' }));
  }
  process.env.JUPYTER_PATH = kernels;
  try {
    const t0 = Date.now();
    const mute = await rejection(executeNotebook(notebook([code('1')]), { cwd: tmp, kernel: 'mute', startupTimeout: 1 }));
    assert.match(mute.message, /^kernel mute did not answer within 1 s \(startup timeout\)/);
    assert.ok(Date.now() - t0 < 10_000);
    const quit = await rejection(executeNotebook(notebook([code('1')]), { cwd: tmp, kernel: 'quitter' }));
    assert.match(quit.message, /^kernel quitter exited while starting \(exit code 7: cannot start: bad /);
    const absent = await rejection(executeNotebook(notebook([code('1')]), { cwd: tmp, kernel: 'absent' }));
    assert.equal(absent.message, 'kernel absent could not be started: cannot run /nonexistent/kernel: ENOENT');
  } finally {
    delete process.env.JUPYTER_PATH;
    rmSync(kernels, { recursive: true });
  }
});
