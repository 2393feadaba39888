// `--to rst`: every generated notebook gives RST docutils reads without a warning,
// outputs follow the RST priority, images are extracted with nbconvert's names.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { convert } from '../src/convert.js';
import { Diagnostics } from '../src/errors.js';
import { rstExporter } from '../src/formats/rst/exporter.js';
import type { ExportResult } from '../src/formats/types.js';
import type { Cell, DisplayOutput, MimeBundle, Notebook, RawCell } from '../src/notebook/model.js';
import { codeCell, markdownCell, notebook } from './helpers.js';
import { generated, VALID } from './notebooks/index.js';
import { docutilsMessages, randomMarkdown } from './rst-docutils.js';

async function exportRst(nb: Notebook, options: { sanitize?: boolean } = {}): Promise<ExportResult & { warnings: string[] }> {
  const diag = new Diagnostics('nb.ipynb');
  const result = await rstExporter.export(nb, { stem: 'nb', baseDir: null, diag, options });
  return { ...result, warnings: diag.warnings.map((w) => `${w.path}: ${w.message}`) };
}

const display = (data: MimeBundle, metadata: DisplayOutput['metadata'] = {}): DisplayOutput =>
  ({ type: 'display_data', data, metadata, executionCount: null });
const rawCell = (source: string, mimeType: string | null): RawCell =>
  ({ ...markdownCell(source), type: 'raw', mimeType });
const text = (r: ExportResult) => r.content as string;
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]);

describe('RST export of the generated notebooks', () => {
  it('converts every valid notebook to RST docutils reads without a warning', async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nbx-rst-'));
    const files: string[] = [];
    for (const name of Object.keys(VALID)) {
      const file = generated(name);
      const result = await convert(readFileSync(file), { to: 'rst', file });
      const out = path.join(dir, name.replace(/\.ipynb$/, '.rst'));
      writeFileSync(out, result.content);
      // Extracted files are read too (`.. raw:: html` with `:file:`).
      for (const f of result.files) {
        mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
        writeFileSync(path.join(dir, f.path), f.data);
      }
      files.push(out);
    }
    const result = docutilsMessages(files, 'null');
    if (!result) return t.skip('python3 with docutils is not installed');
    const problems = Object.values(result.messages).flat().filter((l) => /\((WARNING|ERROR|SEVERE)\/\d\)/.test(l));
    assert.deepEqual(problems, []);
  });

  it('extracts attachments and output images with nbconvert names', async () => {
    const file = generated('attachments.ipynb');
    const attachments = await convert(readFileSync(file), { to: 'rst', file });
    assert.deepEqual(attachments.files.map((f) => f.path), ['attachments_files/image.png', 'attachments_files/image_1.png', 'attachments_files/stickfigure.png']);
    assert.match(text(attachments), /^\.\. image:: attachments_files\/image\.png$/m);
    assert.match(text(attachments), /^\.\. image:: attachments_files\/image_1\.png$/m);
    assert.doesNotMatch(text(attachments).replace(/^    .*$/gm, ''), /attachment:/, 'outside the code block showing the syntax');

    const png = generated('png-metadata.ipynb');
    const images = await convert(readFileSync(png), { to: 'rst', file: png });
    assert.deepEqual(images.files.map((f) => f.path), ['png-metadata_files/png-metadata_1_1.png', 'png-metadata_files/png-metadata_2_0.png', 'png-metadata_files/png-metadata_3_0.jpg']);
    assert.match(text(images), /\.\. image:: png-metadata_files\/png-metadata_1_1\.png\n   :width: 374px\n   :height: 255px\n/);
    assert.match(text(images), /\.\. image:: png-metadata_files\/png-metadata_3_0\.jpg\n   :width: 80px\n/);
  });
});

