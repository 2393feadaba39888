import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { Diagnostics } from '../src/errors.js';
import { mathDelimiters, removeMath, replaceMath } from '../src/markdown/math-extract.js';
import { loadKatex, MathRenderer } from '../src/markdown/math-render.js';
import { notebookText } from './notebooks/index.js';
import { MATH_SAMPLES } from './notebooks/text.js';

before(loadKatex);

describe('removeMath: what Jupyter treats as math', () => {
  const cases: Array<[string, string, string[]]> = [
    ['inline $', 'a $x^2$ b', ['$x^2$']],
    ['display $$', 'a $$\\int f$$ b', ['$$\\int f$$']],
    ['environment', '\\begin{align}a&=b\\end{align}', ['\\begin{align}a&=b\\end{align}']],
    ['starred environment', 'x \\begin{align*}a\\end{align*} y', ['\\begin{align*}a\\end{align*}']],
    ['markdown-escaped \\\\( \\\\)', 'a \\\\(x\\\\) b', ['\\\\(x\\\\)']],
    ['markdown-escaped \\\\[ \\\\]', 'a \\\\[x\\\\] b', ['\\\\[x\\\\]']],
    // JupyterLab pairs any two `$` in a paragraph: this *is* math in Jupyter.
    ['currency', 'costs $5 and $10', ['$5 and $']],
    ['braces protect a $', '$a{$}b$', ['$a{$}b$']],
    ['$ inside $$ is text', '$$a$ b$$', ['$$a$ b$$']],
    ['bare \\eqref (MathJax processRefs)', 'see \\eqref{a}.', ['\\eqref{a}']],
  ];
  for (const [name, input, math] of cases) {
    test(name, () => assert.deepEqual(removeMath(input).math, math));
  }

  test('the placeholder replaces the chunk', () => {
    assert.equal(removeMath('costs $5 and $10').text, 'costs @@0@@10');
    assert.equal(removeMath('$a$ and $$b$$').text, '@@0@@ and @@1@@');
  });

  test('escaped \\$ is not math', () => {
    assert.deepEqual(removeMath('\\$5 and \\$10').math, []);
  });

  test('single-backslash \\( is not math (markdown eats the backslash, as in Jupyter)', () => {
    assert.deepEqual(removeMath('a \\(x\\) b').math, []);
  });

  test('$ in code spans stays literal', () => {
    const r = removeMath('`$x$` and `$y` then $z$');
    assert.deepEqual(r.math, ['$z$']);
    assert.equal(r.text, '`$x$` and `$y` then @@0@@');
  });

  test('math-looking text in fenced code stays literal (backticks and tildes)', () => {
    const r = removeMath('```latex\n$x$\n\\begin{equation}a\\end{equation}\n```\n$y$\n~~~\n$w$\n~~~\n');
    assert.deepEqual(r.math, ['$y$']);
  });

  test('\\eqref in a code span is not a reference', () => {
    assert.deepEqual(removeMath('use `\\eqref{a}` to get \\eqref{a}').math, ['\\eqref{a}']);
  });

  test('nested environments of the same name are one chunk', () => {
    const env = '\\begin{array}{c}\\begin{array}{c}a\\end{array}\\\\b\\end{array}';
    assert.deepEqual(removeMath(`${env} z`).math, [env]);
  });

  test('unbalanced $ is text', () => {
    assert.deepEqual(removeMath('a $b').math, []);
    assert.deepEqual(removeMath('$$a').math, []);
  });

  test('math does not cross a blank line', () => {
    assert.deepEqual(removeMath('a $b\n\nc$ d').math, []);
    assert.deepEqual(removeMath('$$a\n\nb$$').math, []);
    assert.deepEqual(removeMath('$a\nb$').math, ['$a\nb$']);
  });

  test('CRLF becomes LF', () => {
    assert.deepEqual(removeMath('x\r\n$a\r\nb$').math, ['$a\nb$']);
  });

  test('placeholder-looking text is kept, also inside math', () => {
    const r = removeMath('$a @@7@@ b$ @@3@@');
    assert.equal(replaceMath(r.text, r.math), '$a @@7@@ b$ @@3@@');
    assert.ok(r.math.includes('$a @@7@@ b$'));
  });
});

