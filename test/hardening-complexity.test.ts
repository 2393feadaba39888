// Issue 17, time and memory: adversarial markdown and outputs convert in
// linear time and bounded memory. Bounds are generous for a loaded 2-core
// machine yet far below the pathological times (each was minutes or an abort).
// The code masks of math extraction must match JupyterLab's patterns exactly.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { convert } from '../src/convert.js';
import { replaceCodeSpans, replaceFencedCode } from '../src/markdown/code-mask.js';

const markdownNb = (source: string) => JSON.stringify({ nbformat: 4, nbformat_minor: 4, metadata: {}, cells: [{ cell_type: 'markdown', metadata: {}, source }] });

/** CPU time of one conversion, in ms. */
async function cpu(nb: string, to: string): Promise<{ ms: number; warnings: string[] }> {
  const start = process.cpuUsage();
  const result = await convert(nb, { to });
  const used = process.cpuUsage(start);
  return { ms: (used.user + used.system) / 1000, warnings: result.warnings.map((w) => w.message) };
}

describe('adversarial markdown converts in linear time', () => {
  const cases: [string, string, string[]][] = [
    ['10,000 backticks', '`'.repeat(10_000), ['html', 'latex', 'rst', 'markdown']],
    ['5,000 unclosed fences', '````x\n'.repeat(5_000), ['html', 'latex', 'rst']],
    ['50,000 identical headings', '# same\n\n'.repeat(50_000), ['html', 'latex', 'rst']],
    ['**b × 100,000', '**b'.repeat(100_000), ['rst', 'html']],
    ['$x × 100,000', '$x'.repeat(100_000), ['rst', 'html']],
    ['hard breaks × 40,000', 'a  \n'.repeat(40_000), ['latex']],
    ['inner runs of spaces', `a${' '.repeat(50_000)}b\n`.repeat(4), ['rst', 'latex']],
  ];
  for (const [name, source, formats] of cases) {
    for (const to of formats) {
      it(`${name} → ${to}`, async () => {
        const { ms } = await cpu(markdownNb(source), to);
        assert.ok(ms < 5000, `${ms.toFixed(0)} ms of CPU`);
      });
    }
  }
});

describe('math too large for KaTeX is shown as its source', () => {
  it('a 450×450 array', async () => {
    const n = 450;
    const rows = Array.from({ length: n }, () => Array(n).fill('1').join('&')).join('\\\\');
    const { ms, warnings } = await cpu(markdownNb(`$$\\begin{array}{${'c'.repeat(n)}}${rows}\\end{array}$$`), 'html');
    assert.ok(ms < 5000, `${ms.toFixed(0)} ms of CPU`);
    assert.match(warnings.join('\n'), /too large to typeset/);
  });
  it('a 2,000-cell array still renders', async () => {
    const rows = Array.from({ length: 40 }, () => Array(50).fill('x').join('&')).join('\\\\');
    const { warnings } = await cpu(markdownNb(`$$\\begin{array}{${'c'.repeat(50)}}${rows}\\end{array}$$`), 'html');
    assert.deepEqual(warnings, []);
  });
});

describe('huge outputs to LaTeX are cut with a note', () => {
  it('a 30 MB stream line', async () => {
    const text = 'x'.repeat(30_000_000);
    const nb = JSON.stringify({ nbformat: 4, nbformat_minor: 4, metadata: {}, cells: [{
      cell_type: 'code', metadata: {}, execution_count: 1, source: 'x', outputs: [{ output_type: 'stream', name: 'stdout', text }],
    }] });
    const result = await convert(nb, { to: 'latex' });
    assert.ok(String(result.content).length < 5_000_000);
    assert.match(String(result.content), /29000000 more characters not shown/);
    assert.match(result.warnings.map((w) => w.message).join('\n'), /cut to 1000000/);
  });
});

describe('code masks match JupyterLab patterns', () => {
  const FENCED_CODE = /^(?<fence>`{3,}|(~T){3,})[^`\n]*\n([\s\S]*?)^\k<fence>`*$/gm;
  const CODE_SPAN = /(^|[^\\])(`+)([^\n]*?[^`\n])\2(?!`)/gm;
  const mask = (c: string) => `<${c.replace(/\$/g, '~D').replace(/\\/g, '~B')}>`;
  it('on 30,000 seeded random strings', () => {
    let seed = 17;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const pieces = ['`', '`', '```', '~T', '~T~T~T', '\\', '$', 'a', '\n', ' ', '```x\n', '~T~T~T~Tb\n', '````\n'];
    for (let t = 0; t < 30_000; t++) {
      let s = '';
      for (let n = Math.floor(random() * 30); n > 0; n--) s += pieces[Math.floor(random() * pieces.length)];
      assert.equal(replaceFencedCode(s, mask), s.replace(FENCED_CODE, mask), JSON.stringify(s));
      assert.equal(replaceCodeSpans(s, mask), s.replace(CODE_SPAN, mask), JSON.stringify(s));
    }
  });
});
