// The HTML page (and deck) of corpus notebooks, read with a real HTML parser:
// tags, heading ids, widgets, attachments, image metadata, nbconvert's XSS
// notebook with and without --sanitize. The same checks on notebooks written
// here are in html.test.ts, html-outputs.test.ts, html-markdown.test.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it, test } from 'node:test';
import type { AnyNode, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { convert } from '../../src/convert.js';
import { $, $$, ancestors, classesOf, matches, page, text } from '../html-page-helper.js';
import { corpusFile } from './corpus.js';

const corpus = corpusFile;

describe('HTML of corpus notebooks', () => {
  test('cell tags become celltag_<tag> classes (nbconvert notebook_tags.ipynb)', async () => {
    const file = corpusFile('nbconvert__notebook_tags.ipynb');
    const { doc } = await page(readFileSync(file), { file });
    const cells = $$(doc, 'main .jp-Cell');
    assert.equal(cells.length, 4);
    assert.ok(matches(cells[0]!, '.jp-CodeCell.celltag_mycelltag.celltag_mysecondcelltag'));
    assert.ok(!classesOf(cells[1]!).some((c) => c.startsWith('celltag_')));
    assert.ok(matches(cells[2]!, '.jp-MarkdownCell.celltag_mymarkdowncelltag'));
    assert.ok(!classesOf(cells[3]!).some((c) => c.startsWith('celltag_')));
  });
  test('repeated headings get distinct ids across cells (Typesetting_Equations.ipynb)', async () => {
    const file = corpusFile('jupyter-notebook__Typesetting_Equations.ipynb');
    const { doc } = await page(readFileSync(file), { file });
    const ids = ['h1', 'h2', 'h3'].flatMap((h) => $$(doc, `main ${h}`)).map((h) => h.attribs.id!);
    assert.ok(ids.includes('Source') && ids.includes('Source-2') && ids.includes('Source-9'), ids.join(' '));
    const all = $$(doc, '[id]').map((e) => e.attribs.id);
    assert.equal(new Set(all).size, all.length, 'every id in the page is unique');
    for (const a of $$(doc, 'a.jp-InternalAnchorLink')) assert.equal(a.attribs.href, `#${(a.parent as Element).attribs.id}`);
  });
  test("widget state and the widget manager only with cdn, never with sanitize", async () => {
    const file = corpusFile('nbconvert__Widget_List.ipynb');
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
  test('attachments become data: URIs (nbconvert attachment.ipynb)', async () => {
    const file = corpusFile('nbconvert__exporters_attachment.ipynb');
    const { main, warnings } = await page(readFileSync(file), { file });
    const imgs = $$(main, '.jp-MarkdownCell img');
    assert.equal(imgs.length, 2);
    for (const img of imgs) {
      assert.match(img.attribs.src!, /^data:image\/png;base64,iVBORw0KGgo/);
      assert.equal(img.attribs.alt, 'image.png');
    }
    assert.deepEqual(warnings, []);
  });
  test('PNG width/height metadata is honoured (nbconvert pngmetadata.ipynb)', async () => {
    const file = corpus('nbconvert__exporters_pngmetadata.ipynb');
    const { main } = await page(readFileSync(file), { file });
    const imgs = $$(main, '.jp-RenderedImage[data-mime-type="image/png"] img');
    assert.equal(imgs.length, 1);
    assert.equal(imgs[0]!.attribs.width, '374');
    assert.equal(imgs[0]!.attribs.height, '255');
    const bytes = Buffer.from(imgs[0]!.attribs.src!.replace(/^data:image\/png;base64,/, ''), 'base64');
    assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG');
    assert.equal(text($(main, '.jp-OutputArea-executeResult .jp-OutputArea-output')), '[<matplotlib.lines.Line2D at 0x10f695240>]');
  });
  test('metadata that is not a size never reaches the <img> (notebook_inject.ipynb)', async () => {
    const file = corpus('nbconvert__exporters_notebook_inject.ipynb');
    const { main } = await page(readFileSync(file), { file });
    const imgs = $$(main, '.jp-RenderedImage img');
    assert.ok(imgs.length >= 3);
    for (const img of imgs) assert.deepEqual(Object.keys(img.attribs).sort(), ['alt', 'src']);
  });
});

describe('widgets', () => {
  const file = corpus('nbconvert__Widget_List.ipynb');

  test('widget views keep their view JSON and show the text/plain fallback (Widget_List.ipynb)', async () => {
    const { main } = await page(readFileSync(file), { file });
    const widgets = $$(main, '.jupyter-widgets[data-mime-type="application/vnd.jupyter.widget-view+json"]');
    assert.ok(widgets.length > 20, `${widgets.length} widget outputs`);
    const first = widgets[0]!;
    const view = JSON.parse(text($(first, 'script[type="application/vnd.jupyter.widget-view+json"]'))) as { model_id: string };
    assert.equal(view.model_id, '900a279374724477aa598b64f8b23103');
    assert.match(text(first), /IntSlider\(value=7, continuous_update=False, description='Test:', max=10\)/);
    for (const w of widgets) assert.ok(text(w).replace(text($(w, 'script')), '').trim().length > 0, 'every widget shows something');
  });



  test('sanitize: widget views are dropped, their fallback shown', async () => {
    const { main } = await page(readFileSync(file), { file, sanitize: true });
    assert.equal($$(main, '.jupyter-widgets').length + $$(main, 'script').length, 0);
    assert.match(text(main), /IntSlider\(value=7/);
  });
});

describe('notebook_inject.ipynb (nbconvert\'s XSS notebook)', () => {
  const file = corpus('nbconvert__exporters_notebook_inject.ipynb');

  test('default: scripts only where a trusted output put them, never from tags, metadata, markdown or raw cells', async () => {
    const { doc, main } = await page(readFileSync(file), { file });
    assert.equal($$(doc, 'head script').length, 0);
    assert.equal(text($(doc, 'title')), "TITLE</title><script>alert('title')</script>");
    for (const script of $$(main, 'script')) {
      const where = ancestors(script).find((a) => classesOf(a).includes('jp-OutputArea-output'));
      assert.ok(where, `a <script> outside any output: ${text(script)}`);
      if (script.attribs.type === 'application/vnd.jupyter.widget-view+json') JSON.parse(text(script));
    }
    for (const kind of ['cell_tag', 'raw cell', 'markdown cell', 'png filenames', 'jpg filenames', 'png injection', 'widget-view+json injection']) {
      assert.ok(!$$(main, 'script').some((s) => s.attribs.type !== 'application/vnd.jupyter.widget-view+json' && text(s).includes(kind)), kind);
    }
  });

  test('sanitize: no <script>, handler or iframe anywhere in the page', async () => {
    const { doc, html } = await page(readFileSync(file), { file, sanitize: true });
    assert.equal($$(doc, 'script').length + $$(doc, 'iframe').length, 0);
    for (const el of $$(doc, '*')) assert.ok(!Object.keys(el.attribs).some((a) => /^on/i.test(a)), el.name);
    assert.doesNotMatch(html.slice(html.indexOf('<main>')), /<script/i);
  });
});

describe('slides of a corpus notebook', () => {
  it('--sanitize: the only scripts are reveal.js\'s own (corpus injection notebook)', async () => {
    const file = corpusFile('nbconvert__exporters_notebook_inject.ipynb');
    const r = await convert(readFileSync(file), { to: 'slides', file, sanitize: true });
    const doc = parseDocument(r.content as string);
    assert.equal($$(doc, 'script:not([type*="json"])').length, 4, 'reveal.js, the notes plugin, Reveal.initialize, fit.js (nbx\'s own)');
    assert.equal($$(doc, '.slides script, .slides iframe').length, 0);
    assert.equal($$(doc, '*').filter((el) => Object.keys(el.attribs).some((a) => a.startsWith('on'))).length, 0);
  });
});
