// The HTML page as a JupyterLab user checks it, read with a real HTML parser:
// class names and prompts, cell ids and tags, hide/remove tags and the
// --no-input/--no-prompt/--remove-tag options, the title, heading anchors,
// determinism, offline-ness, themes and template overrides.
// Outputs: html-outputs.test.ts; markdown and math: html-markdown.test.ts.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { AnyNode, Element } from 'domhandler';
import type { ConvertOptions } from '../src/convert.js';
import { NbxError } from '../src/errors.js';
import { fixture } from './helpers.js';
import { generated } from './notebooks/index.js';
import { $, $$, classesOf, code, matches, md, notebook, page, stream, tagged, text } from './html-page-helper.js';

const tourBytes = readFileSync(fixture('tour.ipynb'));
const tour = (options: Partial<ConvertOptions> = {}) => page(tourBytes, { file: fixture('tour.ipynb'), ...options });
const cell = (doc: AnyNode, id: string) => {
  const el = $(doc, `[id="cell-id=${id}"]`);
  assert.ok(el, `cell ${id} is in the page`);
  return el;
};

describe('JupyterLab page structure', () => {
  test('code and markdown cells carry JupyterLab class names, in notebook order', async () => {
    const { doc } = await tour();
    const cells = $$(doc, 'main .jp-Cell');
    assert.deepEqual(cells.map((c) => c.attribs.id), [
      'intro', 'math', 'tables', 'loop', 'progress', 'ansi', 'plot', 'table', 'latex', 'bash', 'toggle', 'error', 'json',
    ].map((id) => `cell-id=${id}`), 'one element per kept cell, id="cell-id=<id>" (remove-cell dropped)');
    for (const c of cells.slice(0, 3)) assert.ok(matches(c, '.jp-Cell.jp-MarkdownCell.jp-Notebook-cell'), c.attribs.class);
    for (const c of cells.slice(3)) assert.ok(matches(c, '.jp-Cell.jp-CodeCell.jp-Notebook-cell'), c.attribs.class);
    assert.ok($(cell(doc, 'intro'), '.jp-RenderedHTMLCommon.jp-RenderedMarkdown[data-mime-type="text/markdown"] h1'));
    assert.ok($(cell(doc, 'loop'), '.jp-Cell-inputWrapper .jp-InputArea .jp-InputArea-editor pre code.hljs'));
    assert.ok($(cell(doc, 'loop'), '.jp-Cell-outputWrapper .jp-OutputArea .jp-OutputArea-child .jp-OutputArea-output'));
  });

  test('In [n]: prompts use a non-breaking space; unexecuted cells show In [ ]:', async () => {
    const { doc } = await tour();
    assert.equal(text($(cell(doc, 'loop'), '.jp-InputPrompt')), 'In\u00a0[1]:');
    assert.equal(text($(cell(doc, 'json'), '.jp-InputPrompt')), 'In\u00a0[11]:');
    const { doc: fresh } = await page(notebook([code('x', [], { execution_count: null })]));
    assert.equal(text($(fresh, '.jp-CodeCell .jp-InputPrompt')), 'In\u00a0[\u00a0]:');
  });

  test('Out[n]: only on execute_result outputs', async () => {
    const { doc } = await tour();
    const withText = $$(doc, '.jp-OutputPrompt').filter((p) => text(p) !== '');
    assert.deepEqual(withText.map(text), ['Out[5]:', 'Out[6]:', 'Out[11]:']);
    for (const p of withText) assert.ok(classesOf(p.parent as Element).includes('jp-OutputArea-executeResult'));
    assert.equal(text($(cell(doc, 'loop'), '.jp-OutputPrompt')), '', 'streams have an empty prompt');
    assert.equal(text($(cell(doc, 'plot'), '.jp-OutputPrompt')), '', 'display_data has an empty prompt');
  });

  test('cell tags become celltag_<tag> classes (generated tags.ipynb)', async () => {
    const file = generated('tags.ipynb');
    const { doc } = await page(readFileSync(file), { file });
    const cells = $$(doc, 'main .jp-Cell');
    assert.equal(cells.length, 9, 'the remove_cell cell is gone');
    assert.ok(!text(doc).includes('This cell is removed'));
    assert.ok(matches(cells[0]!, '.jp-CodeCell.celltag_mycelltag.celltag_mysecondcelltag'));
    assert.ok(!classesOf(cells[1]!).some((c) => c.startsWith('celltag_')));
    assert.ok(matches(cells[2]!, '.jp-MarkdownCell.celltag_mymarkdowncelltag'));
    assert.ok(!classesOf(cells[3]!).some((c) => c.startsWith('celltag_')));
  });

  test('a %%bash cell is highlighted as bash, other cells as the kernel language', async () => {
    const { doc } = await tour();
    const bash = $(cell(doc, 'bash'), 'code.hljs');
    assert.ok(bash && classesOf(bash).includes('language-bash'), bash?.attribs.class);
    assert.equal(text($(bash, 'span.hljs-built_in')), 'echo');
    assert.ok(classesOf($(cell(doc, 'loop'), 'code.hljs')!).includes('language-python'));
    assert.equal(text($(cell(doc, 'loop'), 'span.hljs-keyword')), 'import');
  });
});

