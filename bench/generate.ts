// Deterministic generator of large benchmark notebooks, so that no big file is
// committed. The same (cells, seed) always gives the same bytes: a seeded PRNG
// (mulberry32), no Date, no Math.random.
//
//   node --import tsx bench/generate.ts 200 > nb200.ipynb          # 200 cells, seed 1
//   node --import tsx bench/generate.ts 2000 --seed 7 > nb2000.ipynb
//   node --import tsx bench/generate.ts --images 40 > images.ipynb  # 40 PNG outputs of 200×150
//
// A notebook of N cells mixes, like a lecture or analysis notebook: markdown with
// headings, inline and display math ($…$, $$…$$, \begin{align}), tables, lists
// and links; python code cells with stdout/stderr streams, text/plain results,
// small text/html tables, PNG figures (built here: zlib deflate + CRC32) and
// ANSI-coloured tracebacks.

import { deflateSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export type Rng = () => number;

/** mulberry32: a small, fast, seedable PRNG returning floats in [0, 1). */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

// ---------------------------------------------------------------------------
// PNG

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * A valid RGB PNG that looks a little like a plot: a tinted gradient, grid
 * lines, one or two curves and sparse noise (so it compresses about like a real
 * figure, not like a flat colour: ~20 KB for 200×150).
 */
export function png(width: number, height: number, r: Rng): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  const tint = [int(r, 200, 255), int(r, 200, 255), int(r, 200, 255)] as const;
  const curves = Array.from({ length: int(r, 1, 2) }, () => ({
    freq: 1 + r() * 4,
    phase: r() * Math.PI * 2,
    amp: 0.2 + r() * 0.25,
    color: [int(r, 0, 160), int(r, 0, 160), int(r, 0, 160)] as const,
  }));
  const ys = curves.map((c) =>
    Array.from({ length: width }, (_, x) => Math.round(height * (0.5 - c.amp * Math.sin((x / width) * c.freq * 2 * Math.PI + c.phase)))),
  );
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      let px: readonly number[] = [
        tint[0] - Math.round((x / width) * 30),
        tint[1] - Math.round((y / height) * 30),
        tint[2],
      ];
      if (x % 16 === 0 || y % 12 === 0) px = [190, 190, 190];
      curves.forEach((c, i) => {
        if (Math.abs(ys[i]![x]! - y) <= 1) px = c.color;
      });
      const noise = r() < 0.15 ? int(r, -5, 5) : 0; // sparse, like antialiasing and JPEG-ish texture
      for (let k = 0; k < 3; k++) raw[row + 1 + x * 3 + k] = Math.max(0, Math.min(255, px[k]! + noise));
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** nbformat stores base64 with line breaks every 76 characters, as IPython writes it. */
const base64Lines = (b: Buffer) => b.toString('base64').replace(/.{76}/g, '$&\n');

// ---------------------------------------------------------------------------
// Cells

const WORDS = (
  'the model data sample estimate error value function matrix vector gradient loss series signal ' +
  'mean variance kernel basis step update result figure table parameter method observe compute ' +
  'converge iterate distribution random linear quadratic boundary solution approximate fit test ' +
  'residual integral derivative spectrum frequency noise filter weight layer batch epoch'
).split(' ');
const SYMBOLS = ['x', 'y', 'z', 't', '\\alpha', '\\beta', '\\lambda', '\\mu', '\\sigma', '\\theta'];
const NAMES = ['data', 'values', 'model', 'result', 'weights', 'signal', 'frame', 'grid', 'samples', 'params'];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Cell = { [key: string]: Json };

/** Source as nbformat writes it: a list of lines, each but the last ending in "\n". */
const lines = (text: string): string[] => text.split(/(?<=\n)/);

function sentence(r: Rng, words = int(r, 6, 16)): string {
  const ws = Array.from({ length: words }, () => pick(r, WORDS));
  const s = ws.join(' ');
  return s[0]!.toUpperCase() + s.slice(1) + '.';
}

function inlineMath(r: Rng): string {
  const [a, b] = [pick(r, SYMBOLS), pick(r, SYMBOLS)];
  return pick(r, [
    `$${a}_{${int(r, 0, 9)}}^2 + ${b}$`,
    `$\\frac{${a}}{${b} + ${int(r, 1, 9)}}$`,
    `$\\sum_{i=1}^{n} ${a}_i ${b}_i$`,
    `$e^{i${a}} = \\cos ${a} + i \\sin ${a}$`,
    `$\\|${a}\\|_2 \\le ${int(r, 1, 99)}$`,
  ]);
}

function paragraph(r: Rng): string {
  const parts = [sentence(r)];
  if (r() < 0.6) parts.push(`With ${inlineMath(r)} the **${pick(r, WORDS)}** is *${pick(r, WORDS)}*.`);
  if (r() < 0.4) parts.push(`See [the ${pick(r, WORDS)} notes](https://example.org/${pick(r, WORDS)}/${int(r, 1, 999)}) and \`${pick(r, NAMES)}.${pick(r, WORDS)}()\`.`);
  parts.push(sentence(r));
  return parts.join(' ');
}

function displayMath(r: Rng): string {
  const [a, b] = [pick(r, SYMBOLS), pick(r, SYMBOLS)];
  return pick(r, [
    `$$\n\\int_0^\\infty e^{-${a} t} \\, dt = \\frac{1}{${a}}\n$$`,
    `$$\n\\mathbf{${a.replace('\\', '')}}_{k+1} = \\mathbf{${a.replace('\\', '')}}_k - \\eta \\nabla L(${b}_k)\n$$`,
    `$$\nP(${a} \\mid ${b}) = \\frac{P(${b} \\mid ${a}) \\, P(${a})}{P(${b})}\n$$`,
    `$$\n\\begin{pmatrix} ${a} & ${int(r, 1, 9)} \\\\ ${int(r, 1, 9)} & ${b} \\end{pmatrix}\n$$`,
  ]);
}

function align(r: Rng): string {
  const a = pick(r, SYMBOLS);
  return [
    '\\begin{align}',
    `\\nabla \\cdot \\vec{E} &= \\frac{\\rho}{\\varepsilon_0} \\\\`,
    `f(${a}) &= \\sum_{k=0}^{${int(r, 3, 20)}} \\frac{${a}^k}{k!} \\\\`,
    `g(${a}) &= \\int_{0}^{${a}} \\sin(s)\\, ds`,
    '\\end{align}',
  ].join('\n');
}

function markdownTable(r: Rng): string {
  const cols = ['name', 'n', 'mean', 'std'];
  const rows = Array.from({ length: int(r, 3, 6) }, () =>
    `| ${pick(r, WORDS)} | ${int(r, 10, 9999)} | ${(r() * 100).toFixed(3)} | ${(r() * 10).toFixed(3)} |`,
  );
  return [`| ${cols.join(' | ')} |`, '|:---|---:|---:|---:|', ...rows].join('\n');
}

function list(r: Rng): string {
  const ordered = r() < 0.4;
  return Array.from({ length: int(r, 2, 5) }, (_, i) => {
    const item = `${ordered ? `${i + 1}.` : '-'} ${sentence(r, int(r, 3, 8))}${r() < 0.3 ? ` ${inlineMath(r)}` : ''}`;
    return r() < 0.2 ? `${item}\n   - ${sentence(r, int(r, 3, 6))}` : item;
  }).join('\n');
}

function markdownCell(r: Rng, i: number, section: number): Cell {
  const blocks: string[] = [];
  if (i === 0) blocks.push(`# Generated benchmark notebook\n\n${paragraph(r)}`);
  else if (r() < 0.15) blocks.push(`## ${section}. ${sentence(r, int(r, 2, 5)).slice(0, -1)}`);
  else if (r() < 0.1) blocks.push(`### ${sentence(r, int(r, 2, 4)).slice(0, -1)}`);
  blocks.push(paragraph(r));
  const extra = r();
  if (extra < 0.2) blocks.push(displayMath(r));
  else if (extra < 0.3) blocks.push(align(r));
  else if (extra < 0.42) blocks.push(markdownTable(r));
  else if (extra < 0.6) blocks.push(list(r));
  if (r() < 0.3) blocks.push(paragraph(r));
  return { cell_type: 'markdown', id: '', metadata: {}, source: lines(blocks.join('\n\n')) };
}

function codeSource(r: Rng, i: number): string {
  const name = `${pick(r, NAMES)}_${i}`;
  return pick(r, [
    `import numpy as np\n${name} = np.linspace(0, ${int(r, 1, 10)}, ${int(r, 10, 1000)})\nprint(${name}.mean(), ${name}.std())`,
    `def ${pick(r, WORDS)}_${i}(x, k=${int(r, 1, 9)}):\n    """${sentence(r, 6)}"""\n    return sum(x ** j for j in range(k))\n\n${name} = [${pick(r, WORDS)}_${i}(v) for v in range(${int(r, 3, 30)})]\n${name}[:5]`,
    `for step in range(${int(r, 3, 8)}):\n    loss = ${(r() * 3).toFixed(2)} / (step + 1)\n    print(f"step {step}: loss={loss:.4f}")`,
    `import pandas as pd\n${name} = pd.DataFrame({"a": range(${int(r, 3, 6)}), "b": list("${'abcdef'.slice(0, 3)}")*2})\n${name}.describe()`,
    `fig, ax = plt.subplots(figsize=(4, 3))\nax.plot(x, np.sin(${int(r, 1, 5)} * x), label="${pick(r, WORDS)}")\nax.legend()\nplt.show()`,
    `${name} = load("${pick(r, WORDS)}.csv")\n${name}["${pick(r, WORDS)}"].fillna(0, inplace=True)  # ${sentence(r, 4)}`,
  ]);
}

function streamOutput(r: Rng, name: 'stdout' | 'stderr'): Cell {
  const text =
    name === 'stderr'
      ? `/usr/lib/python3/dist-packages/${pick(r, WORDS)}.py:${int(r, 10, 999)}: UserWarning: ${sentence(r, 6)}\n  warnings.warn(msg)\n`
      : Array.from({ length: int(r, 1, 8) }, (_, k) => `step ${k}: ${pick(r, WORDS)}=${(r() * 10).toFixed(4)} ${pick(r, WORDS)}=${int(r, 0, 999)}\n`).join('');
  return { output_type: 'stream', name, text: lines(text) };
}

function htmlTable(r: Rng): { html: string; plain: string } {
  const rows = Array.from({ length: int(r, 3, 6) }, (_, k) => [k, (r() * 100).toFixed(2), pick(r, WORDS)] as const);
  const html = [
    '<div>',
    '<table border="1" class="dataframe">',
    '  <thead>',
    '    <tr style="text-align: right;"><th></th><th>value</th><th>label</th></tr>',
    '  </thead>',
    '  <tbody>',
    ...rows.map(([k, v, w]) => `    <tr><th>${k}</th><td>${v}</td><td>${w}</td></tr>`),
    '  </tbody>',
    '</table>',
    '</div>',
  ].join('\n');
  const plain = ['   value  label', ...rows.map(([k, v, w]) => `${k}  ${v.padStart(6)}  ${w}`)].join('\n');
  return { html, plain };
}

const ESC = '\u001b';
function errorOutput(r: Rng): Cell {
  const ename = pick(r, ['ValueError', 'KeyError', 'ZeroDivisionError', 'TypeError', 'IndexError']);
  const evalue = `${pick(r, WORDS)} ${int(r, 0, 99)} is not a valid ${pick(r, WORDS)}`;
  const frames = Array.from({ length: int(r, 1, 3) }, (_, k) => {
    const fn = `${pick(r, WORDS)}_${k}`;
    return [
      `${ESC}[0;32m/tmp/ipykernel_${int(r, 1000, 9999)}/${int(r, 1e6, 9e6)}.py${ESC}[0m in ${ESC}[0;36m${fn}${ESC}[0;34m(x)${ESC}[0m`,
      `${ESC}[1;32m      ${int(r, 1, 40)}${ESC}[0m     ${ESC}[0;32mdef${ESC}[0m ${fn}${ESC}[0;34m(${ESC}[0m${ESC}[0mx${ESC}[0m${ESC}[0;34m)${ESC}[0m${ESC}[0;34m:${ESC}[0m`,
      `${ESC}[0;32m----> ${int(r, 2, 40)}${ESC}[0;31m     ${ESC}[0;32mreturn${ESC}[0m x ${ESC}[0;34m/${ESC}[0m ${ESC}[0;36m0${ESC}[0m${ESC}[0;34m${ESC}[0m${ESC}[0;34m${ESC}[0m${ESC}[0m`,
    ].join('\n');
  });
  return {
    output_type: 'error',
    ename,
    evalue,
    traceback: [
      `${ESC}[0;31m---------------------------------------------------------------------------${ESC}[0m`,
      `${ESC}[0;31m${ename}${ESC}[0m                                Traceback (most recent call last)`,
      ...frames,
      `${ESC}[0;31m${ename}${ESC}[0m: ${evalue}`,
    ],
  };
}

function codeCell(r: Rng, i: number, count: number): Cell {
  const outputs: Cell[] = [];
  const kind = r();
  if (kind < 0.25) outputs.push(streamOutput(r, 'stdout'));
  else if (kind < 0.45) outputs.push({ output_type: 'execute_result', execution_count: count, metadata: {}, data: { 'text/plain': lines(`[${Array.from({ length: int(r, 3, 12) }, () => (r() * 100).toFixed(3)).join(', ')}]`) } });
  else if (kind < 0.6) {
    const t = htmlTable(r);
    outputs.push({ output_type: 'execute_result', execution_count: count, metadata: {}, data: { 'text/html': lines(t.html), 'text/plain': lines(t.plain) } });
  } else if (kind < 0.78) {
    if (r() < 0.3) outputs.push(streamOutput(r, 'stdout'));
    outputs.push({ output_type: 'display_data', metadata: {}, data: { 'image/png': base64Lines(png(64, 48, r)), 'text/plain': ['<Figure size 400x300 with 1 Axes>'] } });
  } else if (kind < 0.86) {
    if (r() < 0.5) outputs.push(streamOutput(r, 'stdout'));
    outputs.push(errorOutput(r));
  } else if (kind < 0.9) outputs.push(streamOutput(r, 'stderr'));
  // else: no output (an assignment)
  return { cell_type: 'code', id: '', execution_count: count, metadata: {}, outputs, source: lines(codeSource(r, i)) };
}

const METADATA: { [key: string]: Json } = {
  kernelspec: { display_name: 'Python 3 (ipykernel)', language: 'python', name: 'python3' },
  language_info: {
    codemirror_mode: { name: 'ipython', version: 3 },
    file_extension: '.py',
    mimetype: 'text/x-python',
    name: 'python',
    nbconvert_exporter: 'python',
    pygments_lexer: 'ipython3',
    version: '3.11.2',
  },
};

function notebook(cells: Cell[], r: Rng, title?: string): { [key: string]: Json } {
  // nbformat 4.5 cell ids: 8 hex digits from the PRNG, unique by construction (index prefix).
  cells.forEach((c, i) => (c['id'] = `${i.toString(16)}-${int(r, 0, 0xffffff).toString(16).padStart(6, '0')}`));
  return { cells, metadata: title ? { ...METADATA, title } : METADATA, nbformat: 4, nbformat_minor: 5 };
}

/** A notebook of `cells` cells (about 45 % markdown), the same for the same seed. */
export function generateNotebook(cells: number, seed = 1): object {
  const r = rng(seed);
  const out: Cell[] = [];
  let count = 0;
  let section = 0;
  for (let i = 0; i < cells; i++) {
    if (i === 0 || r() < 0.45) {
      const cell = markdownCell(r, i, section + 1);
      if (String((cell['source'] as string[])[0]).startsWith('## ')) section++;
      out.push(cell);
    } else out.push(codeCell(r, i, ++count));
  }
  return notebook(out, r);
}

/** A notebook of `images` figures (width×height PNGs), one per code cell, with a markdown cell every 5. */
export function generateImagesNotebook(images = 40, width = 200, height = 150, seed = 1): object {
  const r = rng(seed);
  const cells: Cell[] = [{ cell_type: 'markdown', id: '', metadata: {}, source: lines(`# ${images} figures\n\n${paragraph(r)}`) }];
  for (let i = 0; i < images; i++) {
    if (i % 5 === 0) cells.push({ cell_type: 'markdown', id: '', metadata: {}, source: lines(`## Figure group ${i / 5 + 1}\n\n${paragraph(r)}`) });
    cells.push({
      cell_type: 'code',
      id: '',
      execution_count: i + 1,
      metadata: {},
      source: lines(`fig, ax = plt.subplots()\nax.plot(x, np.sin(${i + 1} * x))\nplt.show()`),
      outputs: [{ output_type: 'display_data', metadata: {}, data: { 'image/png': base64Lines(png(width, height, r)), 'text/plain': [`<Figure size 640x480 with 1 Axes>`] } }],
    });
  }
  return notebook(cells, r);
}

function cli(): number {
  const { values, positionals } = parseArgs({
    options: { seed: { type: 'string', default: '1' }, images: { type: 'string' } },
    allowPositionals: true,
  });
  const seed = Number(values.seed);
  const n = Number(values.images ?? positionals[0]);
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(seed) || (values.images === undefined && positionals.length !== 1)) {
    process.stderr.write('usage: node --import tsx bench/generate.ts <cells> [--seed N] > nb.ipynb\n' + '       node --import tsx bench/generate.ts --images <count> [--seed N] > nb.ipynb\n');
    return 2;
  }
  const nb = values.images !== undefined ? generateImagesNotebook(n, 200, 150, seed) : generateNotebook(n, seed);
  process.stdout.write(JSON.stringify(nb, null, 1) + '\n');
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = cli();
