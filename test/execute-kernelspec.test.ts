// Kernel discovery (as jupyter_client) and the wire format's signatures.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { NbxError } from '../src/errors.js';
import { jupyterDataDirs, listKernelSpecs, resolveKernel } from '../src/execute/kernelspec.js';
import { Signer } from '../src/execute/wire.js';
import { noPython } from './execute-helpers.js';
import { notebook } from './execute-notebooks.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'nbx-specs-'));
after(() => rmSync(root, { recursive: true, force: true }));

function spec(dataDir: string, name: string, json: Record<string, unknown>): void {
  mkdirSync(path.join(dataDir, 'kernels', name), { recursive: true });
  writeFileSync(path.join(dataDir, 'kernels', name, 'kernel.json'), JSON.stringify(json));
}

const first = path.join(root, 'first');
const second = path.join(root, 'second');
spec(first, 'julia-1.10', { argv: ['julia', '-i', '{connection_file}'], display_name: 'Julia 1.10', language: 'julia', interrupt_mode: 'message', env: { JULIA_NUM_THREADS: '2' } });
spec(second, 'julia-1.10', { argv: ['other-julia', '{connection_file}'], display_name: 'shadowed', language: 'julia' });
spec(second, 'ir', { argv: ['R', '--slave', '-e', 'IRkernel::main()', '--args', '{connection_file}'], display_name: 'R', language: 'R' });
spec(second, 'broken', { display_name: 'no argv' });
const dirs = [first, second];

test('the first data dir wins; kernel.json fields are read', () => {
  const specs = listKernelSpecs(dirs);
  assert.deepEqual(specs.map((s) => s.name).sort(), ['ir', 'julia-1.10'], 'broken kernel.json skipped');
  const julia = resolveKernel(notebook([], { kernelspec: { name: 'julia-1.10' } }), undefined, dirs);
  assert.deepEqual(julia.argv, ['julia', '-i', '{connection_file}']);
  assert.equal(julia.interruptMode, 'message');
  assert.deepEqual(julia.env, { JULIA_NUM_THREADS: '2' });
  assert.equal(julia.resourceDir, path.join(first, 'kernels', 'julia-1.10'));
});

test('--kernel, then kernelspec.name, then the language picks the kernel', () => {
  const r = notebook([], { kernelspec: { name: 'ir-4.3', language: 'R' } });
  assert.equal(resolveKernel(r, undefined, dirs).name, 'ir', 'unknown name: by kernelspec.language');
  const byInfo = notebook([], { language_info: { name: 'julia' } });
  assert.equal(resolveKernel(byInfo, undefined, dirs).name, 'julia-1.10', 'by language_info.name');
  assert.equal(resolveKernel(r, 'julia-1.10', dirs).name, 'julia-1.10', '--kernel wins');
});

test('no kernel: one line naming it, where nbx looked, and how to install one', () => {
  const cases: [Record<string, unknown>, string | undefined, RegExp][] = [
    [{ kernelspec: { name: 'ir', language: 'R' } }, undefined, /^no Jupyter kernel "ir" installed: looked in .*empty[\\/]kernels.*apt-get install r-cran-irkernel`, or IRkernel::installspec\(\)/],
    [{}, 'nosuch', /^no Jupyter kernel "nosuch" installed: looked in .*; install the kernel/],
  ];
  for (const [metadata, override, message] of cases) {
    assert.throws(() => resolveKernel(notebook([], metadata), override, [path.join(root, 'empty')]), (e: unknown) => {
      assert.ok(e instanceof NbxError);
      assert.match(e.message, message);
      assert.ok(!e.message.includes('\n'));
      return true;
    });
  }
});

test('a Python notebook with no kernelspec runs in a Python that has ipykernel', { skip: noPython }, () => {
  const py = resolveKernel(notebook([], { kernelspec: { name: 'python3', language: 'python' } }), undefined, [path.join(root, 'empty')]);
  assert.deepEqual(py.argv.slice(1), ['-m', 'ipykernel_launcher', '-f', '{connection_file}']);
  assert.equal(py.language, 'python');
});

test('JUPYTER_PATH comes first, then the user dir, then the system dirs', () => {
  const saved = process.env.JUPYTER_PATH;
  process.env.JUPYTER_PATH = [first, second].join(path.delimiter);
  try {
    const got = jupyterDataDirs([]);
    assert.deepEqual(got.slice(0, 2), [first, second]);
    if (process.platform === 'linux') {
      assert.ok(got.indexOf(path.join(os.homedir(), '.local', 'share', 'jupyter')) === 2 || process.env.XDG_DATA_HOME || process.env.JUPYTER_DATA_DIR);
      assert.deepEqual(got.slice(-2), ['/usr/local/share/jupyter', '/usr/share/jupyter']);
    }
  } finally {
    if (saved === undefined) delete process.env.JUPYTER_PATH;
    else process.env.JUPYTER_PATH = saved;
  }
});

test('messages are signed with HMAC-SHA256; a wrong signature or key is rejected', () => {
  const signer = new Signer('secret');
  const { frames } = signer.encode('session', 'execute_request', { code: '1' });
  const reply = [Buffer.from('identity'), ...frames];
  assert.equal(signer.decode(reply)?.content.code, '1');
  assert.equal(new Signer('other').decode(reply), null);
  const tampered = [...reply];
  tampered[6] = Buffer.from(JSON.stringify({ code: '2' }));
  assert.equal(signer.decode(tampered), null);
});
