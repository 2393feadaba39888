// Notebook markdown → LaTeX from markdown-it tokens: each construct, raw HTML,
// images, and inputs meant to break the document (which must stay compilable).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Diagnostics } from '../src/errors.js';
import { OutputFiles } from '../src/formats/output-files.js';
import { removeMath } from '../src/markdown/math-extract.js';
import { markdownToLatex } from '../src/formats/latex/markdown.js';
import { mergeLtrRuns } from '../src/formats/latex/markdown-inline.js';
import { MathUsage } from '../src/formats/latex/math.js';
import type { MimeBundle } from '../src/notebook/model.js';
import { ScriptUsage } from '../src/formats/latex/escape.js';

const PNG = new Uint8Array(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64'));

function render(source: string, opts: { attachments?: Record<string, MimeBundle>; baseDir?: string | null; confine?: boolean } = {}) {
  const diag = new Diagnostics('nb.ipynb');
  const files = new OutputFiles('nb');
  const svgs: string[] = [];
  const math = new MathUsage();
  const scripts = new ScriptUsage();
  const result = markdownToLatex(removeMath(source), {
    diag, where: 'cells[0]', attachments: opts.attachments ?? {}, baseDir: opts.baseDir ?? null, confine: opts.confine ?? false,
    files, scripts, math, usedIds: new Set(),
    svg: { request: (svg, _place, fallback) => (svgs.push(svg), fallback()) },
  });
  return { ...result, warnings: diag.warnings.map((w) => w.message), files: files.files, svgs, math, scripts };
}
const latex = (source: string) => render(source).latex;

describe('markdown to LaTeX: blocks', () => {
  it('makes headings sections with JupyterLab ids as labels', () => {
    assert.equal(latex('# Intro *one*\n\n## Two\n\n#### Four\n\n###### Six'),
      '\\section{Intro \\emph{one}}\\label{Intro-one}\n\n\\subsection{Two}\\label{Two}\n\n\\paragraph{Four}\\label{Four}\n\n\\subparagraph{Six}\\label{Six}');
  });

  it('reports the first heading, and the rest when the cell opens with it', () => {
    const r = render('# Title\n\nText');
    assert.equal(r.heading, 'Title');
    assert.equal(r.afterLeadingHeading, '\\nbxanchor{Title}\n\nText');
    const later = render('Text\n\n# Title');
    assert.equal(later.heading, 'Title');
    assert.equal(later.afterLeadingHeading, null);
  });

  it('renders lists, nested, with the start number of ordered ones', () => {
    assert.equal(latex('- a\n  - b\n- c'), '\\begin{itemize}\n\\item{} a\n\\begin{itemize}\n\\item{} b\n\\end{itemize}\n\\item{} c\n\\end{itemize}');
    assert.equal(latex('3. x\n4. y'), '\\begin{enumerate}\n\\setcounter{enumi}{2}\n\\item{} x\n\\item{} y\n\\end{enumerate}');
  });

  it('degrades lists deeper than LaTeX allows to indented paragraphs', () => {
    const deep = Array.from({ length: 8 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n');
    const out = latex(deep);
    assert.equal(out.match(/\\begin\{itemize\}/g)!.length, 4);
    assert.match(out, /\\textbullet\{\}~level 4/);
  });

  it('renders quotes, rules and code blocks', () => {
    assert.equal(latex('> a\n>\n> > b'), '\\begin{quote}\na\n\n\\begin{quote}\nb\n\\end{quote}\n\\end{quote}');
    assert.equal(latex('---'), '\\nbxrule');
    assert.equal(latex('```python\nx = {1}  # c\n```'), '\\begin{nbxcodeblock}\nx = \\{\\nbxhl{number}{1}\\}  \\nbxhl{comment}{# c}\n\\end{nbxcodeblock}');
    assert.equal(latex('    indented $x$ \\y'), '\\begin{nbxcodeblock}\nindented $x$ \\textbackslash{}y\n\\end{nbxcodeblock}');
  });

  it('renders tables as longtable with booktabs rules and the columns aligned', () => {
    assert.equal(latex('| a | b | c |\n|:--|:-:|--:|\n| 1 | $x$ | `y` |'),
      '\\begin{longtable}{@{}lcr@{}}\n\\toprule\na & b & c \\\\\n\\midrule\n\\endhead\n1 & $x$ & \\nbxcode{y} \\\\\n\\bottomrule\n\\end{longtable}');
  });

  it('gives wide tables paragraph columns so they wrap', () => {
    const long = 'word '.repeat(30).trim();
    assert.match(latex(`| a | b |\n|---|---|\n| ${long} | x |`), /\{@\{\}>\{\\raggedright\\arraybackslash\}p\{\\dimexpr 0\.9\d+\\linewidth-2\\tabcolsep\\relax\}/);
  });
});

describe('markdown to LaTeX: inline', () => {
  it('escapes text and keeps emphasis, strong, strikethrough and code', () => {
    assert.equal(latex('*a* **b** ~~c~~ `d_e{}` 50% & #1'), '\\emph{a} \\textbf{b} \\sout{c} \\nbxcode{d\\_e\\{\\}} 50\\% \\& \\#1');
  });

  it('makes links \\href, and links to a heading \\hyperref', () => {
    assert.equal(latex('[x](https://a.org/b_c#d) [y](#Some-heading) <https://e.org>'),
      '\\href{https://a.org/b\\_c\\#d}{x} \\hyperref[Some-heading]{y} \\href{https://e.org}{https://e.org}');
  });

  it('keeps math as written, inline in headings and table cells', () => {
    assert.equal(latex('a $x$ b\n\n$$\\sum$$'), 'a $x$ b\n\n\\[\\sum\\]');
    assert.equal(latex('# $$x$$'), '\\section{\\texorpdfstring{$\\displaystyle x$}{x}}\\label{$$x$$}'.replace('$$x$$', '+24+24x+24+24'));
  });

  it('never lets markdown unbalance the document', () => {
    for (const evil of ['\\end{document}', '}}}{{{', '\\begin{itemize}', '\\input{/etc/passwd}', '\\def\\x{', '%comment']) {
      const out = latex(evil);
      assert.ok(!/(^|[^\\])\\(end|begin|input|def)\b/.test(out.replace(/\\textbackslash\{\}/g, '')), `${evil} → ${out}`);
    }
    assert.equal(latex('\\end{document}'), '\\textbackslash{}end\\{document\\}');
  });

  it('turns hard breaks into \\\\, but never at the start of a paragraph', () => {
    assert.equal(latex('a  \nb'), 'a\\\\\nb');
    assert.equal(latex('<br>a'), 'a');
    assert.equal(latex('a<br>b'), 'a\\\\b');
  });
});

describe('markdown to LaTeX: raw HTML', () => {
  it('maps formatting tags to commands, always balanced', () => {
    assert.equal(latex('x <b>bold <i>both</b> italic</i> y'), 'x \\textbf{bold \\emph{both}} italic y');
    assert.equal(latex('<i>never closed'), '\\emph{never closed}');
    assert.equal(latex('stray </b> close'), 'stray  close');
    assert.equal(latex('H<sub>2</sub>O <code>x_y</code>'), 'H\\textsubscript{2}O \\nbxcode{x\\_y}');
  });

  it('makes <a href> links, except script and file links', () => {
    assert.equal(latex('<a href="https://x.org">x</a> <a href="javascript:alert(1)">y</a> <a name="top"></a>'),
      '\\href{https://x.org}{x} y \\nbxanchor{top}');
  });

  it('drops other tags, keeps their text, and warns once per cell', () => {
    const r = render('a <span style="x">b</span> <font>c</font>');
    assert.equal(r.latex, 'a b c');
    assert.deepEqual(r.warnings, ['raw HTML has no LaTeX form; dropped, text kept: <font>, <span>']);
  });

  it('keeps the text of HTML blocks as paragraphs, without script or style content', () => {
    const r = render('<div align="center">\n  <p>First <b>bold</b> text<br>\n  next line</p>\n  <script>alert(1)</script><style>p{}</style>\n  <p>Second * not a list</p>\n</div>');
    assert.equal(r.latex, 'First \\textbf{bold} text\\\\\nnext line\n\nSecond * not a list');
  });

  it('reads right-to-left paragraphs from HTML blocks', () => {
    const r = render('<p dir="rtl">\n    שלום <var>x</var> עולם\n</p>');
    assert.equal(r.latex, '\\begin{nbxrtl}\n\\nbxRTL{\\nbxfontHebrew{שלום} \\emph{\\nbxLTR{x}} \\nbxfontHebrew{עולם}}\n\\end{nbxrtl}');
  });

  it('merges left-to-right pieces of a right-to-left paragraph into one run', () => {
    assert.equal(mergeLtrRuns('א \\nbxLTR{with words} \\nbxLTR{\\nbxcode{code}}.'), 'א \\nbxLTR{with words \\nbxcode{code}}.');
    assert.equal(mergeLtrRuns('\\nbxLTR{a} ב \\nbxLTR{b}'), '\\nbxLTR{a} ב \\nbxLTR{b}');
  });
});

describe('markdown to LaTeX: images', () => {
  it('extracts attachments into nb_files and includes them', () => {
    const r = render('![alt](attachment:pic.png)', { attachments: { 'pic.png': { 'image/png': PNG } } });
    assert.equal(r.latex, '\\begin{center}\n\\nbximage{nb_files/pic.png}\n\\end{center}');
    assert.deepEqual(r.files.map((f) => f.path), ['nb_files/pic.png']);
  });

  it('sends SVG to the converter, and shows the alt text of what LaTeX cannot include', () => {
    const r = render('![s](attachment:a.svg) ![g](attachment:b.gif) ![m](attachment:missing.png)', {
      attachments: { 'a.svg': { 'image/svg+xml': '<svg/>' }, 'b.gif': { 'image/gif': new Uint8Array([0x47, 0x49, 0x46]) } },
    });
    assert.deepEqual(r.svgs, ['<svg/>']);
    assert.equal(r.latex, '\\nbximagealt{s} \\nbximagealt{g} \\nbximagealt{m}');
    assert.equal(r.warnings.length, 2);
  });

  it('copies local images beside the notebook, links remote ones, warns for missing ones', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nbx-latex-'));
    writeFileSync(path.join(dir, 'figure one.png'), PNG);
    writeFileSync(path.join(dir, 'fake.png'), 'not a png');
    const r = render('![a](figure%20one.png) ![b](https://x.org/i.png) ![c](nope.png) ![d](fake.png)', { baseDir: dir });
    assert.equal(r.latex, '\\nbximage{nb_files/figure one.png} \\href{https://x.org/i.png}{\\nbximagealt{b}} \\nbximagealt{c} \\nbximagealt{d}');
    assert.equal(r.warnings.length, 3);
    const confined = render('![a](../secret.png)', { baseDir: dir, confine: true });
    assert.match(confined.warnings[0]!, /outside the notebook's folder/);
  });

  it('takes images from HTML <img> tags too', () => {
    const r = render('<img src="attachment:p.png" alt="x"></img>', { attachments: { 'p.png': { 'image/png': PNG } } });
    assert.equal(r.latex, '\\begin{center}\n\\nbximage{nb_files/p.png}\n\\end{center}');
    assert.deepEqual(r.warnings, []);
  });
});

describe('markdown to LaTeX: worst cases', () => {
  it('renders deeply nested and huge input in linear time (CPU time: other processes do not count)', () => {
    const start = process.cpuUsage();
    latex('>'.repeat(500) + ' deep');
    latex('- '.repeat(200) + 'x');
    latex(('*a* `b` $c$ [d](e) ').repeat(5000));
    latex('|a|b|\n|-|-|\n' + '|x|y|\n'.repeat(5000));
    const { user, system } = process.cpuUsage(start);
    assert.ok((user + system) / 1000 < 5000);
  });
});
