// The pieces of the LaTeX export, one by one: escaping, fonts for scripts,
// Verbatim bodies, ANSI and highlighting, and math put back as LaTeX.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mathToLatex, MathUsage } from '../src/formats/latex/math.js';
import { ansiSegments } from '../src/formats/latex/ansi.js';
import { highlightSegments } from '../src/formats/latex/highlight.js';
import { escapeLatex, escapeUrl, escapeVerbatim, latexLabel, latexPath, ScriptUsage } from '../src/formats/latex/escape.js';
import { paragraphDirection } from '../src/formats/latex/scripts.js';
import { verbatimBody } from '../src/formats/latex/verbatim.js';

describe('LaTeX escaping', () => {
  it('escapes every special character, and < > | too', () => {
    assert.equal(
      escapeLatex('# $ % & ~ _ ^ \\ { } < > | `'),
      '\\# \\$ \\% \\& \\textasciitilde{} \\_ \\textasciicircum{} \\textbackslash{} \\{ \\} \\textless{} \\textgreater{} \\textbar{} \\textasciigrave{}',
    );
  });

  it('breaks the ligatures TeX fonts make of -- and quotes', () => {
    assert.equal(escapeLatex('a--b---c'), 'a-{}-b-{}-{}-c');
    assert.equal(escapeLatex("''x'' ,,"), "'{}'x'{}' ,{},");
  });

  it('drops control characters (stray ANSI escapes) and emoji variation selectors', () => {
    assert.equal(escapeLatex('a\x1b[31mb\x07c\u0000d\ufe0f'), 'a[31mbcd');
    assert.equal(escapeVerbatim('x\x1by\r'), 'xy');
  });

  it('wraps characters the main fonts lack in font commands and records the scripts', () => {
    const scripts = new ScriptUsage();
    assert.equal(escapeLatex('中文 text', { scripts }), '\\nbxfontCJK{中文} text');
    assert.equal(escapeLatex('α→β', { scripts }), '\\nbxfontGreek{α}\\nbxfontSymbols{→}\\nbxfontGreek{β}');
    assert.equal(escapeLatex('😀', { scripts }), '\\nbxfontEmoji{😀}');
    assert.deepEqual([...scripts.used].sort(), ['CJK', 'Emoji', 'Greek', 'Symbols']);
    assert.equal(escapeLatex('plain ASCII_', { scripts }), 'plain ASCII\\_');
  });

  it('chooses CJK fonts by language: kana means Japanese', () => {
    const scripts = new ScriptUsage();
    escapeLatex('日本語のかな', { scripts });
    assert.deepEqual(scripts.fonts('CJK').text, ['Noto Serif CJK JP', 'Noto Sans CJK JP']);
    const chinese = new ScriptUsage();
    escapeLatex('中文', { scripts: chinese });
    assert.equal(chinese.fonts('CJK').text[0], 'Noto Serif CJK SC');
  });

  it('lays out right-to-left runs with \\nbxRTL, and left-to-right ones inside right-to-left paragraphs with \\nbxLTR', () => {
    const scripts = new ScriptUsage();
    assert.equal(escapeLatex('Hi שלום עולם!', { scripts }), 'Hi \\nbxRTL{\\nbxfontHebrew{שלום עולם}}!');
    assert.equal(escapeLatex('שלום (x) and more', { scripts, direction: 'rtl' }),
      '\\nbxfontHebrew{שלום} )\\nbxLTR{x) and more}');
    assert.equal(paragraphDirection('  123 שלום abc'), 'rtl');
    assert.equal(paragraphDirection('abc שלום'), 'ltr');
  });

  it('mirrors brackets in right-to-left text', () => {
    assert.equal(escapeLatex('(', { scripts: new ScriptUsage(), direction: 'rtl' }), ')');
  });

  it('makes URLs, labels and file paths safe', () => {
    assert.equal(escapeUrl('https://x.org/a b?q=1&r=%20#frag~'), 'https://x.org/a\\%20b?q=1\\&r=\\%20\\#frag\\~');
    assert.equal(escapeUrl('https://x.org/{}\\'), 'https://x.org/\\%7B\\%7D\\%5C');
    assert.equal(latexLabel('Section-1.2'), 'Section-1.2');
    assert.equal(latexLabel('A b#c'), 'A+20b+23c');
    assert.equal(latexPath('my nb_files/a%b#c~d{e}.png'), 'my nb_files/a\\nbxpercent b\\nbxhash c\\nbxtilde d\\nbxlbrace e\\nbxrbrace .png');
  });
});

