// The bench's big executed notebook: a source notebook of 300 cells written
// here, run once by a real IPython kernel (Debian's jupyter-nbconvert
// --execute, /usr/bin/python3 with ipykernel and matplotlib; pandas when
// installed) and cached, so that its outputs are what users' notebooks hold:
// matplotlib PNG figures and SVG ones (with a PNG too, as LaTeX prefers PNG;
// nbconvert still turns every SVG into PDF with Inkscape for LaTeX), DataFrame HTML tables, ANSI-coloured
// tracebacks, streams. nbx's own --execute is not used: the bench measures
// conversion, and must not depend on the feature it would then time.
//
//   node --import tsx bench/executed.ts [cache-dir]   # prints the executed notebook's path
//
// The cache key is a hash of the source notebook, so a change here re-executes.
// Kernel output is not byte-stable across runs (memory addresses, timings), which
// is why the executed file is cached rather than regenerated for every bench run.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const NBCONVERT = '/usr/bin/jupyter-nbconvert';

const md = (source: string) => ({ cell_type: 'markdown', metadata: {}, source });
const code = (source: string) => ({ cell_type: 'code', metadata: {}, source, outputs: [], execution_count: null });

// pandas is optional (Debian's python3-pandas): without it the same tables come from a
// small DataFrame stand-in with pandas' HTML and text layout, so the outputs keep their shape.
const SETUP = `import math, random, sys
import numpy as np
import matplotlib
matplotlib.use('module://matplotlib_inline.backend_inline')
import matplotlib.pyplot as plt
from matplotlib_inline.backend_inline import set_matplotlib_formats
from IPython.display import display, SVG, HTML
random.seed(1); np.random.seed(1)
try:
    import pandas as pd
    HAVE_PANDAS = True
except ImportError:
    HAVE_PANDAS = False
    import html as _html
    class _Frame:
        def __init__(self, data, columns):
            self.data, self.columns = data, columns
        def _repr_html_(self):
            head = ''.join(f'<th>{_html.escape(str(c))}</th>' for c in self.columns)
            rows = ''.join('<tr><th>%d</th>%s</tr>' % (i, ''.join(f'<td>{v:.6f}</td>' if isinstance(v, float) else f'<td>{_html.escape(str(v))}</td>' for v in r)) for i, r in enumerate(self.data))
            return f'<div>\\n<table border="1" class="dataframe">\\n  <thead>\\n    <tr style="text-align: right;">\\n      <th></th>{head}\\n    </tr>\\n  </thead>\\n  <tbody>\\n{rows}\\n  </tbody>\\n</table>\\n</div>'
        def __repr__(self):
            w = 12
            lines = [' ' * 4 + ''.join(str(c).rjust(w) for c in self.columns)]
            for i, r in enumerate(self.data):
                lines.append(str(i).ljust(4) + ''.join((f'{v:.6f}' if isinstance(v, float) else str(v)).rjust(w) for v in r))
            return '\\n'.join(lines)
    class pd:
        @staticmethod
        def DataFrame(d):
            cols = list(d)
            return _Frame([list(r) for r in zip(*(d[c] for c in cols))], cols)
print('pandas' if HAVE_PANDAS else 'no pandas', np.__version__, matplotlib.__version__)`;

function plotCell(i: number, svg: boolean): string {
  const kind = i % 4;
  const body =
    kind === 0
      ? `x = np.linspace(0, 4 * np.pi, 400)\nfor k in range(1, 4):\n    plt.plot(x, np.sin(k * x + ${i}) / k, label=f'k={k}')\nplt.legend(); plt.title('Harmonics ${i}')`
      : kind === 1
        ? `data = np.random.randn(${500 + i * 10})\nplt.hist(data, bins=30, color='C${i % 10}'); plt.title('Histogram ${i}')`
        : kind === 2
          ? `xs, ys = np.random.rand(2, ${60 + i})\nplt.scatter(xs, ys, c=ys, cmap='viridis'); plt.colorbar(); plt.title('Scatter ${i}')`
          : `z = np.outer(np.sin(np.linspace(0, 3, 40)), np.cos(np.linspace(0, ${2 + (i % 5)}, 40)))\nplt.imshow(z, cmap='magma'); plt.title('Field ${i}')`;
  return `set_matplotlib_formats(${svg ? "'svg', 'png'" : "'png'"})\nplt.figure(figsize=${svg ? '(5, 3.5)' : '(4, 3)'})\n${body}\nplt.show()`;
}

const tableCell = (i: number) =>
  `n = ${8 + (i % 12)}\ndf = pd.DataFrame({'id': list(range(n)), 'alpha': list(np.random.rand(n)), 'beta': list(np.random.randn(n)), 'label': [f'item-{j}' for j in range(n)]})\ndf`;