describe('replaceMath', () => {
  const samples = [
    'costs $5 and $10',
    'a $x$ b $$y$$ \\begin{align*}z\\end{align*} \\\\(p\\\\) \\\\[q\\\\]',
    '`$x$` ~~ ~ and ```\n$$\n```\n$y$ ~T ~D ~B',
    '$a @@7@@ b$ @@3@@ @@0@@',
    '\\$5 \\eqref{x} $x {a$ b',
    '# Title $\\alpha$\n\n- item $\\beta$\n\n    $code$\n',
  ];
  for (const sample of samples) {
    test(`round-trips ${JSON.stringify(sample).slice(0, 40)}`, () => {
      const r = removeMath(sample);
      assert.equal(replaceMath(r.text, r.math), sample);
    });
  }

  test('round-trips every markdown cell of the generated notebooks', () => {
    for (const file of NOTEBOOKS) {
      for (const { source } of markdownCells(file)) {
        const r = removeMath(source);
        assert.equal(replaceMath(r.text, r.math), source.replace(/\r\n?/g, '\n'), file);
      }
    }
  });

  const md = new MarkdownIt('default', { html: true, linkify: true });
  const renderMarked = (source: string): string => {
    const r = removeMath(source);
    return replaceMath(md.render(r.text), r.math, (chunk, i) => `<M${i}>`);
  };

  test('the placeholder survives markdown-it', () => {
    assert.equal(renderMarked('*a* $x$ **b** _$y$_'), '<p><em>a</em> <M0> <strong>b</strong> <em><M1></em></p>\n');
  });

  test('indented code and attributes get the escaped source, not rendered math', () => {
    const html = renderMarked('    $x<y$ code\n\ntext $y$\n\n![$z$](i.png "$w&$")');
    assert.match(html, /<pre><code>\$x&lt;y\$ code/);
    assert.match(html, /text <M1>/);
    assert.match(html, /alt="\$z\$" title="\$w&amp;\$"/);
  });
});

describe('mathDelimiters', () => {
  const cases: Array<[string, string, boolean]> = [
    ['$$x$$', 'x', true],
    ['\\[x\\]', 'x', true],
    ['\\\\[x\\\\]', 'x', true],
    ['$x$', 'x', false],
    ['\\(x\\)', 'x', false],
    ['\\\\(x\\\\)', 'x', false],
    ['\\begin{align*}a\\end{align*}', '\\begin{align*}a\\end{align*}', true],
  ];
  for (const [chunk, tex, display] of cases) {
    test(chunk, () => assert.deepEqual(mathDelimiters(chunk), { tex, display }));
  }
});

/** A renderer prepared with `chunks`, rendering them all in order. */
function renderAll(chunks: string[]): { html: string[]; diag: Diagnostics; renderer: MathRenderer } {
  const diag = new Diagnostics('test.ipynb');
  const renderer = new MathRenderer(diag);
  renderer.prepare(chunks);
  const html = chunks.map((chunk, i) => renderer.render(chunk, `cells[${i}]`));
  return { html, diag, renderer };
}

const one = (chunk: string): string => renderAll([chunk]).html[0] as string;
const hrefOf = (html: string): string => (/<a href="#([^"]+)"/.exec(html) ?? [])[1] ?? '';

