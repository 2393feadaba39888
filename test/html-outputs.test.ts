// Outputs in the HTML page, read with a real HTML parser: streams, ANSI,
// rich outputs by MIME type, widgets, and what --sanitize takes away.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { ConvertOptions } from '../src/convert.js';
import { fixture } from './helpers.js';
import { generated } from './notebooks/index.js';
import { INJECTION_KINDS } from './notebooks/security.js';
import { $, $$, ancestors, classesOf, code, display, type Json, matches, notebook, page, stream, text } from './html-page-helper.js';

/** The output elements (`.jp-OutputArea-output`) of a one-cell notebook with these outputs. */
async function outputsOf(outputs: Json[], options: Partial<ConvertOptions> = {}) {
  const p = await page(notebook([code('x', outputs)]), options);
  return { ...p, outputs: $$(p.main, '.jp-OutputArea-output') };
}
const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('streams', () => {
  test('consecutive writes to one stream merge; stdout and stderr stay apart', async () => {
    const { outputs } = await outputsOf([stream('a\n'), stream('b\n'), stream('oops\n', 'stderr'), stream('c\n')]);
    assert.deepEqual(outputs.map((o) => [o.attribs['data-mime-type'], text(o)]), [
      ['text/plain', 'a\nb\n'],
      ['application/vnd.jupyter.stderr', 'oops\n'],
      ['text/plain', 'c\n'],
    ]);
    for (const o of outputs) assert.ok(matches(o, '.jp-RenderedText') && $(o, 'pre'));
  });

  test('a progress bar written with \\r leaves only its last state, even across outputs', async () => {
    const { doc } = await page(readFileSync(fixture('tour.ipynb')));
    assert.equal(text($(doc, '[id="cell-id=progress"] .jp-OutputArea-output')), '100%|##########| 3/3\n');
    const { outputs } = await outputsOf([stream('  0%|\r', 'stderr'), stream(' 50%|#####\r', 'stderr'), stream('100%|##########\ndone\r\n', 'stderr')]);
    assert.equal(outputs.length, 1);
    assert.equal(text(outputs[0]), '100%|##########\ndone\n');
  });

  test('stream text is escaped, never markup', async () => {
    const { outputs } = await outputsOf([stream('<script>alert(1)</script> & <b>x</b>\n')]);
    assert.equal(text(outputs[0]), '<script>alert(1)</script> & <b>x</b>\n');
    assert.equal($$(outputs[0]!, 'script').length + $$(outputs[0]!, 'b').length, 0);
  });
});

