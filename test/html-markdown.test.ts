// Markdown cells and math in the HTML page, read with a real HTML parser:
// what the markdown sanitizer always removes, images (attachments, files
// beside the notebook), and KaTeX (markdown, text/latex, macros, failures).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { AnyNode } from 'domhandler';
import { fixture } from './helpers.js';
import { generated } from './notebooks/index.js';
import { $, $$, md, notebook, page, text } from './html-page-helper.js';

const latexOutput = (tex: string) => ({
  cell_type: 'code', metadata: {}, execution_count: 1, source: 'x',
  outputs: [{ output_type: 'display_data', metadata: {}, data: { 'text/latex': tex, 'text/plain': 'x' } }],
});
const rendered = (root: AnyNode, cellId: string) => $(root, `[id="cell-id=${cellId}"] .jp-RenderedMarkdown`)!;
const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('markdown is always sanitized (even without --sanitize)', () => {
  const hostile = [
    '<script>window.pwned = 1</script>',
    '<a href="javascript:alert(1)" onclick="alert(2)">link one</a> <a href=" JaVaScRiPt:alert(3)">link two</a>',
    '[md link](javascript:alert(4)) <img src="https://example.com/a.png" onerror="alert(5)">',
    '<iframe src="https://example.com/"></iframe><object data="x.swf"></object><embed src="x.swf">',
    '<style>body { display: none }</style><meta http-equiv="refresh" content="0;url=https://evil.example/"><base href="https://evil.example/">',
    '<svg><script>alert(6)</script></svg><form action="https://evil.example/"><input name="q"></form>',
    '<div style="background: url(javascript:alert(7)); color: red">styled</div>',
  ].join('\n\n');

  test('no script, handler, javascript: URL, frame, style or meta survives', async () => {
    const { main, html } = await page(notebook([md(hostile)]));
    for (const tag of ['script', 'iframe', 'object', 'embed', 'style', 'meta', 'base']) assert.equal($$(main, tag).length, 0, tag);
    for (const el of $$(main, '*')) {
      for (const [name, value] of Object.entries(el.attribs)) {
        assert.doesNotMatch(name, /^on/i, `${el.name}[${name}]`);
        assert.doesNotMatch(value, /javascript:|url\(/i, `${el.name}[${name}="${value}"]`);
      }
    }
    assert.ok(!('action' in ($(main, 'form')?.attribs ?? {})), 'forms cannot post anywhere');
    assert.doesNotMatch(html, /window\.pwned/);
    assert.ok(!$$(main, 'a').some((a) => /md link/.test(text(a))), 'markdown refuses the javascript: link (its text stays as text)');
  });

  test('…while ordinary markdown and safe HTML stay', async () => {
    const { main } = await page(notebook([md(`${hostile}\n\n**bold** <kbd>Ctrl</kbd> [site](https://jupyter.org)\n\n| a | b |\n|---|---|\n| 1 | 2 |`)]));
    assert.equal(text($(main, 'strong')), 'bold');
    assert.equal(text($(main, 'kbd')), 'Ctrl');
    const site = $$(main, 'a').find((a) => text(a) === 'site')!;
    assert.equal(site.attribs.href, 'https://jupyter.org');
    assert.equal($$(main, 'table td').map(text).join(), '1,2');
    assert.equal($$(main, 'a').filter((a) => /link (one|two)/.test(text(a))).length, 2, 'link text is kept');
    assert.equal($(main, 'div[style]')?.attribs.style?.includes('color'), true, 'safe inline styles stay');
    assert.equal($(main, 'img')?.attribs.src, 'https://example.com/a.png', 'remote images stay remote');
  });

  test('the tour notebook: its markdown <script> and javascript: link are neutralised', async () => {
    const { doc } = await page(readFileSync(fixture('tour.ipynb')));
    const cell = rendered(doc, 'tables');
    assert.equal($$(cell, 'script').length, 0);
    const link = $$(cell, 'a').find((a) => text(a) === 'sanitized link')!;
    assert.ok(link && !link.attribs.href && !link.attribs.onclick, JSON.stringify(link?.attribs));
  });
});

describe('images in markdown', () => {
  test('attachments become data: URIs, per cell, in markdown and HTML (generated attachments.ipynb)', async () => {
    const file = generated('attachments.ipynb');
    const { main, warnings } = await page(readFileSync(file), { file });
    const imgs = $$(main, '.jp-MarkdownCell img');
    assert.deepEqual(imgs.map((i) => i.attribs.alt), ['image.png', 'image.png', 'stick in html', 'a stick figure']);
    for (const img of imgs) assert.match(img.attribs.src!, /^data:image\/png;base64,iVBORw0KGgo/);
    assert.notEqual(imgs[0]!.attribs.src, imgs[1]!.attribs.src, 'each cell its own image.png');
    assert.equal(imgs[2]!.attribs.src, imgs[3]!.attribs.src);
    assert.match(text(main), /!\[a stick figure\]\(attachment:stickfigure\.png\)/, 'the syntax shown as code stays');
    assert.deepEqual(warnings, []);
  });

  test('a missing attachment is a warning naming the cell', async () => {
    const { main, warnings } = await page(notebook([md('ok'), md('![x](attachment:nope.png)', { attachments: {} })]));
    assert.deepEqual(warnings.map((w) => [w.path, w.message]), [['cells[1]', 'attachment "nope.png" not found']]);
    assert.ok(!$$(main, 'img').some((i) => (i.attribs.src ?? '').startsWith('data:')));
  });

  function notebookDir(markdown: string) {
    const dir = mkdtempSync(path.join(tmpdir(), 'nbx-img-'));
    mkdirSync(path.join(dir, 'img'));
    writeFileSync(path.join(dir, 'img', 'pic one.png'), PNG_1PX);
    const file = path.join(dir, 'nb.ipynb');
    writeFileSync(file, notebook([md(markdown)]));
    return file;
  }

  test('a relative image beside the notebook is embedded (markdown and <img>)', async () => {
    const file = notebookDir('![pic](img/pic%20one.png) <img src="img/pic one.png" width="20">');
    const { main, warnings } = await page(readFileSync(file), { file });
    const imgs = $$(main, 'img');
    assert.equal(imgs.length, 2);
    for (const img of imgs) assert.equal(img.attribs.src, `data:image/png;base64,${PNG_1PX.toString('base64')}`);
    assert.equal(imgs[1]!.attribs.width, '20');
    assert.deepEqual(warnings, []);
  });

  test('a missing relative image is a warning, and stays a link', async () => {
    const file = notebookDir('![gone](img/missing.png)');
    const { main, warnings } = await page(readFileSync(file), { file });
    assert.equal($(main, 'img')!.attribs.src, 'img/missing.png');
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]!.path, 'cells[0]');
    assert.equal(warnings[0]!.file, file);
    assert.match(warnings[0]!.message, /img\/missing\.png.*not found/);
  });

  test('sanitize: files outside the notebook\'s directory are not embedded', async () => {
      const secretDir = mkdtempSync(path.join(tmpdir(), 'nbx-secret-'));
      writeFileSync(path.join(secretDir, 'secret.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><text>SECRET</text></svg>');
      // Both temp dirs are in tmpdir(): ../<secret dir> reaches out of the notebook's directory.
      const file = notebookDir(`![a](${path.join(secretDir, 'secret.svg')}) ![b](../${path.basename(secretDir)}/secret.svg)`);
      const { main } = await page(readFileSync(file), { file, sanitize: true });
      const embedded = $$(main, 'img').filter((i) => (i.attribs.src ?? '').startsWith('data:')).map((i) => i.attribs.alt);
      assert.deepEqual(embedded, [], 'images embedded from outside the notebook directory');
    });
});