describe('tags and view options', () => {
  const out = (t: string) => [stream(`${t}\n`)];
  const nb = notebook([
    code('shown', out('o-shown')),
    code('hin', out('o-hin'), tagged('hide-input')),
    code('hout', out('o-hout'), tagged('hide-output')),
    code('hcell', out('o-hcell'), tagged('hide-cell')),
    code('rin', out('o-rin'), tagged('remove-input')),
    code('rout', out('o-rout'), tagged('remove_output')),
    code('rcell', out('o-rcell'), tagged('remove-cell')),
    md('gone', tagged('remove_cell')),
    code('skipped', out('o-skipped'), tagged('skip-me')),
    md('# Kept markdown'),
  ]);

  test('hide-input, hide-output and hide-cell fold the part into a closed <details>', async () => {
    const { doc } = await page(nb);
    const details = (id: string) => $$(cell(doc, id), 'details');
    assert.equal(details('c0').length, 0);
    for (const [id, inside, outside] of [['c1', '.jp-InputArea', '.jp-OutputArea'], ['c2', '.jp-OutputArea', '.jp-InputArea']] as const) {
      const [d] = details(id);
      assert.ok(d, `${id} has a <details>`);
      assert.ok(!('open' in d.attribs), 'folded by default');
      assert.equal(text($(d, 'summary')).length > 0, true);
      assert.ok($(d, inside), `${inside} is inside the toggle`);
      assert.equal($(d, outside), undefined, `${outside} stays visible`);
      assert.ok($(cell(doc, id), outside));
    }
    const [whole] = details('c3');
    assert.ok(whole && !('open' in whole.attribs));
    assert.ok($(whole, '.jp-InputArea') && $(whole, '.jp-OutputArea'), 'hide-cell folds input and output');
  });

  test('remove-input, remove_output and remove-cell (either spelling) drop the part', async () => {
    const { doc, mainHtml } = await page(nb);
    assert.equal($(cell(doc, 'c4'), '.jp-InputArea'), undefined);
    assert.match(text($(cell(doc, 'c4'), '.jp-OutputArea')), /o-rin/);
    assert.ok($(cell(doc, 'c5'), '.jp-InputArea'));
    assert.equal($(cell(doc, 'c5'), '.jp-OutputArea'), undefined);
    assert.equal($(doc, '[id="cell-id=c6"]'), undefined);
    assert.equal($(doc, '[id="cell-id=c7"]'), undefined);
    assert.doesNotMatch(mainHtml, /o-rout|o-rcell|rcell|gone/);
  });

  test('removeTags (--remove-tag) drops cells with that tag', async () => {
    const before = await page(nb);
    assert.ok($(before.doc, '[id="cell-id=c8"]'));
    const { doc, mainHtml } = await page(nb, { removeTags: ['skip-me'] });
    assert.equal($(doc, '[id="cell-id=c8"]'), undefined);
    assert.doesNotMatch(mainHtml, /o-skipped/);
    assert.ok($(doc, '[id="cell-id=c0"]'), 'other cells stay');
  });

  test('noInput (--no-input): no code input, no prompt; outputs and markdown stay', async () => {
    const { doc } = await tour({ noInput: true });
    assert.equal($$(doc, '.jp-CodeCell .jp-InputArea').length, 0);
    assert.equal($$(doc, '.jp-InputPrompt').length + $$(doc, '.jp-OutputPrompt').length, 0);
    assert.equal($$(doc, '.jp-MarkdownCell .jp-RenderedMarkdown').length, 3);
    assert.match(text($(doc, '.jp-MarkdownCell h1')), /A tour of nbx/);
    assert.match(text(cell(doc, 'loop')), /step 2/);
    assert.ok(classesOf(cell(doc, 'loop')).includes('jp-mod-noInput'));
    assert.doesNotMatch(text($(doc, 'main')!), /import numpy/);
  });

  test('noPrompt (--no-prompt): inputs and outputs stay, prompts go', async () => {
    const { doc } = await tour({ noPrompt: true });
    assert.equal($$(doc, '.jp-InputPrompt').length + $$(doc, '.jp-OutputPrompt').length, 0);
    assert.match(text($(cell(doc, 'loop'), '.jp-InputArea')), /import numpy as np/);
    assert.match(text($(cell(doc, 'table'), '.jp-OutputArea')), /2\.5/);
  });
});