describe('MathRenderer', () => {
  test('inline and display KaTeX HTML', () => {
    const { html, renderer } = renderAll(['$x^2$', '$$\\int f$$']);
    assert.match(html[0] as string, /^<span class="katex">/);
    assert.match(html[1] as string, /^<span class="katex-display">/);
    assert.match(html[0] as string, /<math/); // htmlAndMathml
    assert.equal(renderer.used, true);
  });

  test('used stays false without math', () => {
    assert.equal(new MathRenderer(new Diagnostics()).used, false);
  });

  test('\\newcommand in one chunk serves later chunks', () => {
    const { html, diag } = renderAll(['$\\newcommand{\\vv}[1]{\\mathbf{#1}}$', '$\\vv{x}$']);
    assert.match(html[1] as string, /mathbf/);
    assert.deepEqual(diag.warnings, []);
  });

  test('\\newcommand may redefine an existing command (as in MathJax)', () => {
    const { html, diag } = renderAll(['$\\newcommand{\\R}{\\mathcal{Q}}$', '$\\R$', '$\\renewcommand{\\brandnew}{z}\\brandnew$']);
    assert.match(html[1] as string, /mathcal">Q</);
    assert.match(html[2] as string, /mathnormal"[^>]*>z</);
    assert.deepEqual(diag.warnings, []);
  });

  test('a failed chunk leaves no half-made definitions', () => {
    const { html, diag } = renderAll(['$\\newcommand{\\half}{1}\\nosuchthing$', '$\\half$']);
    assert.match(html[1] as string, /nbx-math-error/);
    assert.equal(diag.warnings.length, 2);
  });

  test('mhchem', () => {
    assert.match(one('$\\ce{H2O}$'), /class="katex"/);
    assert.doesNotMatch(one('$\\ce{H2O}$'), /nbx-math-error/);
  });

  test('eqnarray renders, numbered unless starred', () => {
    const { html, diag } = renderAll([
      '$$\\begin{eqnarray}a &=& b \\\\ c &=& d \\nonumber \\\\ e &=& f\\end{eqnarray}$$',
      '\\begin{eqnarray*}x &=& y\\end{eqnarray*}',
    ]);
    assert.deepEqual(diag.warnings, []);
    assert.deepEqual(visibleTags(html[0] as string), ['(1)', '(2)']);
    assert.deepEqual(visibleTags(html[1] as string), []);
  });

  test('numbers are explicit tags, never KaTeX CSS counters', () => {
    const { html } = renderAll(['\\begin{equation}a\\end{equation}', '$\\begin{align}b\\\\c\\end{align}$', '\\begin{align*}d\\end{align*}']);
    for (const h of html) assert.doesNotMatch(h, /eqn-num/);
    assert.deepEqual(html.map(visibleTags), [['(1)'], ['(2)', '(3)'], []]);
  });

  test('\\label + \\eqref/\\ref link to the anchor with the same number, even before the label', () => {
    const { html, diag } = renderAll([
      '\\eqref{lorenz}',
      '\\begin{equation}x\\end{equation}',
      '\\begin{equation}y \\label{lorenz}\\end{equation}',
      '$\\text{see } \\ref{lorenz}$',
    ]);
    assert.deepEqual(diag.warnings, []);
    const anchor = /id="(eq-[^"]+)"/.exec(html[2] as string)?.[1];
    assert.equal(anchor, 'eq-lorenz');
    assert.equal(hrefOf(html[0] as string), anchor);
    assert.equal(hrefOf(html[3] as string), anchor);
    assert.deepEqual(visibleTags(html[2] as string), ['(2)']);
    assert.match(html[0] as string, /<a href="#eq-lorenz">.*\(2\)/);
    assert.match(html[3] as string, /<a href="#eq-lorenz">.*>2</);
  });

  test('several environments in one chunk are numbered in reading order', () => {
    const { html } = renderAll(['$$\\begin{equation}a\\end{equation} \\begin{equation}b\\end{equation}$$']);
    assert.deepEqual(visibleTags(html[0] as string), ['(1)', '(2)']);
  });

  test('a prepared chunk never rendered (indented code) leaves numbers and refs consistent', () => {
    const diag = new Diagnostics();
    const renderer = new MathRenderer(diag);
    const labelled = '\\begin{equation}z\\label{x}\\end{equation}';
    renderer.prepare(['\\begin{equation}a\\end{equation}', '\\begin{equation}in code\\end{equation}', '$q$', labelled]);
    renderer.render('\\begin{equation}a\\end{equation}', 'cells[0]');
    renderer.render('$q$', 'cells[1].outputs[0]'); // not prepared: an output
    const equation = renderer.render(labelled, 'cells[2]');
    const ref = renderer.render('\\eqref{x}', 'cells[3]');
    assert.deepEqual(visibleTags(equation), ['(3)']);
    assert.match(ref, /<a href="#eq-x">.*\(3\)/);
    assert.deepEqual(diag.warnings, []);
  });

  test('a label defined twice: first wins, one warning', () => {
    const { html, diag } = renderAll(['$$a\\label{d}$$', '$$b\\label{d}$$', '\\ref{d}']);
    assert.match(html[2] as string, />1</);
    assert.deepEqual(diag.warnings.map((w) => w.path), ['cells[1]']);
  });

  test('multline, \\DeclareMathOperator, \\require', () => {
    const { html, diag } = renderAll([
      '\\begin{multline}a+b\\\\+c\\end{multline}',
      '$\\DeclareMathOperator{\\sgn}{sgn}\\sgn x$',
      '$$\\require{cancel}\\cancel{x}$$',
    ]);
    assert.deepEqual(diag.warnings, []);
    assert.deepEqual(visibleTags(html[0] as string), ['(1)']);
  });

  test('a literal @@N@@ written in the source is not math', () => {
    assert.equal(one('@@3@@'), '@@3@@');
  });

  test('\\tag is kept and is what \\eqref shows', () => {
    const { html } = renderAll(['$$a \\tag{99.4} \\label{p}$$', '\\eqref{p}']);
    assert.deepEqual(visibleTags(html[0] as string), ['(99.4)']);
    assert.match(html[1] as string, /\(99\.4\)/);
  });

  test('unknown label: (???) and a warning', () => {
    const { html, diag } = renderAll(['\\eqref{nowhere}']);
    assert.match(html[0] as string, /\(\?\?\?\)/);
    assert.deepEqual(diag.warnings.map((w) => w.message), ['unknown equation label "nowhere"']);
  });

  test('inline $\\begin{align}…$ is shown as display math', () => {
    assert.match(one('$\\begin{align*}a&=b\\end{align*}$'), /^<span class="katex-display">/);
  });

  test('unknown command: error span, one warning, no throw', () => {
    const diag = new Diagnostics('t.ipynb');
    const renderer = new MathRenderer(diag);
    const html = renderer.render('$a<\\nosuchcommand$', 'cells[4]');
    assert.match(html, /^<span class="nbx-math-error" title="[^"<>]*nosuchcommand[^"<>]*">\$a&lt;\\nosuchcommand\$<\/span>$/);
    assert.deepEqual(diag.warnings, [
      { file: 't.ipynb', path: 'cells[4]', message: 'math not rendered: Undefined control sequence: \\nosuchcommand' },
    ]);
    assert.equal(renderer.used, false);
    assert.match(renderer.render('$$\\nosuchcommand$$', 'cells[5]'), /^<span class="nbx-math-error nbx-math-display"/);
  });

  test('no javascript: links, no foreign ids, no \\url', () => {
    const { html } = renderAll([
      '$\\href{javascript:alert(1)}{x}$',
      '$\\href{ javascript:alert(1)}{x}$',
      '$\\url{javascript:alert(1)}$',
      '$\\htmlId{clobber}{x}$',
      '$\\href{#fine}{x}$',
    ]);
    const all = html.join('\n');
    assert.doesNotMatch(all, /href="\s*javascript/i);
    assert.doesNotMatch(all, /id="clobber"/);
    assert.match(html[4] as string, /<a href="#fine">/);
  });

  test('KaTeX never writes to the console', () => {
    const original = console.log;
    const calls: unknown[] = [];
    console.log = (...args: unknown[]) => calls.push(args);
    try {
      renderAll(['$\\message{hello}\\show\\x x$', '$é \\text{ü}$']);
    } finally {
      console.log = original;
    }
    assert.deepEqual(calls, []);
  });

  test('deterministic', () => {
    const chunks = ['$\\def\\a{1}\\a$', '\\eqref{q}', '$$x\\label{q}$$', '$\\foo$', '$\\a$'];
    assert.deepEqual(renderAll(chunks).html, renderAll(chunks).html);
  });

  test('300 formulas well under a second', () => {
    renderAll(['$x$']); // warm up KaTeX
    const chunks = Array.from({ length: 300 }, (_, i) =>
      i % 3 ? `$x_{${i % 40}} + \\frac{a}{b}$` : `$$\\int_0^{${i}} f(x)\\,dx = \\sum_k a_k$$`,
    );
    const start = process.cpuUsage(); // CPU time: other processes on the machine do not count
    renderAll(chunks);
    const { user, system } = process.cpuUsage(start);
    assert.ok((user + system) / 1000 < 1000);
  });
});

// ---- notebooks written here (the corpus: corpus/math.test.ts) --------------

/** The equation numbers a reader sees, e.g. ['(1)', '(2)']. */
function visibleTags(html: string): string[] {
  const visual = html.replace(/<span class="katex-mathml">[\s\S]*?<\/math><\/span>/g, '');
  // Each tag column's text starts with its tags: "(1)(2)…", then other math.
  return visual
    .split('<span class="katex-tag">')
    .slice(1)
    .flatMap((column) => /^(?:\([^()]*\))+/.exec(column.replace(/<[^>]*>|\u200b/g, ''))?.[0].match(/\([^()]*\)/g) ?? []);
}


const NOTEBOOKS = ['math.ipynb', 'i18n.ipynb', 'inject.ipynb', 'slides.ipynb', 'v3.ipynb'];

function markdownCells(file: string): Array<{ index: number; source: string }> {
  const nb = JSON.parse(notebookText(file));
  const cells: Array<{ cell_type: string; source: string | string[] }> = nb.cells ?? nb.worksheets.flatMap((w: { cells: unknown[] }) => w.cells);
  return cells.flatMap((cell, index) =>
    cell.cell_type === 'markdown'
      ? [{ index, source: Array.isArray(cell.source) ? cell.source.join('') : cell.source }]
      : [],
  );
}

describe('generated notebooks', () => {
  test('math.ipynb: every chunk renders, \\eqref before and after its \\label, macros from another cell, no warning', () => {
    const diag = new Diagnostics('math.ipynb');
    const renderer = new MathRenderer(diag);
    const cells = markdownCells('math.ipynb').map((c) => ({ ...c, math: removeMath(c.source).math }));
    const chunks = cells.flatMap((c) => c.math);
    renderer.prepare(chunks);
    const html: string[] = [];
    for (const cell of cells) for (const chunk of cell.math) html.push(renderer.render(chunk, `cells[${cell.index}]`));
    assert.deepEqual(html.filter((h) => h.includes('nbx-math-error')), []);
    assert.deepEqual(diag.warnings, []);
    // (`\\[` is a markdown escape, as in Jupyter: of the cases sample only the environment is math.)
    for (const [name, sample] of Object.entries(MATH_SAMPLES)) assert.ok(chunks.some((c) => c.length > 10 && sample.includes(c)), `${name} is extracted as math`);
    assert.ok(!chunks.some((c) => c.includes('$HOME')), 'dollars in code stay code');
    const all = html.join('');
    // align numbers its 3 lines, eqnarray 2, the labelled equation 1 (not equation*; code blocks are not math).
    assert.deepEqual(visibleTags(all).slice(0, 6), ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)']);
    const refs = [...all.matchAll(/<a[^>]*href="#[^"]*"[^>]*>[\s\S]*?<\/a>/g)].map((m) => m[0].replace(/<[^>]*>/g, ''));
    assert.ok(refs.filter((r) => r.includes('6')).length >= 2, `\\eqref and \\ref to (6): ${refs.join(' ')}`);
  });
});
