// Notebooks written for nbx around text: math-heavy markdown, CJK and
// right-to-left scripts, cell tags.
import { code, display, md, nb, result, stream, tags, type Json } from './build.js';

/** Each equation is shown, then its source as a code block, under a "Source" heading (repeated on purpose). */
const shown = (title: string, math: string) =>
  md(`## ${title}\n\n${math}\n\n### Source\n\n\`\`\`\n${math}\n\`\`\`\n`);

export const MATH_SAMPLES = {
  align: '\\begin{align}\n\\dot{x} & = \\sigma(y-x) \\\\\n\\dot{y} & = \\rho x - y - xz \\\\\n\\dot{z} & = -\\beta z + xy\n\\end{align}',
  eqnarray: '\\begin{eqnarray}\nx^2 + y^2 &=& r^2 \\\\\n\\sin^2\\theta + \\cos^2\\theta &=& 1\n\\end{eqnarray}',
  labelled: '\\begin{equation}\ne^{i\\pi} + 1 = 0 \\label{euler}\n\\end{equation}',
  matrix: '$$\n\\begin{vmatrix}\n\\mathbf{i} & \\mathbf{j} & \\mathbf{k} \\\\\n\\frac{\\partial X}{\\partial u} & \\frac{\\partial Y}{\\partial u} & 0 \\\\\n\\frac{\\partial X}{\\partial v} & \\frac{\\partial Y}{\\partial v} & 0\n\\end{vmatrix}\n$$',
  cases: '\\[\n|x| = \\begin{cases} x & x \\ge 0 \\\\ -x & x < 0 \\end{cases}\n\\]',
  array: '$$\n\\left(\\begin{array}{cc} a & b \\\\ c & d \\end{array}\\right)\n$$',
  starred: '\\begin{equation*}\n\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}\n\\end{equation*}',
};

export function mathNotebook(): Json {
  return nb([
    md('# Typesetting math\n\nEach equation is shown typeset and then as its source\n\nInline math such as $\\sqrt{3x-1}+(1+x)^2$ and display math, as MathJax reads it.\n\n' +
      'This expression $\\sqrt{3x-1}+(1+x)^2$ is an example of an inline equation. Dollars in code stay: `$HOME`.\n' +
      '$\\newcommand{\\R}{\\mathbb{R}}\\newcommand{\\norm}[1]{\\left\\lVert #1 \\right\\rVert}$\n'),
    shown('The Lorenz equations', MATH_SAMPLES.align),
    shown('An eqnarray', MATH_SAMPLES.eqnarray),
    shown("Euler's identity", `${MATH_SAMPLES.labelled}\n\nEquation \\eqref{euler} is referred to before and after its label; so is \\ref{euler}.`),
    shown('A cross product', MATH_SAMPLES.matrix),
    shown('Cases', MATH_SAMPLES.cases),
    shown('An array', MATH_SAMPLES.array),
    shown('A sum', MATH_SAMPLES.starred),
    shown('Macros', 'For $v \\in \\R^n$, $\\norm{v} \\ge 0$, and\n$$\n\\norm{u + v} \\le \\norm{u} + \\norm{v}\n$$'),
    md('## Math next to markdown\n\n- a list item with $x_1$ and $x_{2}^{*}$\n- *emphasis* $a*b*c$ stays math\n- escaped \\$5 and \\$10 are dollars\n\n| a | $b$ |\n|---|-----|\n| $\\alpha$ | 2 |\n'),
    code('from sympy import *\nx = symbols("x")\nIntegral(sqrt(1/x), x)', [
      result(1, { 'text/latex': '$\\displaystyle \\int \\sqrt{\\frac{1}{x}}\\, dx$', 'text/plain': 'Integral(sqrt(1/x), x)' }),
    ]),
  ], undefined, 'math');
}

/** Chinese, Japanese, Hebrew and Arabic text in markdown, code, headings and outputs; emoji. */
export function i18nNotebook(): Json {
  return nb([
    md('# Unicode 字符串\n\n本教程介绍了如何在程序中表示 Unicode 字符串。 😀\n'),
    md('## 日本語の見出し\n\nひらがな、カタカナ、漢字の文章です。\n'),
    code('s = "语言处理"\nprint(s, len(s))  # 中文注释', [stream('语言处理 4\n')]),
    md('<p dir="rtl">שלום עולם! זוהי פסקה בעברית עם <code>print()</code> בתוכה.</p>\n\n## כותרת בעברית\n'),
    md('<div dir="rtl">مرحبا بالعالم: نص عربي قصير.</div>\n'),
    code('print("שלום")', [stream('שלום\n'), display({ 'text/html': '<p dir="rtl">תוצאה</p>', 'text/plain': 'תוצאה' })]),
  ], undefined, 'i18n');
}

/** nbconvert's celltag_<tag> classes, and the remove-/hide- tags in both spellings. */
export function tagsNotebook(): Json {
  return nb([
    code('print("tagged")', [stream('tagged\n')], tags('mycelltag', 'mysecondcelltag')),
    code('print("untagged")', [stream('untagged\n')]),
    md('A tagged markdown cell.\n', tags('mymarkdowncelltag')),
    md('An untagged markdown cell.\n'),
    md('This cell is removed.\n', tags('remove_cell')),
    code('secret_input()', [stream('output without input\n')], tags('remove-input')),
    code('print("input without output")', [stream('removed output\n')], tags('remove_output')),
    code('hidden_input()', [stream('shown output\n')], tags('hide-input')),
    code('print("shown input")', [stream('hidden output\n')], tags('hide-output')),
    code('collapsed()', [stream('collapsed cell\n')], tags('hide-cell')),
  ], undefined, 'tags');
}
