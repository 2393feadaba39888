// `--to markdown`: cells as written with attachments relinked, code fenced,
// outputs by nbconvert's markdown priority with images extracted.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { convert } from '../src/convert.js';
import { Diagnostics } from '../src/errors.js';
import { markdownExporter } from '../src/formats/markdown/exporter.js';
import type { DisplayOutput, MimeBundle, Notebook, RawCell } from '../src/notebook/model.js';
import { codeCell, markdownCell, notebook } from './helpers.js';
import { generated, VALID } from './notebooks/index.js';

async function exportMarkdown(nb: Notebook, options: { sanitize?: boolean } = {}) {
  const diag = new Diagnostics('nb.ipynb');
  const result = await markdownExporter.export(nb, { stem: 'nb', baseDir: null, diag, options });
  return { text: result.content as string, files: result.files, warnings: diag.warnings.map((w) => `${w.path}: ${w.message}`) };
}

const display = (data: MimeBundle): DisplayOutput => ({ type: 'display_data', data, metadata: {}, executionCount: null });
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

describe('Markdown export', () => {
  it('converts every valid generated notebook, with no ANSI escape left', async () => {
    for (const name of Object.keys(VALID)) {
      const file = generated(name);
      const { content } = await convert(readFileSync(file), { to: 'markdown', file });
      assert.equal(typeof content, 'string');
      assert.doesNotMatch(content as string, /\x1b/, name);
    }
  });

  it('extracts attachments to <stem>_files/ and relinks them, in markdown and HTML (the md alias works too)', async () => {
    const file = generated('attachments.ipynb');
    const r = await convert(readFileSync(file), { to: 'md', file });
    assert.equal(r.extension, '.md');
    assert.deepEqual(r.files.map((f) => f.path), ['attachments_files/image.png', 'attachments_files/image_1.png', 'attachments_files/stickfigure.png']);
    assert.match(r.content as string, /^!\[image\.png\]\(attachments_files\/image_1\.png\)$/m, 'the second cell\'s image.png');
    assert.match(r.content as string, /!\[a stick figure\]\(attachments_files\/stickfigure\.png\)/);
    assert.match(r.content as string, /<img src="attachments_files\/stickfigure\.png" alt="stick in html">/);
    // A code block that shows the syntax is not an image and stays as written.
    assert.match(r.content as string, /^    !\[a stick figure\]\(attachment:stickfigure\.png\)$/m);
  });

  it('relinks attachments in HTML too, and warns about missing ones', async () => {
    const cell = markdownCell('<img src="attachment:a b.png"> and ![x](attachment:gone.png)', { attachments: { 'a b.png': { 'image/png': PNG } } });
    const r = await exportMarkdown(notebook([cell]));
    assert.equal(r.text, '<img src="nb_files/a%20b.png"> and ![x](attachment:gone.png)\n');
    assert.deepEqual(r.files.map((f) => f.path), ['nb_files/a b.png']);
    assert.deepEqual(r.warnings, ['cells[0]: attachment "gone.png" not found']);
  });

  it('fences code with its language and a fence longer than any in the code', async () => {
    const r = await exportMarkdown(notebook([codeCell('print("```")'), codeCell('a <- 1', [], { language: 'r' }), codeCell('  ')]));
    assert.equal(r.text, '````python\nprint("```")\n````\n\n```r\na <- 1\n```\n');
  });

  it("follows nbconvert's markdown priority: HTML, markdown, SVG, LaTeX, PNG, JPEG, text", async () => {
    const r = await exportMarkdown(notebook([codeCell('x', [
      display({ 'text/html': '<table>\n\n<tr><td>1</td></tr>\n</table>', 'text/markdown': 'no', 'text/plain': 'no' }),
      display({ 'text/markdown': '**md**', 'image/png': PNG }),
      display({ 'image/svg+xml': '<svg/>', 'text/latex': '$x$' }),
      display({ 'text/latex': '$x^2$', 'image/png': PNG }),
      display({ 'image/png': PNG, 'text/plain': 'fig' }),
      display({ 'application/pdf': PNG, 'text/plain': '<Figure>' }),
      { type: 'stream', name: 'stderr', text: '\x1b[1;31mWarning\x1b[0m\n' },
    ])]));
    assert.equal(r.text, [
      '```python\nx\n```',
      '<table>\n<tr><td>1</td></tr>\n</table>', // blank lines would end the HTML block
      '**md**',
      '![svg](nb_files/nb_0_2.svg)',
      '$x^2$',
      '![png](nb_files/nb_0_4.png)',
      '```text\n<Figure>\n```',
      '```text\nWarning\n```',
    ].join('\n\n') + '\n');
  });

  it('passes raw markdown, HTML and untyped cells; leaves other formats out', async () => {
    const raw = (source: string, mimeType: string | null): RawCell => ({ ...markdownCell(source), type: 'raw', mimeType });
    const r = await exportMarkdown(notebook([raw('*md*', 'text/markdown'), raw('<b>x</b>', 'text/html'), raw('plain', null), raw('\\LaTeX', 'text/latex')]));
    assert.equal(r.text, '*md*\n\n<b>x</b>\n\nplain\n');
  });

  it('sanitizes HTML outputs of an untrusted notebook', async () => {
    const r = await exportMarkdown(notebook([codeCell('x', [display({ 'text/html': '<b onclick="evil()">b</b><script>evil()</script>' })])]), { sanitize: true });
    assert.doesNotMatch(r.text, /evil/);
  });
});
