// The slides exporter: nbconvert's grouping pinned on hand-made sequences,
// slideshow data as data-* attributes, the --reveal-* options, and a deck
// that carries everything it needs (reveal.js, theme, notes plugin) inline.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { convert, type ConvertOptions } from '../src/convert.js';
import { Diagnostics, NbxError } from '../src/errors.js';
import { getExporter } from '../src/formats/index.js';
import { inlineScript } from '../src/formats/slides/assets.js';
import { buildDeck, slideMarks, slideType, type DeckNode } from '../src/formats/slides/deck.js';
import type { JsonObject, JsonValue } from '../src/notebook/model.js';
import { fixture, repoRoot } from './helpers.js';
import { generated } from './notebooks/index.js';
import { $, $$, code, md, notebook, stream, text, type Json } from './html-page-helper.js';
import { parseDocument } from 'htmlparser2';

function nbx(args: string[]) {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'nbx.cjs'), ...args], { encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr };
}

// ---- grouping ----

/** Cells whose metadata.slideshow.slide_type is each of `types` (null: no slideshow). */
const cells = (...types: (string | null)[]) => types.map((t) => ({ metadata: (t === null ? {} : { slideshow: { slide_type: t } }) as JsonObject }));

/** The deck written compactly: numbers are cells, S(…) sections, F(…) fragments, N(…) notes. */
function compact(deck: DeckNode[] | null): string {
  const node = (n: DeckNode): string =>
    n.kind === 'cell' ? String(n.cell)
    : n.kind === 'notes' ? `N(${n.cell})`
    : `${n.kind === 'section' ? 'S' : 'F'}(${n.children.map(node).join(' ')})`;
  return deck === null ? 'null' : deck.map(node).join(' ');
}
const group = (...types: (string | null)[]) => compact(buildDeck(cells(...types)));

describe('slide grouping (nbconvert semantics)', () => {
  it('the first visible cell opens a slide, whatever its type', () => {
    assert.equal(group('-', '-'), 'S(S(0 1))');
    assert.equal(group('fragment', '-'), 'S(S(0 1))');
    assert.equal(group('subslide', 'slide'), 'S(S(0)) S(S(1))');
    assert.equal(group(null, null, 'slide', null), 'S(S(0 1)) S(S(2 3))');
  });

  it('slide opens a horizontal slide, subslide a vertical one', () => {
    assert.equal(group('slide', '-', 'subslide', '-', 'slide'), 'S(S(0 1) S(2 3)) S(S(4))');
  });

  it('subslide right after slide: the slide\'s first subslide holds only the slide cell', () => {
    assert.equal(group('slide', 'subslide', '-', 'slide', 'subslide'), 'S(S(0) S(1 2)) S(S(3) S(4))');
  });

  it('fragment opens a fragment that following - cells join', () => {
    assert.equal(group('slide', 'fragment', '-', '-', 'fragment', '-'), 'S(S(0 F(1 2 3) F(4 5)))');
    assert.equal(group('slide', 'fragment', 'fragment', 'fragment'), 'S(S(0 F(1) F(2) F(3)))');
  });

  it('slide and subslide close the open fragment', () => {
    assert.equal(group('slide', 'fragment', 'subslide', 'fragment', 'slide', '-'), 'S(S(0 F(1)) S(2 F(3))) S(S(4 5))');
  });

  it('skip drops the cell, between fragments too', () => {
    assert.equal(group('slide', 'fragment', 'skip', 'fragment', '-'), 'S(S(0 F(1) F(3 4)))');
    assert.equal(group('slide', 'skip', 'slide', 'skip'), 'S(S(0)) S(S(2))');
    assert.equal(group('slide', 'fragment', 'skip'), 'S(S(0 F(1)))');
  });

  it('notes become an aside where they stand: in the slide, or in the open fragment', () => {
    assert.equal(group('slide', '-', 'notes'), 'S(S(0 1 N(2)))');
    assert.equal(group('slide', 'fragment', 'notes', '-', 'notes'), 'S(S(0 F(1 N(2) 3 N(4))))');
    assert.equal(group('slide', 'notes', 'subslide', 'notes'), 'S(S(0 N(1)) S(2 N(3)))');
  });

  it('notes before the first slide stay outside every slide, as nbconvert writes them', () => {
    assert.equal(group('notes', 'slide', '-', 'notes'), 'N(0) S(S(1 2 N(3)))');
    assert.equal(group('skip', 'notes', 'skip', '-', 'fragment'), 'N(1) S(S(3 F(4)))');
  });

  it('no visible cell: no deck', () => {
    assert.equal(group('skip', 'notes'), 'null');
    assert.equal(group(), 'null');
  });

  it('slide_type: missing, odd or non-string values act as -', () => {
    const type = (slideshow: JsonValue | undefined) => slideType(slideshow === undefined ? {} : { slideshow });
    assert.equal(type(undefined), '-');
    assert.equal(type({}), '-');
    assert.equal(type('slide'), '-'); // not an object: nbconvert's AttributeError
    assert.equal(type(null), '-');
    assert.equal(type(['slide']), '-');
    assert.equal(type({ slide_type: 'notes' }), 'notes');
    assert.equal(type({ slide_type: null }), null);
    assert.equal(group('slide', '', 'bogus'), 'S(S(0 1 2))');
  });

  it('marks cells as nbconvert\'s preprocessor does', () => {
    const marks = slideMarks(['notes', 'fragment', 'fragment', 'skip', 'subslide']);
    const flags = marks!.map((m) => Object.entries(m).filter(([k, v]) => k !== 'type' && v).map(([k]) => k).join(','));
    assert.deepEqual(flags, ['', 'slideStart,subslideStart', 'fragmentStart', 'fragmentEnd,subslideEnd', 'subslideStart,subslideEnd,slideEnd']);
    assert.equal(marks![1]!.type, 'slide');
  });
});

