// `npm run bench:kernel`: the floor under executing a notebook — a Python
// kernel's own start-up (launch until kernel_info_reply), nbx's overhead per
// cell, and nbclient's (Debian's, via /usr/bin/python3) on the same notebooks.
// Medians of interleaved runs. Usage: npm run bench:kernel -- [--runs N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { executeNotebook } from '../src/execute/index.js';
import { Kernel } from '../src/execute/kernel.js';
import { resolveKernel } from '../src/execute/kernelspec.js';
import type { NotebookJson } from '../src/execute/types.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const python = '/usr/bin/python3';
const work = mkdtempSync(join(tmpdir(), 'nbx-bench-kernel-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function notebookOf(cells: number): NotebookJson {
  const code = (i: number) => ({ cell_type: 'code', id: `c${i}`, metadata: {}, outputs: [], execution_count: null, source: `x = ${i}` });
  return { nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' } }, cells: Array.from({ length: cells }, (_, i) => code(i)) };
}

// nbclient.execute on a notebook file, timed inside Python (without the interpreter's own start).
const NBCLIENT = `
import sys, time, nbformat, nbclient
nb = nbformat.read(sys.argv[1], 4)
t = time.perf_counter()
nbclient.NotebookClient(nb, kernel_name="python3").execute()
print(time.perf_counter() - t)
`;

async function timeIt(f: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await f();
  return (performance.now() - t) / 1000;
}

const spec = resolveKernel(notebookOf(0));
const small = notebookOf(1);
const big = notebookOf(101);
for (const [name, nb] of [['small', small], ['big', big]] as const) writeFileSync(join(work, `${name}.ipynb`), JSON.stringify(nb));
const r: Record<string, number[]> = { importOnly: [], startup: [], shutdown: [], nbxSmall: [], nbxBig: [], nbclientSmall: [], nbclientBig: [] };
try {
  for (let i = 0; i < runs; i++) {
    const imp = spawnSync(python, ['-c', 'import time; t = time.perf_counter(); import ipykernel.kernelapp; print(time.perf_counter() - t)'], { encoding: 'utf8' });
    r.importOnly!.push(Number(imp.stdout.trim()));
    let kernel: Kernel | undefined;
    r.startup!.push(await timeIt(async () => ({ kernel } = await Kernel.start(spec, { cwd: work, startupTimeout: 60, warn: () => undefined }))));
    r.shutdown!.push(await timeIt(() => kernel!.shutdown()));
    r.nbxSmall!.push(await timeIt(() => executeNotebook(small, { cwd: work })));
    r.nbxBig!.push(await timeIt(() => executeNotebook(big, { cwd: work })));
    for (const name of ['small', 'big'] as const) {
      const run = spawnSync(python, ['-c', NBCLIENT, join(work, `${name}.ipynb`)], { encoding: 'utf8', cwd: work });
      r[name === 'small' ? 'nbclientSmall' : 'nbclientBig']!.push(Number(run.stdout.trim().split('\n').pop()));
    }
    process.stderr.write(`run ${i + 1}/${runs}\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
const m = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, median(v)])) as Record<string, number>;
const perCell = (bigT: number, smallT: number) => ((bigT - smallT) / 100) * 1000;
console.log(`Kernel floor (median of ${runs}; ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}; kernel ${spec.argv[0]})\n`);
console.log('| measure | seconds |\n| --- | ---: |');
console.log(`| python3: import ipykernel.kernelapp only | ${m.importOnly!.toFixed(2)} |`);
console.log(`| kernel start-up (launch → kernel_info_reply, nbx) | ${m.startup!.toFixed(2)} |`);
console.log(`| kernel shutdown (nbx) | ${m.shutdown!.toFixed(2)} |`);
console.log(`| execute 1 cell: nbx executeNotebook / nbclient.execute | ${m.nbxSmall!.toFixed(2)} / ${m.nbclientSmall!.toFixed(2)} |`);
console.log(`| execute 101 cells: nbx / nbclient | ${m.nbxBig!.toFixed(2)} / ${m.nbclientBig!.toFixed(2)} |`);
console.log(`| per-cell overhead, ms: nbx / nbclient | ${perCell(m.nbxBig!, m.nbxSmall!).toFixed(1)} / ${perCell(m.nbclientBig!, m.nbclientSmall!).toFixed(1)} |`);