describe('Verbatim bodies', () => {
  it('escape only \\ { } and close every style at the end of each line', () => {
    const body = verbatimBody([{ text: 'a {b}\n\\c', style: (l) => `\\S{${l}}` }, { text: ' $%&#_^~\n' }]);
    assert.equal(body, '\\S{a \\{b\\}}\n\\S{\\textbackslash{}c} $%&#_^~');
  });

  it('expands tabs to 4-column stops across segments', () => {
    assert.equal(verbatimBody([{ text: 'ab' }, { text: '\tc\n\td' }]), 'ab  c\n    d');
  });

  it('adds break points inside long runs without spaces, only in long lines', () => {
    assert.equal(verbatimBody([{ text: 'f(a, b)' }]), 'f(a, b)');
    const long = 'x = ' + 'a'.repeat(100);
    const body = verbatimBody([{ text: long }]);
    assert.ok(body.includes('\\nbxbr{}'));
    assert.equal(body.replaceAll('\\nbxbr{}', ''), long);
  });
});

describe('ANSI to LaTeX', () => {
  const render = (text: string) => verbatimBody(ansiSegments(text));

  it("uses nbconvert's colour names for the 16 colours, HTML colours for 256 and 24-bit", () => {
    assert.equal(render('\x1b[31mred\x1b[0m \x1b[1;92mbold\x1b[0m'), '\\textcolor{ansi-red}{red} \\textcolor{ansi-green-intense}{\\textbf{bold}}');
    assert.equal(render('\x1b[38;5;208mo\x1b[38;2;1;2;3mr'), '\\textcolor[HTML]{FF8700}{o}\\textcolor[HTML]{010203}{r}');
    assert.equal(render('\x1b[44mbg'), '{\\nbxansibg{ansi-blue}{bg}}');
  });

  it('drops every other escape sequence: no ESC byte reaches the .tex', () => {
    const out = render('a\x1b]0;title\x07b\x1b[2Kc\x1b[?25ld\x1b');
    assert.equal(out, 'abcd');
  });

  it('keeps colours across lines by reopening them', () => {
    assert.equal(render('\x1b[31mone\ntwo\x1b[0m'), '\\textcolor{ansi-red}{one}\n\\textcolor{ansi-red}{two}');
  });
});

describe('highlighting for LaTeX', () => {
  it('wraps highlight.js scopes in \\nbxhl, line by line', () => {
    const body = verbatimBody(highlightSegments('def f():\n    """doc\n    more"""', 'python'));
    assert.equal(body, '\\nbxhl{keyword}{def} \\nbxhl{title}{f}():\n    \\nbxhl{string}{"""doc}\n\\nbxhl{string}{    more"""}');
  });

  it('leaves unknown languages plain', () => {
    assert.equal(verbatimBody(highlightSegments('x <- 1 {}', 'no-such-language')), 'x <- 1 \\{\\}');
  });
});