describe('math', () => {
  test('markdown math is KaTeX markup; \\$ and code spans are not math', async () => {
    const { doc } = await page(readFileSync(fixture('tour.ipynb')));
    const intro = rendered(doc, 'intro');
    assert.equal(text($(intro, '.katex annotation')), 'e^{i\\pi} + 1 = 0');
    const math = rendered(doc, 'math');
    assert.ok($(math, '.katex-display .katex'), 'a display equation');
    assert.match(text(math), /Costs \$5, not math\./);
    const ref = $(math, 'a[href="#eq-eq-int"]');
    assert.ok(ref && text(ref).includes('(1)'), '\\eqref links to the equation');
    assert.ok($(doc, '#eq-eq-int'), 'the equation has the id');
    const { main, head } = await page(notebook([md('`$x$` costs \\$5 and \\$6')]));
    assert.equal($$(main, '.katex').length, 0);
    assert.match(text(main), /\$x\$ costs \$5 and \$6/);
    assert.doesNotMatch(head, /\.katex\{|data:font\//, 'no KaTeX CSS without math');
  });

  test('text/latex outputs are typeset, and then the page has KaTeX CSS', async () => {
    const { doc } = await page(readFileSync(fixture('tour.ipynb')));
    const out = $(doc, '[id="cell-id=latex"] .jp-RenderedLatex[data-mime-type="text/latex"]')!;
    assert.equal(text($(out, '.katex annotation')), '\\displaystyle \\sqrt{x}');
    assert.ok($(out, '.katex-html .sqrt'));
    const only = await page(notebook([latexOutput('$x^2$')]));
    assert.ok($(only.main, '.jp-RenderedLatex .katex'));
    assert.match(only.head, /@font-face\{[^}]*data:font\/woff2/, 'math only in an output still inlines the fonts');
  });

  test('\\newcommand in one cell is used by later cells and outputs', async () => {
    const { main, warnings } = await page(notebook([
      md('Let $\\newcommand{\\R}{\\mathbb{R}}$ be defined.'),
      md('Then $x \\in \\R$.'),
      latexOutput('$f: \\R \\to \\R$'),
    ]));
    assert.deepEqual(warnings, []);
    assert.equal($$(main, '.nbx-math-error').length, 0);
    const later = rendered(main, 'c1');
    assert.ok($(later, '.katex-html .mathbb'), 'the macro expanded to \\mathbb{R}');
    assert.equal($$(main, '.jp-RenderedLatex .katex-html .mathbb').length, 2);
  });

  test('a formula KaTeX cannot render shows its source as nbx-math-error, with one warning naming the cell', async () => {
    const { main, warnings } = await page(notebook([md('fine $a+b$'), md('broken $\\undefinedmacro{x}$ but $y^2$ is fine')]));
    const cell = rendered(main, 'c1');
    const err = $(cell, 'span.nbx-math-error')!;
    assert.equal(text(err), '$\\undefinedmacro{x}$');
    assert.match(err.attribs.title ?? '', /Undefined control sequence/);
    assert.equal($$(cell, '.katex').length, 1, 'the other formula of the cell is typeset');
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]!.path, 'cells[1]');
    assert.match(warnings[0]!.message, /math not rendered: .*\\undefinedmacro/);
  });
});