describe('ANSI colours', () => {
  test('tracebacks become JupyterLab ansi-* spans, with no escape codes left', async () => {
    const { doc } = await page(readFileSync(fixture('tour.ipynb')));
    const err = $(doc, '[id="cell-id=error"] .jp-OutputArea-output')!;
    assert.equal(err.attribs['data-mime-type'], 'application/vnd.jupyter.stderr');
    const red = $$(err, 'span.ansi-red-fg').map(text);
    assert.ok(red.includes('ZeroDivisionError'), red.join('|'));
    assert.ok($$(err, 'span.ansi-green-fg').some((s) => text(s) === 'In[10], line 1'));
    assert.doesNotMatch(text(err), /\x1b|\[0;31m|\[39;49m/);
    assert.match(text(err), /ZeroDivisionError: division by zero$/);
  });

  test('bold and 256-colour stream text', async () => {
    const { doc } = await page(readFileSync(fixture('tour.ipynb')));
    const out = $(doc, '[id="cell-id=ansi"] .jp-OutputArea-output')!;
    const bold = $(out, 'span.ansi-red-fg')!;
    assert.equal(text(bold), 'red bold');
    assert.match(bold.attribs.style ?? '', /font-weight:\s*bold/);
    const green = $$(out, 'span').find((s) => text(s) === 'green 256')!;
    assert.match(green.attribs.style ?? '', /color:\s*rgb\(0,\s*135,\s*0\)/);
  });

  test('a traceback mentioning <module> shows it as text', async () => {
    const { outputs } = await outputsOf([{ output_type: 'error', ename: 'E', evalue: 'v', traceback: ['File \x1b[0;32m<module>\x1b[0m', 'E: v'] }]);
    assert.equal(text(outputs[0]), 'File <module>\nE: v');
    assert.equal($$(outputs[0]!, 'module').length, 0);
  });
});

describe('rich outputs', () => {
  const risky = '<b class="ok">bold</b><table><tr><td>1</td></tr></table><script>window.pwned=1</script>'
    + '<iframe src="https://example.com/"></iframe><img src="x.png" onerror="alert(1)"><a href="javascript:alert(2)" onclick="x()">l</a>';

  test('text/html is kept as written by default (as nbconvert)', async () => {
    const { outputs } = await outputsOf([display({ 'text/html': risky, 'text/plain': 'plain' })]);
    assert.equal(outputs.length, 1);
    const out = outputs[0]!;
    assert.ok(matches(out, '.jp-RenderedHTMLCommon.jp-RenderedHTML[data-mime-type="text/html"]'));
    assert.equal(text($(out, 'script')), 'window.pwned=1');
    assert.ok($(out, 'iframe') && $(out, 'img')!.attribs.onerror);
    assert.doesNotMatch(text(out), /plain/);
  });

  test('sanitize: text/html loses scripts, iframes, handlers and javascript: links, keeps markup', async () => {
    const { outputs, html } = await outputsOf([display({ 'text/html': risky })], { sanitize: true });
    const out = outputs[0]!;
    assert.equal(text($(out, 'b.ok')), 'bold');
    assert.equal(text($(out, 'td')), '1');
    assert.equal($$(out, 'script').length + $$(out, 'iframe').length, 0);
    for (const el of $$(out, '*')) {
      for (const [name, value] of Object.entries(el.attribs)) {
        assert.doesNotMatch(name, /^on/i, `${el.name}[${name}]`);
        assert.doesNotMatch(value, /^\s*javascript:/i, `${el.name}[${name}]`);
      }
    }
    assert.doesNotMatch(html, /window\.pwned/);
  });

  test('application/javascript runs in a <script> by default, bound to its output element', async () => {
    const { outputs } = await outputsOf([display({ 'application/javascript': 'element.textContent = "</script><b id=pwn>";', 'text/plain': 'js' })]);
    const out = outputs[0]!;
    assert.ok(matches(out, '.jp-RenderedJavaScript[data-mime-type="application/javascript"]'));
    const script = $(out, 'script')!;
    assert.match(text(script), /element\.textContent = "<\\\/script><b id=pwn>";/);
    assert.ok(text(script).includes(`document.getElementById(${JSON.stringify(out.attribs.id)})`));
    assert.equal($$(out, 'b').length, 0, '</script> inside the code cannot close the element');
  });

  test('sanitize: no JavaScript output; its text/plain is shown, or a warning when there is none', async () => {
    const { outputs, warnings } = await outputsOf(
      [display({ 'application/javascript': 'alert(1)', 'text/plain': '<IPython.core.display.Javascript object>' }), display({ 'application/javascript': 'alert(2)' })],
      { sanitize: true },
    );
    assert.equal(outputs.length, 1);
    assert.equal(outputs[0]!.attribs['data-mime-type'], 'text/plain');
    assert.equal(text(outputs[0]), '<IPython.core.display.Javascript object>');
    assert.deepEqual(warnings.map((w) => w.path), ['cells[0].outputs[1]']);
    assert.match(warnings[0]!.message, /application\/javascript/);
  });

  const svg = '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10" fill="red"/></svg>';

  test('SVG is an <img> data URI (as JupyterLab: its scripts never run), with or without sanitize', async () => {
    for (const sanitize of [false, true]) {
      const { outputs, main } = await outputsOf([display({ 'image/svg+xml': svg, 'text/plain': 'fig' })], { sanitize });
      assert.ok(matches(outputs[0]!, '.jp-RenderedImage[data-mime-type="image/svg+xml"]'));
      const img = $(outputs[0]!, 'img')!;
      assert.ok(img.attribs.src!.startsWith('data:image/svg+xml;base64,'), img.attribs.src);
      assert.equal(Buffer.from(img.attribs.src!.split(',')[1]!, 'base64').toString('utf8'), svg);
      assert.equal($$(main, 'svg').length, 0);
    }
  });

  test('PNG width/height metadata is honoured (generated png-metadata.ipynb: a retina figure)', async () => {
    const file = generated('png-metadata.ipynb');
    const { main } = await page(readFileSync(file), { file });
    const imgs = $$(main, '.jp-RenderedImage[data-mime-type="image/png"] img');
    assert.equal(imgs.length, 2);
    assert.equal(imgs[0]!.attribs.width, '374');
    assert.equal(imgs[0]!.attribs.height, '255');
    assert.equal(imgs[1]!.attribs.width, undefined, 'no metadata, no size');
    const bytes = Buffer.from(imgs[0]!.attribs.src!.replace(/^data:image\/png;base64,/, ''), 'base64');
    assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG');
    assert.equal(bytes.readUInt32BE(16), 748, 'the image keeps its own pixels');
    const jpeg = $(main, '.jp-RenderedImage[data-mime-type="image/jpeg"] img')!;
    assert.equal(jpeg.attribs.width, '80');
    assert.equal(text($(main, '.jp-OutputArea-executeResult .jp-OutputArea-output')), '[<matplotlib.lines.Line2D at 0x7f3a2c1e4d90>]');
  });

  test('metadata that is not a size never reaches the <img> (generated inject.ipynb)', async () => {
    const file = generated('inject.ipynb');
    const { main } = await page(readFileSync(file), { file });
    const imgs = $$(main, '.jp-RenderedImage img');
    assert.ok(imgs.length >= 3);
    for (const img of imgs) {
      // A truthy `unconfined` is a class (as in nbconvert); nothing of the payloads is copied.
      assert.deepEqual(Object.keys(img.attribs).filter((k) => k !== 'class').sort(), ['alt', 'src']);
      assert.ok([undefined, 'unconfined'].includes(img.attribs.class), img.attribs.class);
      assert.ok(!Object.values(img.attribs).some((v) => /alert|script/.test(v)), JSON.stringify(img.attribs).slice(0, 200));
    }
  });

  test('a PNG that is not base64 falls back to text/plain, with a warning', async () => {
    const { outputs, warnings } = await outputsOf([display({ 'image/png': '!!! not base64 ***', 'text/plain': '<Figure size 640x480>' })]);
    assert.equal(outputs.length, 1);
    assert.equal(outputs[0]!.attribs['data-mime-type'], 'text/plain');
    assert.equal(text(outputs[0]), '<Figure size 640x480>');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!.path ?? '', /^cells\[0\]\.outputs\[0\]/);
    assert.match(warnings[0]!.message, /base64/);
  });

  test('a valid PNG is an <img> data URI', async () => {
    const { outputs } = await outputsOf([display({ 'image/png': PNG_1PX, 'text/plain': 'fig' }, { 'image/png': { width: 50 } })]);
    const img = $(outputs[0]!, 'img')!;
    assert.equal(img.attribs.src, `data:image/png;base64,${PNG_1PX}`);
    assert.equal(img.attribs.width, '50');
  });

  test('application/json is pretty-printed and highlighted when it is the only representation', async () => {
    const { outputs } = await outputsOf([display({ 'application/json': { a: [1, 2] } })]);
    assert.ok(matches(outputs[0]!, '.jp-RenderedJSON[data-mime-type="application/json"]'));
    assert.equal(text(outputs[0]), JSON.stringify({ a: [1, 2] }, null, 2));
    assert.ok($(outputs[0]!, 'code.language-json span.hljs-attr'));
    const withText = await outputsOf([display({ 'application/json': { a: 1 }, 'text/plain': "{'a': 1}" })]);
    assert.ok(matches(withText.outputs[0]!, '.jp-RenderedText[data-mime-type="text/plain"]'), 'text/plain wins, as in nbconvert');
  });

  test('text/plain is escaped text in a <pre>', async () => {
    const { outputs } = await outputsOf([{ output_type: 'execute_result', execution_count: 1, metadata: {}, data: { 'text/plain': '<b>not bold</b>\n  indented' } }]);
    assert.ok(matches(outputs[0]!, '.jp-RenderedText.jp-OutputArea-executeResult[data-mime-type="text/plain"]'));
    assert.equal(text($(outputs[0]!, 'pre')), '<b>not bold</b>\n  indented');
    assert.equal($$(outputs[0]!, 'b').length, 0);
  });
});

describe('widgets', () => {
  const file = generated('widgets.ipynb');

  test('widget views keep their view JSON and show the text/plain fallback (generated widgets.ipynb)', async () => {
    const { main } = await page(readFileSync(file), { file });
    const widgets = $$(main, '.jupyter-widgets[data-mime-type="application/vnd.jupyter.widget-view+json"]');
    assert.equal(widgets.length, 3);
    const first = widgets[0]!;
    const view = JSON.parse(text($(first, 'script[type="application/vnd.jupyter.widget-view+json"]'))) as { model_id: string };
    assert.equal(view.model_id, 'a1b2c3d4e5f60718293a4b5c6d7e8f90');
    assert.match(text(first), /IntSlider\(value=7, continuous_update=False, description='Test:', max=10\)/);
    for (const w of widgets) assert.ok(text(w).replace(text($(w, 'script')), '').trim().length > 0, 'every widget shows something');
  });

  test('the text/plain fallback of a widget looks like any text/plain output (a <pre>)', async () => {
      const { outputs } = await outputsOf([display({ 'application/vnd.jupyter.widget-view+json': { model_id: 'm' }, 'text/plain': 'line 1\n  line 2' })]);
      assert.equal(text($(outputs[0]!, 'pre')), 'line 1\n  line 2');
    });

  test('an image fallback of a widget is shown', async () => {
    const { outputs } = await outputsOf([display({ 'application/vnd.jupyter.widget-view+json': { model_id: 'm' }, 'image/png': PNG_1PX, 'text/plain': 'fig' })]);
    assert.ok($(outputs[0]!, 'img'), 'an <img> for the image/png fallback');
  });

  test('sanitize: widget views are dropped, their fallback shown', async () => {
    const { main } = await page(readFileSync(file), { file, sanitize: true });
    assert.equal($$(main, '.jupyter-widgets').length + $$(main, 'script').length, 0);
    assert.match(text(main), /IntSlider\(value=7/);
  });
});

describe('inject.ipynb (generated: a payload in every place a notebook can hold one)', () => {
  const file = generated('inject.ipynb');

  test('default: scripts only where a trusted output put them, never from tags, metadata, markdown or raw cells', async () => {
    const { doc, main } = await page(readFileSync(file), { file });
    assert.equal($$(doc, 'head script').length, 0);
    assert.equal(text($(doc, 'title')), "TITLE</title><script>alert('title')</script>");
    for (const script of $$(main, 'script')) {
      const where = ancestors(script).find((a) => classesOf(a).includes('jp-OutputArea-output'));
      assert.ok(where, `a <script> outside any output: ${text(script)}`);
      if (script.attribs.type === 'application/vnd.jupyter.widget-view+json') JSON.parse(text(script));
    }
    for (const kind of INJECTION_KINDS) {
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