describe('title and headings', () => {
  const title = async (nb: string, options: Partial<ConvertOptions> = {}) => text($((await page(nb, options)).doc, 'title'));

  test('metadata.title wins, and is escaped', async () => {
    const nb = notebook([md('# Heading')], { title: 'Meta <b>&</b>' });
    assert.equal(await title(nb), 'Meta <b>&</b>');
    assert.match((await page(nb)).html, /<title>Meta &lt;b&gt;&amp;&lt;\/b&gt;<\/title>/);
  });

  test('else the first heading, without its markup; else the file stem', async () => {
    assert.equal(await title(notebook([md('no heading here'), md('intro\n\n## The *first* `heading`')])), 'The first heading');
    assert.equal(await title(notebook([md('plain')]), { file: '/some/dir/my-analysis.ipynb' }), 'my-analysis');
    assert.equal(await title(notebook([md('plain')])), 'notebook', 'stdin: "notebook"');
    assert.equal(text($((await tour()).doc, 'title')), 'A tour of nbx');
  });

  test('a "# comment" inside a fenced code block is not the title', async () => {
    assert.equal(await title(notebook([md('```bash\n# install first\npip install nbx\n```\n\n# Real title')])), 'Real title');
  });

  test('a setext heading (Title\\n=====) is a heading for the title', async () => {
    assert.equal(await title(notebook([md('Setext title\n============\n\ntext')])), 'Setext title');
  });

  test('headings get ids (spaces → "-") and a ¶ link .jp-InternalAnchorLink', async () => {
    const { doc } = await page(notebook([md('# Hello big world\n\n## Section: a/b')]));
    const h1 = $(doc, 'h1')!;
    assert.equal(h1.attribs.id, 'Hello-big-world');
    const a = $(h1, 'a.jp-InternalAnchorLink')!;
    assert.equal(text(a), '¶');
    assert.equal(a.attribs.href, '#Hello-big-world');
    assert.equal($(doc, 'h2')!.attribs.id, 'Section:-a/b');
  });

  test('repeated headings get distinct ids across cells (generated math.ipynb)', async () => {
    const file = generated('math.ipynb');
    const { doc } = await page(readFileSync(file), { file });
    const ids = ['h1', 'h2', 'h3'].flatMap((h) => $$(doc, `main ${h}`)).map((h) => h.attribs.id!);
    assert.equal(ids.filter((id) => /^Source(-\d+)?$/.test(id)).length, 8, ids.join(' '));
    assert.ok(ids.includes('Source') && ids.includes('Source-2') && ids.includes('Source-8'), ids.join(' '));
    const all = $$(doc, '[id]').map((e) => e.attribs.id);
    assert.equal(new Set(all).size, all.length, 'every id in the page is unique');
    for (const a of $$(doc, 'a.jp-InternalAnchorLink')) assert.equal(a.attribs.href, `#${(a.parent as Element).attribs.id}`);
  });
});

