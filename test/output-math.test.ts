// Math in outputs is found with MathJax's four delimiters (issue 16): in
// text/latex and text/html outputs `\(…\)` and `\[…\]` are math as `$`/`$$`
// are, as JupyterLab and nbconvert typeset them; in markdown `\(` stays a
// markdown escape. HTML is read back as a browser parses it; RST by docutils.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { selectAll } from 'css-select';
import { textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import { convert } from '../src/convert.js';
import { removeMath } from '../src/markdown/math-extract.js';
import { docutilsMessages } from './rst-docutils.js';

const display = (data: Record<string, string>) => ({ output_type: 'display_data', metadata: {}, data: { 'text/plain': '<obj>', ...data } });
const notebook = JSON.stringify({
  nbformat: 4, nbformat_minor: 5, metadata: {},
  cells: [
    { cell_type: 'code', id: 'a', metadata: {}, source: 'Latex(…)', execution_count: 1,
      outputs: [display({ 'text/latex': 'Pythagoras: \\(a^2 + b^2 = c^2\\) so \\[c = \\sqrt{a^2 + b^2}\\]' })] },
    { cell_type: 'code', id: 'b', metadata: {}, source: 'HTML(…)', execution_count: 2,
      outputs: [display({ 'text/html': '<p>Inline \\(x_1\\) and display \\[\\int_0^1 f\\]</p><pre>kept \\(y\\)</pre>' })] },
    { cell_type: 'markdown', id: 'c', metadata: {}, source: 'Escaped \\(not math\\), but \\\\(z^2\\\\) is.' },
  ],
});

describe('math delimiters in outputs', () => {
  it('removeMath: \\( and \\[ delimit math in outputs only', () => {
    const source = 'a \\(x\\) b \\[y\\] c $z$';
    assert.deepEqual(removeMath(source, { output: true }).math, ['\\(x\\)', '\\[y\\]', '$z$']);
    assert.deepEqual(removeMath(source).math, ['$z$']);
    assert.deepEqual(removeMath('\\\\(x\\\\)').math, ['\\\\(x\\\\)']);
  });

  it('HTML: all four delimiters typeset in text/latex and text/html outputs; markdown escapes stay text', async () => {
    const { content } = await convert(notebook, { to: 'html' });
    const doc = parseDocument(String(content));
    const outputs = selectAll('.jp-OutputArea-output', doc);
    const formulas = (node: unknown) => selectAll('.katex', node as never);
    assert.equal(formulas(outputs[0]).length, 2, 'text/latex: \\( and \\[');
    assert.equal(selectAll('.katex-display', outputs[0]!).length, 1);
    assert.equal(formulas(outputs[1]).length, 2, 'text/html: \\( and \\[');
    assert.equal(textContent(selectAll('pre', outputs[1]!)[0]!), 'kept \\(y\\)', 'math is not typeset in <pre>');
    const visible = (node: unknown) => selectAll('.katex-html', node as never).map(textContent).join('') + textContent(selectAll('p', node as never));
    assert.doesNotMatch(visible(outputs[0]), /\\\(|\\\[/, 'no TeX delimiter left as text in text/latex');
    assert.doesNotMatch(visible(outputs[1]), /\\\(|\\\[/, 'no TeX delimiter left as text in text/html');
    const markdown = selectAll('.jp-MarkdownOutput', doc).at(-1)!;
    assert.match(textContent(markdown), /Escaped \(not math\), but/);
    assert.equal(selectAll('.katex-mathml', markdown).length, 1);
  });

  it('RST: text/latex with \\( \\[ becomes :math: and .. math:: that docutils reads', async (t) => {
    const { content } = await convert(notebook, { to: 'rst' });
    const rst = String(content);
    assert.match(rst, /Pythagoras: :math:`a\^2 \+ b\^2 = c\^2` so\n\n\.\. math::\n\n {3}c = \\sqrt\{a\^2 \+ b\^2\}/);
    assert.doesNotMatch(rst, /\\\\\(/);
    const dir = mkdtempSync(path.join(tmpdir(), 'nbx-output-math-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, 'nb.rst'), rst);
    const result = docutilsMessages([path.join(dir, 'nb.rst')]);
    if (!result) return t.skip('python3 with docutils is not installed');
    assert.deepEqual(Object.values(result.messages).flat(), []);
  });

  it('RST: <img src="attachment:…"> in raw HTML points at the extracted file', async () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
    const nb = JSON.stringify({
      nbformat: 4, nbformat_minor: 5, metadata: {},
      cells: [{ cell_type: 'markdown', id: 'a', metadata: {}, attachments: { 'dot.png': { 'image/png': png } },
        source: 'Inline <img src="attachment:dot.png" width="20"> and a block:\n\n<div><img src=\'attachment:dot.png\'></div>' }],
    });
    const { content, files, warnings } = await convert(nb, { to: 'rst', file: 'nb.ipynb' });
    const rst = String(content);
    assert.doesNotMatch(rst, /attachment:/);
    const [file] = files.map((f) => f.path);
    assert.ok(file, 'the attachment is extracted');
    assert.equal(rst.split(`src="${file}"`).length + rst.split(`src='${file}'`).length - 2, 2, rst);
    assert.deepEqual(warnings, []);
  });
});