describe('slideshow.data → data-* attributes (nbconvert 7)', () => {
  const withData = (type: string, data: JsonValue) => ({ metadata: { slideshow: { slide_type: type, data } } as JsonObject });

  it('on the slide and subslide sections and the fragment its cell opens', () => {
    const deck = buildDeck([withData('slide', { background_color: '#eee' }), withData('fragment', { fragment_index: 2 }), withData('subslide', { transition: 'zoom' })]);
    const [slide] = deck! as [DeckNode & { kind: 'section' }];
    const [sub1, sub2] = slide.children as (DeckNode & { kind: 'section' })[];
    assert.deepEqual(slide.data, { 'data-background-color': '#eee' });
    assert.deepEqual(sub1!.data, { 'data-background-color': '#eee' });
    assert.deepEqual((sub1!.children[1] as DeckNode & { kind: 'fragment' }).data, { 'data-fragment-index': '2' });
    assert.deepEqual(sub2!.data, { 'data-transition': 'zoom' });
  });

  it('bad keys and non-object data are warned about and left out', () => {
    const diag = new Diagnostics('nb.ipynb');
    const deck = buildDeck([withData('slide', { 'x" onclick="alert(1)': 'a', ok: 'b' }), withData('slide', 'red')], { diag });
    assert.deepEqual((deck![0] as DeckNode & { kind: 'section' }).data, { 'data-ok': 'b' });
    assert.deepEqual((deck![1] as DeckNode & { kind: 'section' }).data, {});
    assert.deepEqual(diag.warnings.map((w) => w.path), ['cells[0].metadata.slideshow.data', 'cells[1].metadata.slideshow.data']);
  });

  it('--sanitize leaves out attributes that show HTML or load pages', () => {
    const diag = new Diagnostics('nb.ipynb');
    const data = { notes: '<img src=x onerror=alert(1)>', background_iframe: 'https://example.org', background_image: 'javascript:alert(1)', background_color: 'red' };
    const deck = buildDeck([withData('slide', data)], { diag, sanitize: true });
    assert.deepEqual((deck![0] as DeckNode & { kind: 'section' }).data, { 'data-background-color': 'red' });
    assert.equal(diag.warnings.length, 3);
  });
});

// ---- the exported deck ----

interface Deck {
  html: string;
  doc: ReturnType<typeof parseDocument>;
  warnings: { path: string | null; message: string }[];
}

async function deck(cellsJson: Json[], options: Partial<ConvertOptions> = {}, metadata: Json = {}): Promise<Deck> {
  const r = await convert(notebook(cellsJson, metadata), { to: 'slides', ...options });
  const html = r.content as string;
  return { html, doc: parseDocument(html), warnings: r.warnings };
}
const slide = (type: string, extra: Json = {}) => ({ metadata: { slideshow: { slide_type: type, ...extra } } });

