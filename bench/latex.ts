// Times `nbx convert --to latex` against `jupyter-nbconvert --to latex` (which
// runs pandoc on every markdown cell and inkscape on SVG), interleaved runs,
// median wall time, and the ratio from the same run. With --compile, also runs
// `xelatex -interaction=nonstopmode -halt-on-error` once on each tool's .tex.
// Usage:
//   npm run build && node --import tsx bench/latex.ts [--runs N] [--compile] [notebook.ipynb…]
// The default set includes a generated notebook of 200 markdown cells.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const corpus = (name: string) => join(root, '../shared/corpus', name);

interface Tool {
  name: 'nbx' | 'nbconvert';
  command: string;
  args(input: string, outDir: string): string[];
}

interface Result {
  times: number[];
  error?: string;
  compiles?: boolean | string;
}

/** 200 markdown cells like a lecture notebook's: headings, emphasis, lists, links, inline and display math. */
function generatedNotebook(dir: string): string {
  const cells = Array.from({ length: 200 }, (_, i) => ({
    cell_type: 'markdown',
    metadata: {},
    source: i % 20 === 0
      ? `## Part ${i / 20 + 1}\n\nThis part covers *topic ${i}*, with $e^{i\\pi} + 1 = 0$.`
      : `Paragraph ${i} with **bold**, \`code_${i}\`, a [link](https://example.org/${i}) and $x_${i}^2$:\n\n- item one\n- item two with $\\alpha_${i}$\n\n$$\\sum_{k=1}^{${i}} k = \\frac{${i}(${i}+1)}{2}$$`,
  }));
  const file = join(dir, 'generated_200_markdown_cells.ipynb');
  writeFileSync(file, JSON.stringify({ nbformat: 4, nbformat_minor: 4, metadata: {}, cells }));
  return file;
}

function time(command: string, args: string[]): number {
  const start = performance.now();
  const r = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = performance.now() - start;
  if (r.status !== 0) {
    const lines = (r.error?.message ?? r.stderr ?? '').split('\n').filter((l) => l.trim());
    throw new Error(([...lines].reverse().find((l) => /Error/.test(l)) ?? lines.pop() ?? `exit ${r.status}`).trim().slice(0, 200));
  }
  return ms;
}

function compiles(tex: string): boolean | string {
  if (!existsSync(tex)) return 'no .tex';
  const r = spawnSync('xelatex', ['-interaction=nonstopmode', '-halt-on-error', basename(tex)], { cwd: dirname(tex), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status === 0) return true;
  const error = (r.stdout ?? '').split('\n').find((l) => l.startsWith('!'));
  return error ? error.slice(2, 80) : `exit ${r.status}`;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : null;
};

function main(): number {
  const { values, positionals } = parseArgs({
    options: { runs: { type: 'string', default: '5' }, compile: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const runs = Number(values.runs);
  const scratch = mkdtempSync(join(tmpdir(), 'nbx-bench-latex-'));
  const notebooks = positionals.length ? positionals.map((p) => resolve(p)) : [
    generatedNotebook(scratch),
    corpus('jupyter-notebook__Typesetting_Equations.ipynb'),
    corpus('ipython__Markdown_Pandoc_Limitations.ipynb'),
    corpus('ipython__SymPy.ipynb'),
    corpus('tf-docs-l10n__ja_Structural_Time_Series.ipynb'),
    corpus('nbconvert__exporters_svg.ipynb'),
  ];
  const tools: Tool[] = [
    { name: 'nbx', command: process.execPath, args: (nb, out) => [join(root, 'bin/nbx.js'), 'convert', nb, '--to', 'latex', '--output-dir', out, '-q'] },
  ];
  const nbconvert = spawnSync('jupyter-nbconvert', ['--version'], { encoding: 'utf8' });
  if (nbconvert.status === 0) {
    tools.push({ name: 'nbconvert', command: 'jupyter-nbconvert', args: (nb, out) => ['--to', 'latex', '--output-dir', out, nb] });
  } else {
    console.error('bench: jupyter-nbconvert is not installed; only nbx is measured');
  }

  const results = notebooks.map(() => ({}) as Partial<Record<Tool['name'], Result>>);
  const outDir = (i: number, t: Tool) => join(scratch, `${i}-${t.name}`);
  notebooks.forEach((nb, i) => {
    for (const t of tools) {
      mkdirSync(outDir(i, t), { recursive: true });
      const result: Result = { times: [] };
      results[i]![t.name] = result;
      try {
        time(t.command, t.args(nb, outDir(i, t))); // warm-up, untimed
      } catch (e) {
        result.error = (e as Error).message;
      }
    }
  });
  for (let r = 0; r < runs; r++) {
    notebooks.forEach((nb, i) => {
      for (const t of r % 2 ? [...tools].reverse() : tools) {
        const result = results[i]![t.name]!;
        if (!result.error) result.times.push(time(t.command, t.args(nb, outDir(i, t))));
      }
    });
    process.stderr.write(`run ${r + 1}/${runs}\n`);
  }
  if (values.compile) {
    notebooks.forEach((nb, i) => {
      for (const t of tools) {
        const result = results[i]![t.name]!;
        if (!result.error) result.compiles = compiles(join(outDir(i, t), basename(nb).replace(/\.ipynb$/, '.tex')));
      }
    });
  }

  const ms = (r?: Result) => (!r ? '—' : r.error ? `failed: ${r.error}` : `${Math.round(median(r.times)!)} ms`);
  const ok = (r?: Result) => (r?.compiles === undefined ? '—' : r.compiles === true ? 'yes' : `no (${r.compiles})`);
  console.log(`nbx --to latex vs jupyter-nbconvert ${nbconvert.stdout?.trim() ?? ''} --to latex: median of ${runs} runs, ${new Date().toISOString().slice(0, 10)}\n`);
  console.log(`| notebook | nbx | nbconvert | nbconvert/nbx |${values.compile ? ' nbx .tex compiles | nbconvert .tex compiles |' : ''}`);
  console.log(`| --- | ---: | ---: | ---: |${values.compile ? ' --- | --- |' : ''}`);
  notebooks.forEach((nb, i) => {
    const { nbx, nbconvert: nbc } = results[i]!;
    const ratio = nbx && nbc && !nbx.error && !nbc.error ? `${(median(nbc.times)! / median(nbx.times)!).toFixed(1)}×` : '—';
    console.log(`| ${basename(nb)} | ${ms(nbx)} | ${ms(nbc)} | ${ratio} |${values.compile ? ` ${ok(nbx)} | ${ok(nbc)} |` : ''}`);
  });
  rmSync(scratch, { recursive: true, force: true });
  return 0;
}

process.exitCode = main();
