// `--to rst`: every corpus notebook gives RST docutils reads without a warning,
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
import { codeCell, corpus, corpusDir, markdownCell, notebook } from './helpers.js';
import { docutilsMessages, randomMarkdown } from './rst-docutils.js';

// Raw reST a corpus notebook carries for a Sphinx extension (sphinxcontrib-bibtex): passed through as written.
const EXPECTED_MESSAGES: Record<string, RegExp> = {
  'nbsphinx__markdown-cells.ipynb': /Unknown directive type "footbibliography"/,
};

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

describe('RST export of the corpus', () => {
  it('converts every valid notebook to RST docutils reads without a warning', async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nbx-rst-'));
    const files = new Map<string, string>();
    for (const entry of corpus().filter((e) => e.valid)) {
      const result = await convert(readFileSync(entry.path), { to: 'rst', file: entry.path });
      const out = path.join(dir, entry.file.replace(/\.ipynb$/, '.rst'));
      writeFileSync(out, result.content);
      // Extracted files are read too (`.. raw:: html` with `:file:`).
      for (const f of result.files) {
        mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
        writeFileSync(path.join(dir, f.path), f.data);
      }
      files.set(out, entry.file);
    }
    assert.ok(files.size >= 50, `${files.size} notebooks`);
    const result = docutilsMessages([...files.keys()], 'null');
    if (!result) return t.skip('python3 with docutils is not installed');
    const problems: string[] = [];
    for (const [out, lines] of Object.entries(result.messages)) {
      const expected = EXPECTED_MESSAGES[files.get(out)!];
      const levels = lines.filter((l) => /\((WARNING|ERROR|SEVERE)\/\d\)/.test(l));
      if (expected ? levels.length !== 1 || !expected.test(levels[0]!) : levels.length) problems.push(...lines);
    }
    assert.deepEqual(problems, []);
  });

  it('extracts attachments and output images with nbconvert names', async () => {
    const file = path.join(corpusDir, 'nbconvert__exporters_attachment.ipynb');
    const attachments = await convert(readFileSync(file), { to: 'rst', file });
    assert.deepEqual(attachments.files.map((f) => f.path), ['nbconvert__exporters_attachment_files/image.png', 'nbconvert__exporters_attachment_files/image_1.png']);
    assert.match(text(attachments), /^\.\. image:: nbconvert__exporters_attachment_files\/image\.png$/m);
    assert.doesNotMatch(text(attachments), /attachment:/);

    const png = path.join(corpusDir, 'nbconvert__exporters_pngmetadata.ipynb');
    const images = await convert(readFileSync(png), { to: 'rst', file: png });
    assert.deepEqual(images.files.map((f) => f.path), ['nbconvert__exporters_pngmetadata_files/nbconvert__exporters_pngmetadata_0_1.png']);
    assert.match(text(images), /\.\. image:: nbconvert__exporters_pngmetadata_files\/nbconvert__exporters_pngmetadata_0_1\.png\n   :width: \d+px\n   :height: \d+px/);
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
