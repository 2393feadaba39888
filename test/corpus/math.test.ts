// Math in the corpus notebooks' markdown: every cell round-trips through math
// extraction, and every chunk renders with KaTeX.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { Diagnostics } from '../../src/errors.js';
import { removeMath, replaceMath } from '../../src/markdown/math-extract.js';
import { loadKatex, MathRenderer } from '../../src/markdown/math-render.js';
import { corpusFile } from './corpus.js';

before(loadKatex);

// ---- the corpus ------------------------------------------------------------

const CORPUS = [
  'jupyter-notebook__Typesetting_Equations.ipynb',
  'ipython__Markdown_Pandoc_Limitations.ipynb',
  'cfdpython__14_Step_11.ipynb',
  'nbsphinx__markdown-cells.ipynb',
];

function markdownCells(file: string): Array<{ index: number; source: string }> {
  const nb = JSON.parse(readFileSync(corpusFile(file), 'utf8'));
  const cells: Array<{ cell_type: string; source: string | string[] }> = nb.cells ?? [];
  return cells.flatMap((cell, index) =>
    cell.cell_type === 'markdown'
      ? [{ index, source: Array.isArray(cell.source) ? cell.source.join('') : cell.source }]
      : [],
  );
}

/** The equation numbers a reader sees, e.g. ['(1)', '(2)']. */
function visibleTags(html: string): string[] {
  const visual = html.replace(/<span class="katex-mathml">[\s\S]*?<\/math><\/span>/g, '');
  // Each tag column's text starts with its tags: "(1)(2)…", then other math.
  return visual
    .split('<span class="katex-tag">')
    .slice(1)
    .flatMap((column) => /^(?:\([^()]*\))+/.exec(column.replace(/<[^>]*>|\u200b/g, ''))?.[0].match(/\([^()]*\)/g) ?? []);
}

describe('corpus notebooks', () => {
  for (const file of CORPUS) {
    test(file, (t) => {
      const diag = new Diagnostics(file);
      const renderer = new MathRenderer(diag);
      const cells = markdownCells(file).map((c) => ({ ...c, math: removeMath(c.source).math }));
      const chunks = cells.flatMap((c) => c.math);
      renderer.prepare(chunks);
      const failed: string[] = [];
      for (const cell of cells) {
        for (const chunk of cell.math) {
          if (renderer.render(chunk, `cells[${cell.index}]`).includes('nbx-math-error')) failed.push(chunk);
        }
      }
      t.diagnostic(`${chunks.length} chunks, ${failed.length} not rendered`);
      // All real math in these notebooks renders. The one warning allowed is
      // nbsphinx's deliberate \eqref to a label in another notebook.
      assert.deepEqual(failed, []);
      const other = diag.warnings.filter((w) => !w.message.includes('"fibonacci-recurrence"'));
      assert.deepEqual(other, []);
      assert.ok(chunks.length > 0);
    });
  }
});

describe('math extraction of corpus notebooks', () => {
  test('round-trips every markdown cell of the corpus notebooks', () => {
    for (const file of CORPUS) {
      for (const { source } of markdownCells(file)) {
        const r = removeMath(source);
        assert.equal(replaceMath(r.text, r.math), source.replace(/\r\n?/g, '\n'), file);
      }
    }
  });});