describe('the page as a file', () => {
  test('deterministic: same bytes twice, and from another path and name', async () => {
    const a = (await tour()).html;
    assert.equal((await tour()).html, a);
    const dir = mkdtempSync(path.join(tmpdir(), 'nbx-html-'));
    const copy = path.join(dir, 'elsewhere-renamed.ipynb');
    copyFileSync(fixture('tour.ipynb'), copy);
    const b = await page(readFileSync(copy), { file: copy });
    assert.equal(b.html, a, 'nothing in the page depends on where the notebook is');
    assert.equal((await page(tourBytes)).html, a, 'nor on reading it from stdin');
    assert.ok(!a.includes(dir) && !a.includes(path.dirname(fixture('tour.ipynb'))));
  });

  test('offline by default: no stylesheet, script or font from the network', async () => {
    const { html, doc } = await tour();
    assert.equal($$(doc, 'link').length + $$(doc, 'script[src]').length, 0);
    assert.doesNotMatch(html, /cdn\.jsdelivr|unpkg\.com|cdnjs|googleapis|@import|url\(\s*['"]?(https?:)?\/\//i);
    const urls = html.replace(/\/\*[\s\S]*?\*\//g, '').match(/https?:\/\/[^\s"'<>)]+/g) ?? [];
    const notNamespaces = urls.filter((u) => !/^http:\/\/www\.w3\.org\/(1998\/Math\/MathML|2000\/svg)$/.test(u));
    assert.deepEqual(notNamespaces, [], 'only XML namespaces (and URLs in CSS comments)');
    assert.ok(urls.length > 0, 'the filter saw the KaTeX MathML');
  });

  test('cdn: true links KaTeX and highlight.js CSS instead of inlining them', async () => {
    const { doc, html } = await tour({ cdn: true });
    const hrefs = $$(doc, 'link[rel="stylesheet"]').map((l) => l.attribs.href!);
    assert.equal(hrefs.length, 2);
    assert.ok(hrefs.some((h) => /^https:\/\/cdn\.jsdelivr\.net\/npm\/katex@[\d.]+\/dist\/katex\.min\.css$/.test(h)), hrefs.join());
    assert.ok(hrefs.some((h) => /^https:\/\/cdn\.jsdelivr\.net\/npm\/highlight\.js@[\d.]+\/styles\/github\.min\.css$/.test(h)), hrefs.join());
    assert.doesNotMatch(html, /data:font\//);
    const noMath = await page(notebook([code('x')]), { cdn: true });
    assert.equal($$(noMath.doc, 'link[rel="stylesheet"]').length, 1, 'KaTeX only when there is math');
  });

  test("widget state and the widget manager only with cdn, never with sanitize", async () => {
    const file = generated('widgets.ipynb');
    const bytes = readFileSync(file);
    const state = (d: AnyNode) => $$(d, 'script[type="application/vnd.jupyter.widget-state+json"]').length;
    const manager = (d: AnyNode) => $$(d, 'script[src]').filter((s) => /html-manager/.test(s.attribs.src!)).length;
    const plain = (await page(bytes, { file })).doc;
    assert.equal(state(plain) + manager(plain), 0);
    const cdn = (await page(bytes, { file, cdn: true })).doc;
    assert.equal(state(cdn), 1);
    assert.equal(manager(cdn), 1);
    const both = (await page(bytes, { file, cdn: true, sanitize: true })).doc;
    assert.equal(state(both) + manager(both) + $$(both, 'script').length, 0);
  });

  test("theme: 'dark' switches the body and highlight.js theme", async () => {
    const light = await tour();
    const dark = await tour({ theme: 'dark' });
    const body = $(dark.doc, 'body')!;
    assert.ok(classesOf(body).includes('nbx-theme-dark'));
    assert.equal(body.attribs['data-jp-theme-light'], 'false');
    assert.equal(body.attribs['data-jp-theme-name'], 'JupyterLab Dark');
    assert.equal($(light.doc, 'body')!.attribs['data-jp-theme-light'], 'true');
    assert.match(dark.html, /Theme: GitHub Dark/);
    assert.doesNotMatch(light.html, /Theme: GitHub Dark/);
    assert.equal(dark.mainHtml, light.mainHtml, 'the content is the same');
  });

  test('templateDir overrides one partial; the others stay built-in', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nbx-tpl-'));
    writeFileSync(path.join(dir, 'output_stream.hbs'), '<pre class="my-stream" data-mime="{{mime}}">{{{html}}}</pre>\n');
    const { doc } = await tour({ templateDir: dir });
    const mine = $$(doc, 'pre.my-stream');
    assert.equal(mine.length, 5, 'every stream output uses the override');
    assert.equal(text(mine[0]), 'step 0\nstep 1\nstep 2\n');
    assert.equal(mine[1]!.attribs['data-mime'], 'application/vnd.jupyter.stderr');
    assert.equal($$(doc, '.jp-RenderedText[data-mime-type="text/plain"]:not(.jp-OutputArea-executeResult)').length, 0, 'the built-in stream partial is not used');
    assert.ok($(cell(doc, 'error'), '.jp-RenderedText'), 'error outputs still use their own partial');
    assert.ok($(cell(doc, 'loop'), '.jp-InputPrompt'));
  });

  test('a broken template is a one-line NbxError', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nbx-tpl-'));
    writeFileSync(path.join(dir, 'output_stream.hbs'), '{{#if html}}<pre>{{{html}}}</pre>\n');
    await assert.rejects(tour({ templateDir: dir }), (e: unknown) => {
      assert.ok(e instanceof NbxError, String(e));
      assert.doesNotMatch(e.message, /\n/);
      assert.match(e.message, /template/);
      return true;
    });
    await assert.rejects(tour({ templateDir: path.join(dir, 'missing') }), (e: unknown) => e instanceof NbxError && /not a directory/.test(e.message));
  });

  test('a broken template error names the file and what is wrong, even if the partial is unused', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'nbx-tpl-'));
      writeFileSync(path.join(dir, 'output_stream.hbs'), '{{#if html}}<pre>{{{html}}</pre>{{/if}}\n');
      await assert.rejects(tour({ templateDir: dir }), (e: unknown) =>
        e instanceof NbxError && /output_stream\.hbs/.test(e.message) && /Expecting|expected/i.test(e.message));
      const unused = mkdtempSync(path.join(tmpdir(), 'nbx-tpl-'));
      writeFileSync(path.join(unused, 'output_json.hbs'), '{{#if x}\n');
      await assert.rejects(page(notebook([code('x')]), { templateDir: unused }), (e: unknown) =>
        e instanceof NbxError && /output_json\.hbs/.test(e.message));
    });
});