describe('slides exporter', () => {
  it('is registered as "slides" and writes nb.slides.html', () => {
    const e = getExporter('slides');
    assert.equal(e.extension, '.slides.html');
    const dir = mkdtempSync(path.join(tmpdir(), 'nbx-slides-'));
    writeFileSync(path.join(dir, 'talk.ipynb'), notebook([md('# Hello', slide('slide')), md('World', slide('fragment'))]));
    const r = nbx(['convert', path.join(dir, 'talk.ipynb'), '--to', 'slides']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readdirSync(dir).sort(), ['talk.ipynb', 'talk.slides.html']);
    assert.match(readFileSync(path.join(dir, 'talk.slides.html'), 'utf8'), /<div class="fragment">/);
  });

  it('is self-contained: reveal.js, its notes plugin, a theme and the notebook CSS inline, nothing linked', async () => {
    const { html, doc } = await deck([md('# Title'), code('print(1)', [stream('1\n')])]);
    assert.equal($$(doc, 'script[src], link[href]').length, 0);
    assert.ok($(doc, '.reveal > .slides > section > section > .jp-MarkdownCell'));
    assert.ok($(doc, '.reveal .slides section .jp-CodeCell .jp-OutputArea'));
    assert.match(html, /Reveal\.initialize\(/);
    assert.match(html, /RevealNotes/);
    assert.ok($(doc, 'style#theme'), 'the theme is inlined');
    assert.match(html, /\.jp-InputArea-editor/, 'notebook CSS');
    assert.doesNotMatch(html, /@import/, 'no web fonts loaded by the default theme');
    assert.doesNotMatch(html, /url\(\s*["']?(https?:)?\/\//, 'no stylesheet fetches anything');
  });

  it('notes cells become <aside class="notes"> and skip cells are not rendered', async () => {
    const { doc } = await deck([md('one', slide('slide')), md('secret', slide('skip')), md('say this', slide('notes'))]);
    assert.equal(text($(doc, 'section section aside.notes')).trim(), 'say this');
    assert.ok(!text(doc).includes('secret'));
  });

  it('warns about notes before the first slide (nbconvert leaves them outside every slide)', async () => {
    const { doc, warnings } = await deck([md('early', slide('notes')), md('one', slide('slide'))]);
    assert.ok($(doc, '.slides > aside.notes'));
    assert.deepEqual(warnings.map((w) => [w.path, w.message]), [['cells[0]', 'notes before the first slide belong to no slide: reveal.js does not show them']]);
  });

  it('writes slideshow.data as data-* attributes, escaped', async () => {
    const { doc } = await deck([md('a', slide('slide', { data: { background_color: '#eee', state: '"><script>' } })), md('b', slide('fragment', { data: { fragment_index: 1 } }))]);
    const [outer, inner] = $$(doc, 'section');
    assert.equal(outer!.attribs['data-background-color'], '#eee');
    assert.equal(inner!.attribs['data-state'], '"><script>');
    assert.equal($(doc, 'div.fragment')!.attribs['data-fragment-index'], '1');
    assert.equal($$(doc, '.slides script').length, 0);
  });

  it('uses nbx\'s title and renders math with KaTeX', async () => {
    const { doc, html } = await deck([md('# My talk\n\n$e^{i\\pi} = -1$')]);
    assert.equal(text($(doc, 'title')), 'My talk');
    assert.ok($(doc, '.katex'));
    assert.match(html, /@font-face\{[^}]*font-family:KaTeX_Main/);
  });

  it('--no-input, --no-prompt and cell tags work as in HTML', async () => {
    const cellsJson = [md('# T', slide('slide')), code('secret_code()', [stream('shown\n')], { execution_count: 3 }), md('gone', { metadata: { tags: ['remove_cell'] } })];
    const plain = await deck(cellsJson);
    assert.match(text(plain.doc), /In\s\[3\]:/);
    const noInput = await deck(cellsJson, { noInput: true });
    assert.ok(!text(noInput.doc).includes('secret_code'));
    assert.match(text(noInput.doc), /shown/);
    const noPrompt = await deck(cellsJson, { noPrompt: true });
    assert.ok(!text(noPrompt.doc).includes('In\u00a0['));
    assert.ok(!text(plain.doc).includes('gone'));
  });

  it('--sanitize: the only scripts are reveal.js\'s own (generated injection notebook)', async () => {
    const file = generated('inject.ipynb');
    const r = await convert(readFileSync(file), { to: 'slides', file, sanitize: true });
    const doc = parseDocument(r.content as string);
    assert.equal($$(doc, 'script:not([type*="json"])').length, 4, 'reveal.js, the notes plugin, Reveal.initialize, fit.js');
    assert.equal($$(doc, '.slides script, .slides iframe').length, 0);
    assert.equal($$(doc, '*').filter((el) => Object.keys(el.attribs).some((a) => a.startsWith('on'))).length, 0);
  });

  it('a notebook with no visible cell is an error naming the file', async () => {
    await assert.rejects(
      convert(notebook([md('x', slide('skip'))]), { to: 'slides', file: 'nb.ipynb' }),
      (e: unknown) => e instanceof NbxError && e.message === 'nb.ipynb: cells: every cell is "skip" or "notes": there is no slide to show',
    );
  });
});

describe('--reveal-* options', () => {
  const config = (html: string) => JSON.parse(/Reveal\.initialize\(Object\.assign\((\{.*?\}), \{ plugins/.exec(html)![1]!) as Json;

  it('defaults: slide transition, no numbers, reveal.js\'s size', async () => {
    const c = config((await deck([md('a')])).html);
    assert.deepEqual(c, { controls: true, progress: true, history: true, transition: 'slide', slideNumber: false });
  });

  it('transition, number, width and height go into Reveal.initialize', async () => {
    const { html } = await deck([md('a')], { reveal: { transition: 'fade', number: 'c/t', width: 1280, height: '100%' } });
    assert.deepEqual(config(html), { controls: true, progress: true, history: true, transition: 'fade', slideNumber: 'c/t', width: 1280, height: '100%' });
  });

  it('--reveal-scroll lets tall slides scroll', async () => {
    const { doc, html } = await deck([md('a')], { reveal: { scroll: true } });
    assert.ok($(doc, '.reveal.nbx-scroll'));
    assert.match(html, /\.reveal\.nbx-scroll \.slides > section/);
  });

  it('themes: white by default, black with --theme dark, any reveal.js theme by name', async () => {
    const themeCss = async (options: Partial<ConvertOptions>) => text($((await deck([md('a')], options)).doc, 'style#theme'));
    assert.match(await themeCss({}), /--r-background-color:\s*#fff/);
    assert.match(await themeCss({ theme: 'dark' }), /--r-background-color:\s*#191919/);
    assert.match(await themeCss({ reveal: { theme: 'serif' } }), /Palatino/);
  });

  it('themes that import web fonts keep the import only with --cdn', async () => {
    const css = async (options: Partial<ConvertOptions>) => text($((await deck([md('a')], options)).doc, 'style#theme'));
    assert.doesNotMatch(await css({ reveal: { theme: 'simple' } }), /@import/);
    assert.match(await css({ reveal: { theme: 'simple' }, cdn: true }), /@import "https:\/\/fonts\.googleapis\.com/);
  });

  it('unknown theme, transition or number format is a usage error', async () => {
    for (const reveal of [{ theme: 'nope' }, { transition: 'spin' }, { number: 'x' }, { width: -3 }]) {
      await assert.rejects(deck([md('a')], { reveal }), (e: unknown) => e instanceof NbxError && e.exitCode === 2);
    }
  });

  it('--reveal-prefix links reveal.js from there instead of inlining it', async () => {
    const { doc, html } = await deck([md('a')], { reveal: { prefix: 'https://unpkg.com/reveal.js@6.0.2/', theme: 'sky' } });
    assert.deepEqual($$(doc, 'link[href]').map((l) => l.attribs.href), [
      'https://unpkg.com/reveal.js@6.0.2/dist/reveal.css',
      'https://unpkg.com/reveal.js@6.0.2/dist/theme/sky.css',
    ]);
    assert.deepEqual($$(doc, 'script[src]').map((s) => s.attribs.src), [
      'https://unpkg.com/reveal.js@6.0.2/dist/reveal.js',
      'https://unpkg.com/reveal.js@6.0.2/dist/plugin/notes.js',
    ]);
    assert.ok(html.length < 150_000, 'reveal.js is not inlined');
  });

  it('the CLI passes the flags through, and rejects bad ones', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nbx-slides-'));
    const r = nbx(['convert', fixture('tour.ipynb'), '--to', 'slides', '--output-dir', dir, '--reveal-transition', 'zoom', '--reveal-number', 'h.v',
      '--reveal-width', '1200', '--reveal-height', '90%', '--reveal-scroll', '--reveal-theme', 'black']);
    assert.equal(r.code, 0, r.stderr);
    const html = readFileSync(path.join(dir, 'tour.slides.html'), 'utf8');
    assert.deepEqual(config(html), { controls: true, progress: true, history: true, transition: 'zoom', slideNumber: 'h.v', width: 1200, height: '90%' });
    assert.equal(nbx(['convert', fixture('tour.ipynb'), '--to', 'slides', '--output-dir', dir, '--reveal-transition', 'spin']).code, 2);
    assert.equal(nbx(['convert', fixture('tour.ipynb'), '--to', 'slides', '--output-dir', dir, '--reveal-width', 'wide']).code, 2);
    const badTheme = nbx(['convert', fixture('tour.ipynb'), '--to', 'slides', '--output-dir', dir, '--reveal-theme', 'nope']);
    assert.equal(badTheme.code, 2);
    assert.match(badTheme.stderr, /unknown reveal\.js theme "nope": choose one of .*white/);
  });
});

describe('inlined scripts', () => {
  it('cannot end or confuse their <script> element', () => {
    assert.equal(inlineScript('a = "</script>"; b = `<!--`; c = /<script>/'), 'a = "\\x3C/script>"; b = `\\x3C!--`; c = /\\x3Cscript>/');
    // eslint-disable-next-line no-eval
    assert.equal(eval(inlineScript('`<!-- <script></script>`')), '<!-- <script></script>');
  });
});