const TRACEBACKS = [
  `def divide(a, b):\n    return a / b\n\ndivide(1, 0)`,
  `values = {'a': 1}\nvalues['missing']`,
  `import json\njson.loads('{"broken": ')`,
  `def recurse(n):\n    return recurse(n + 1) if n < 30 else int('not a number')\n\nrecurse(0)`,
  `np.linalg.inv(np.zeros((3, 3)))`,
];

const streamCell = (i: number) =>
  `for j in range(${5 + (i % 10)}):\n    print(f'step {j:3d}: loss={math.exp(-j / ${3 + (i % 4)}):.5f}')\nprint('warning: slow convergence', file=sys.stderr)`;

const mdCell = (i: number) =>
  [
    `## Section ${i}\n\nThis part looks at case ${i}: the model $f(x) = \\sum_{k=1}^{n} a_k \\sin(k x)$ with *${i % 7}* terms and **bold** notes.`,
    `Some notes on step ${i}:\n\n- a list item with \`code\`\n- another with a [link](https://example.org/${i})\n\n$$\\int_0^1 x^{${i % 9}}\\,dx = \\frac{1}{${(i % 9) + 1}}$$`,
    `| n | value |\n|---|---|\n| ${i} | ${i * i} |\n| ${i + 1} | ${(i + 1) * (i + 1)} |\n\n> A quote for cell ${i}.`,
  ][i % 3]!;

/** The source notebook: 300 cells, no outputs. */
export function sourceNotebook(): object {
  const cells: object[] = [md('# A big executed notebook\n\nGenerated by `bench/executed.ts` for `npm run bench`.'), code(SETUP)];
  for (let i = 0; cells.length < 300; i++) {
    cells.push(md(mdCell(i)));
    const k = i % 10;
    // Per 10 rounds: a PNG figure, 2 figures in SVG and PNG, 3 tables, a traceback, streams, 2 values.
    if (k < 1) cells.push(code(plotCell(i, false)));
    else if (k < 3) cells.push(code(plotCell(i, true)));
    else if (k < 6) cells.push(code(tableCell(i)));
    else if (k === 6) cells.push(code(TRACEBACKS[(i / 10) % TRACEBACKS.length | 0]!));
    else if (k === 7) cells.push(code(streamCell(i)));
    else cells.push(code(`{'cell': ${i}, 'squares': [j * j for j in range(${i % 12})]}`));
  }
  return {
    cells: cells.map((c, i) => ({ id: `cell-${i}`, ...c })),
    metadata: {
      kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
      language_info: { name: 'python' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

export const kernelAvailable = (): boolean =>
  existsSync(NBCONVERT) &&
  spawnSync('/usr/bin/python3', ['-c', 'import ipykernel, matplotlib, matplotlib_inline, numpy'], { stdio: 'ignore' }).status === 0;

/**
 * The executed notebook's path (executing it first when not cached in `cacheDir`), or
 * null with a reason when the kernel cannot run.
 */
export function executedNotebook(cacheDir: string): { file: string; reason?: undefined } | { file: null; reason: string } {
  const text = JSON.stringify(sourceNotebook(), null, 1) + '\n';
  const key = createHash('sha256').update(text).digest('hex').slice(0, 12);
  const file = join(cacheDir, `executed_300_${key}.ipynb`);
  if (existsSync(file)) return { file };
  if (!kernelAvailable()) return { file: null, reason: `no kernel: needs ${NBCONVERT} and /usr/bin/python3 with ipykernel, matplotlib, numpy` };
  mkdirSync(cacheDir, { recursive: true });
  const work = mkdtempSync(join(cacheDir, 'run-'));
  try {
    writeFileSync(join(work, 'big.ipynb'), text);
    const r = spawnSync(
      NBCONVERT,
      ['--execute', '--to', 'notebook', '--allow-errors', '--ExecutePreprocessor.timeout=600', '--ExecutePreprocessor.kernel_name=python3', '--output', 'executed.ipynb', join(work, 'big.ipynb')],
      { cwd: work, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, MPLBACKEND: 'agg', PYTHONHASHSEED: '0' } },
    );
    if (r.status !== 0) return { file: null, reason: `executing failed: ${(r.stderr ?? '').trim().split('\n').at(-1)}` };
    renameSync(join(work, 'executed.ipynb'), file); // atomic: a half-written cache is never used
    return { file };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export const defaultCacheDir = () => join(tmpdir(), 'nbx-bench-cache');

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = executedNotebook(process.argv[2] ?? defaultCacheDir());
  if (r.file) console.log(r.file);
  else {
    console.error(`bench/executed.ts: ${r.reason}`);
    process.exitCode = 1;
  }
}
