// nbx killed while a kernel runs (Ctrl-C with nobody handling it, SIGTERM):
// its exit hooks kill the kernel's process group and remove the connection dir.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { kernelProcesses, noPython } from './execute-helpers.js';
import { repoRoot } from './helpers.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'nbx-kexit-'));
after(() => rmSync(root, { recursive: true, force: true }));

// Runs a notebook whose second cell sleeps; prints "running" when it starts.
const script = `
import { executeNotebook } from ${JSON.stringify(path.join(repoRoot, 'src/execute/index.ts'))};
const cell = (source) => ({ cell_type: 'code', id: 'c' + source.length, metadata: {}, outputs: [], execution_count: null, source });
await executeNotebook({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [cell('x = 1'), cell('import time\\ntime.sleep(300)')] },
  { cwd: process.cwd(), onCell: (i) => { if (i === 1) setTimeout(() => console.log('running'), 300); } });
`;

// (tsx keeps its cache in TMPDIR too.)
const connectionDirs = (dir: string) => readdirSync(dir).filter((n) => n.startsWith('nbx-kernel-'));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`nbx ended by ${signal} during a cell leaves no kernel and no connection file`, { skip: noPython }, async () => {
    const tmp = mkdtempSync(path.join(root, 'tmp-'));
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: repoRoot, env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => { if (d.toString().includes('running')) resolve(); });
      child.once('exit', () => reject(new Error('exited before the cell ran')));
    });
    assert.equal(connectionDirs(tmp).length, 1, 'one connection dir while running');
    assert.ok(kernelProcesses(tmp).length > 0, 'the kernel is running');
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    assert.equal(await exited, signal === 'SIGINT' ? 130 : 143);
    assert.deepEqual(kernelProcesses(tmp), [], 'kernel gone');
    assert.deepEqual(connectionDirs(tmp), [], 'connection dir gone');
  });
}