describe('math for LaTeX', () => {
  const run = (chunk: string, restricted = false) => {
    const math = new MathUsage();
    const warnings: string[] = [];
    const latex = mathToLatex(chunk, { math, restricted, warn: (m) => warnings.push(m), asText: (s) => `TEXT(${s})` });
    return { latex, math, warnings };
  };

  it('passes math through verbatim, $$ as \\[ \\]', () => {
    assert.equal(run('$x_1^2$').latex, '$x_1^2$');
    assert.equal(run('\\(x\\)').latex, '\\(x\\)');
    assert.equal(run('$$\\int f$$').latex, '\n\\[\\int f\\]\n');
    assert.equal(run('\\\\[a\\\\]').latex, '\n\\[a\\]\n');
    assert.equal(run('$$ $$').latex, '');
  });

  it('keeps environments as written, alone when they are display math', () => {
    assert.equal(run('\\begin{align}a&=b\\end{align}').latex, '\n\\begin{align}a&=b\\end{align}\n');
    assert.equal(run('$$\\begin{equation*}x\\end{equation*}$$').latex, '\n\\begin{equation*}x\\end{equation*}\n');
    assert.equal(run('\\begin{split}a\\\\b\\end{split}').latex, '\n\\[\\begin{split}a\\\\b\\end{split}\\]\n');
  });

  it('gives top-level rows and columns of display math an environment', () => {
    assert.equal(run('$$a \\\\ b$$').latex, '\n\\[\\begin{gathered}a \\\\ b\\end{gathered}\\]\n');
    assert.equal(run('$$a &= b$$').latex, '\n\\[\\begin{aligned}a &= b\\end{aligned}\\]\n');
  });

  it('uses inner forms where only inline math fits (headings, table cells)', () => {
    assert.equal(run('$$\\begin{align}a&=b\\label{x}\\end{align}$$', true).latex, '$\\displaystyle \\begin{aligned}a&=b\\end{aligned}$');
    assert.equal(run('$a + \\begin{align}x\\end{align}$').latex, '$a + \\begin{aligned}x\\end{aligned}$');
    assert.equal(run('$\\begin{equation}x\\end{equation}$').latex, '\n\\begin{equation}x\\end{equation}\n', 'an environment alone stands alone');
  });

  it('widens an eqnarray with more than three columns into an array', () => {
    const { latex } = run("\\begin{eqnarray}x' &=& &x &+& z \\\\\n\\end{eqnarray}");
    assert.match(latex, /^\n\\begin\{equation\}\\begin\{array\}\{>\{\\displaystyle\}r>\{\\displaystyle\}c>\{\\displaystyle\}l>\{\\displaystyle\}r/);
    assert.equal(run('\\begin{eqnarray}a&=&b\\end{eqnarray}').latex, '\n\\begin{eqnarray}a&=&b\\end{eqnarray}\n');
  });

  it('moves \\newcommand and friends to the preamble (they are global in MathJax)', () => {
    const { latex, math } = run('$\\newcommand{\\RR}{\\mathbb{R}}\\def\\x#1{#1} x \\in \\RR$');
    assert.equal(latex, '$ x \\in \\RR$');
    assert.deepEqual([...math.definitions.entries()], [
      ['RR', '\\providecommand{\\RR}{}\\renewcommand{\\RR}{\\mathbb{R}}'],
      ['x', '\\def\\x#1{#1}'],
    ]);
  });

  it('drops % comments and escapes stray #, as MathJax reads them', () => {
    assert.equal(run('$50% off$').latex, '$50$');
    assert.equal(run('$a\\%b # c$').latex, '$a\\%b \\# c$');
  });

  it('shows math LaTeX would stop on as its source, with a warning', () => {
    for (const bad of ['$\\left( x$', '${x$', '$\\begin{foo}x\\end{foo}$', '$\\begin{aligned}x$']) {
      const { latex, warnings } = run(bad);
      assert.equal(latex, `TEXT(${bad})`, bad);
      assert.equal(warnings.length, 1, bad);
    }
  });

  it('puts text-mode logos in \\text and records every command used', () => {
    const { latex, math } = run('$\\LaTeX + \\ce{H2O} + \\alpha$');
    assert.equal(latex, '$\\text{\\LaTeX} + \\ce{H2O} + \\alpha$');
    assert.deepEqual([...math.macros].sort(), ['LaTeX', 'alpha', 'ce', 'text']);
  });

  it('keeps bare \\eqref and a literal @@N@@ as they are', () => {
    assert.equal(run('\\eqref{eq:1}').latex, '\\eqref{eq:1}');
    assert.equal(run('@@3@@').latex, 'TEXT(@@3@@)');
  });
});