describe('RST outputs', () => {
  it('follows the RST priority: reST, HTML, PDF, LaTeX, SVG, PNG, JPEG, markdown, text', async () => {
    const r = await exportRst(notebook([codeCell('x', [
      display({ 'text/x-rst': '.. note::\n\n   From reST.', 'text/html': '<b>html</b>', 'text/plain': 'x' }),
      display({ 'text/html': '<b>html</b>', 'text/latex': '$x$', 'text/plain': 'x' }),
      display({ 'text/latex': '$\\displaystyle x^2$', 'image/png': PNG }),
      display({ 'image/png': PNG, 'text/markdown': '# Not me' }),
      display({ 'text/markdown': '# Heading\n\n*text*', 'text/plain': 'x' }),
      display({ 'text/plain': 'plain *text*' }),
    ])]));
    assert.equal(text(r), [
      '.. code:: python\n\n    x',
      '.. note::\n\n   From reST.',
      '.. raw:: html\n\n    <b>html</b>',
      '.. math::\n\n   \\displaystyle x^2',
      '.. image:: nb_files/nb_0_3.png',
      '.. rubric:: Heading\n\n*text*', // a heading in an output does not open a section
      '.. code:: text\n\n    plain *text*',
    ].join('\n\n') + '\n');
    assert.deepEqual(r.files.map((f) => f.path), ['nb_files/nb_0_3.png']);
  });

  it('shows a PDF by its image alternative, or as an image of the PDF file', async () => {
    const r = await exportRst(notebook([codeCell('x', [
      display({ 'application/pdf': PNG, 'image/png': PNG, 'text/plain': 'fig' }, { 'image/png': { width: 320 } }),
      display({ 'application/pdf': PNG }),
    ])]));
    assert.match(text(r), /\.\. image:: nb_files\/nb_0_0\.png\n   :width: 320px\n\n\.\. image:: nb_files\/nb_0_1\.pdf\n$/);
  });

  it('gives way to the next representation when text/latex is a LaTeX document, not math', async () => {
    const help = '\\begin{verbatim}\nf(x)\n\\end{verbatim}\nSee \\texttt{f}.';
    const r = await exportRst(notebook([codeCell('?f', [display({ 'text/latex': help, 'text/markdown': '`f(x)`', 'text/plain': 'f' })])]));
    assert.match(text(r), /``f\(x\)``/);
    assert.doesNotMatch(text(r), /math::/);
  });

  it('writes streams and tracebacks as literal blocks without ANSI escapes', async () => {
    const r = await exportRst(notebook([codeCell('x', [
      { type: 'stream', name: 'stdout', text: '\x1b[31mred\x1b[0m and `ticks`\n' },
      { type: 'stream', name: 'stdin', text: 'typed' },
      { type: 'error', ename: 'E', evalue: 'v', traceback: ['\x1b[0;31mE\x1b[0m: v'] },
      display({ 'text/plain': '   ' }),
    ])]));
    assert.equal(text(r), '.. code:: python\n\n    x\n\n.. code:: text\n\n    red and `ticks`\n\n.. code:: text\n\n    E: v\n');
  });

  it('warns about outputs it cannot show', async () => {
    const r = await exportRst(notebook([codeCell('x', [display({ 'application/javascript': 'alert(1)' })])]));
    assert.deepEqual(r.warnings, ['cells[0].outputs[0]: no representation nbx can show in reStructuredText (application/javascript); output skipped']);
  });

  it('puts HTML with lines too long for docutils in a file the raw directive reads', async () => {
    const html = `<script>var data = ${JSON.stringify('x'.repeat(20000))};</script>`;
    const r = await exportRst(notebook([codeCell('x', [display({ 'text/html': html })])]));
    assert.match(text(r), /\.\. raw:: html\n   :file: nb_files\/nb_0_0\.html\n$/);
    assert.equal(r.files[0]!.data, html + '\n');
  });

  it('sanitizes HTML and shows reST as source for an untrusted notebook', async () => {
    const nb = notebook([codeCell('x', [
      display({ 'text/html': '<b onclick="evil()">b</b><script>evil()</script>' }),
      display({ 'text/x-rst': '.. raw:: html\n\n   <script>evil()</script>', 'text/plain': 'plain' }),
    ])]);
    const r = text(await exportRst(nb, { sanitize: true }));
    assert.doesNotMatch(r, /evil/);
    assert.match(r, /<b>b<\/b>/);
  });
});

describe('RST export of random content', () => {
  it('gives RST docutils reads without a warning, whatever the cells and outputs hold', async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nbx-rst-random-'));
    const texts = randomMarkdown(400, 7);
    const files: string[] = [];
    for (let n = 0; n < texts.length; n += 8) {
      const [md, code, stream, latex, markdown, html, plain, traceback] = Array.from({ length: 8 }, (_, i) => texts[n + i] ?? '') as [string, string, string, string, string, string, string, string];
      const cells = [markdownCell(md), codeCell(code, [
        { type: 'stream', name: 'stdout', text: stream },
        display({ 'text/latex': latex }),
        display({ 'text/markdown': markdown }),
        display({ 'text/html': html }),
        display({ 'text/plain': plain }),
        { type: 'error', ename: 'E', evalue: 'v', traceback: [traceback] },
      ], { language: ['python', 'r', 'no-such-language'][n % 3] })];
      const file = path.join(dir, `${n}.rst`);
      writeFileSync(file, text(await exportRst(notebook(cells))));
      files.push(file);
    }
    const result = docutilsMessages(files, 'null');
    if (!result) return t.skip('python3 with docutils is not installed');
    assert.deepEqual(Object.values(result.messages).flat(), []);
  });
});

describe('RST cells', () => {
  it('writes code as `.. code::` with a Pygments lexer', async () => {
    const cells: Cell[] = [
      codeCell('print(1)'),
      codeCell('!ls\nx?'), // IPython syntax: Pygments' Python lexer would fail on it
      codeCell('a <- 1', [], { language: 'r' }),
      codeCell('???', [], { language: 'brainfun' }),
      codeCell('   '),
    ];
    assert.equal(text(await exportRst(notebook(cells))), [
      '.. code:: python\n\n    print(1)',
      '.. code:: text\n\n    !ls\n    x?',
      '.. code:: r\n\n    a <- 1',
      '.. code:: text\n\n    ???',
    ].join('\n\n') + '\n');
  });

  it('passes reST raw cells through, makes raw blocks of HTML and LaTeX, leaves other formats out', async () => {
    const r = await exportRst(notebook([
      rawCell('**raw rst**', 'text/restructuredtext'),
      rawCell('<b>raw html</b>', 'text/html'),
      rawCell('\\LaTeX', 'text/latex'),
      rawCell('* raw markdown', 'text/markdown'),
      rawCell('no type: reST, as nbconvert', null),
      rawCell('def f(): pass', 'text/x-python'),
    ]));
    assert.equal(text(r), [
      '**raw rst**',
      '.. raw:: html\n\n    <b>raw html</b>',
      '.. raw:: latex\n\n    \\LaTeX',
      '- raw markdown',
      'no type: reST, as nbconvert',
    ].join('\n\n') + '\n');
  });

  it('follows removed inputs and outputs (tags, --no-input)', async () => {
    const hidden = codeCell('secret', [{ type: 'stream', name: 'stdout', text: 'shown' }]);
    hidden.view.input = 'remove';
    const quiet = codeCell('shown too', [{ type: 'stream', name: 'stdout', text: 'hidden' }]);
    quiet.view.outputs = 'remove';
    const r = text(await exportRst(notebook([hidden, quiet])));
    assert.equal(r, '.. code:: text\n\n    shown\n\n.. code:: python\n\n    shown too\n');
  });
});
