// Math chunks (from removeMath) → real LaTeX. The TeX is passed through as
// written; only what MathJax accepts and LaTeX rejects is adjusted:
// - `$$…$$` becomes `\[…\]`; an environment written alone (`$$\begin{align}…$$`)
//   stands alone; top-level `\\` or `&` in display math gets an aligned/gathered.
// - Display environments where only inline math fits (headings, table cells,
//   inline `$…$`) become their inner forms (align → aligned).
// - \newcommand & co. are global in MathJax but local to a math group in LaTeX:
//   they move to the preamble (MathUsage.definitions).
// - `%` comments are dropped (they would eat the closing delimiter).
// - Unbalanced braces, \left/\right or \begin/\end, and environments LaTeX
//   lacks, would stop xelatex: such a chunk is shown as its source, with a warning.
// Every control word is recorded so the preamble can \providecommand the ones
// LaTeX does not know (MathJax extensions like \bbox, \ce, or plain typos).

import { disallowedTex } from '../../render/tex-allowlist.js';
import { missingMathChars } from './math-font.js';

/** Environments that are display math on their own. */
const DISPLAY_ENVS = new Set(['equation', 'align', 'gather', 'multline', 'flalign', 'alignat', 'eqnarray', 'displaymath'].flatMap((e) => [e, `${e}*`]));
/** Environments that live inside math. */
const INNER_ENVS = new Set(['aligned', 'alignedat', 'gathered', 'split', 'cases', 'array', 'matrix', 'pmatrix', 'bmatrix',
  'Bmatrix', 'vmatrix', 'Vmatrix', 'smallmatrix', 'subarray', 'subequations']);
/** Inner form of each display environment, for places that take only inline math. */
const INNER_FORM: Record<string, [string, string] | null> = {
  align: ['\\begin{aligned}', '\\end{aligned}'], flalign: ['\\begin{aligned}', '\\end{aligned}'],
  alignat: ['\\begin{alignedat}', '\\end{alignedat}'], gather: ['\\begin{gathered}', '\\end{gathered}'],
  multline: ['\\begin{gathered}', '\\end{gathered}'], eqnarray: ['\\begin{array}{rcl}', '\\end{array}'],
  equation: null, displaymath: null,
};

/** What the preamble needs to know about the math of a document. */
export class MathUsage {
  /** Control words used in math and LaTeX outputs. */
  readonly macros = new Set<string>();
  /** Definitions moved to the preamble, by command name (the last one wins, as in MathJax). */
  readonly definitions = new Map<string, string>();
  /** Names that raw LaTeX cells define themselves: never provided by nbx. */
  readonly rawDefined = new Set<string>();
  /** Environments used by LaTeX outputs (IRkernel's enumerate*): given a stand-in if LaTeX lacks them. */
  readonly environments = new Set<string>();
  /** Math has non-ASCII characters (α, ≤, ℝ): the preamble loads unicode-math, as nbconvert does. */
  unicode = false;

  record(tex: string): void {
    for (const m of tex.matchAll(/\\([A-Za-z]+)/g)) this.macros.add(m[1]!);
    if (/[^\x00-\x7f]/.test(tex)) this.unicode = true;
  }
}

export interface MathContext {
  math: MathUsage;
  /** Only inline math fits here (headings, table cells, link text). */
  restricted: boolean;
  warn(message: string): void;
  /** Renders a chunk that cannot be math as escaped text. */
  asText(source: string): string;
  /** --sanitize: TeX with commands outside the allowlist (src/render/tex-allowlist.ts) is shown as its source. */
  untrusted?: boolean;
}

const REF = /^\\(?:eq)?ref\{[^{}]*\}$/;

/** LaTeX for one math chunk (delimiters included), or '' for empty math. */
export function mathToLatex(chunk: string, ctx: MathContext): string {
  if (/^@@\d+@@$/.test(chunk)) return ctx.asText(chunk); // a literal placeholder in the source
  if (REF.test(chunk)) {
    ctx.math.record(chunk);
    return chunk;
  }
  const unsafe = ctx.untrusted ? disallowedTex(chunk, { defined: ctx.math.definitions }) : null;
  if (unsafe) {
    ctx.warn(`math ${abbreviate(chunk)}: ${unsafe} (--sanitize); shown as its source`);
    return ctx.asText(chunk);
  }
  const { body, display } = splitDelimiters(chunk);
  const tex = withoutBlankLines(textLogos(escapeParameterChars(hoistDefinitions(stripComments(body), ctx.math))));
  if (!tex.trim()) return '';
  const problem = structuralProblem(tex);
  if (problem) {
    ctx.warn(`math ${abbreviate(chunk)}: ${problem}; shown as its source`);
    return ctx.asText(chunk);
  }
  ctx.math.record(tex);
  const missing = missingMathChars(tex);
  if (missing.length) {
    const names = missing.map((c) => `${c} (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`).join(', ');
    ctx.warn(`math ${abbreviate(chunk)}: ${names} not in the math font; missing from the PDF`);
  }

  const env = wholeEnvironment(tex);
  if (ctx.restricted) return `$${display ? '\\displaystyle ' : ''}${innerForm(tex, true)}$`;
  if (env && DISPLAY_ENVS.has(env)) return `\n${widenEqnarray(tex.trim(), env)}\n`;
  if (display) {
    const inner = topLevelAlignment(innerForm(tex, false));
    if (!mayBeWide(inner)) return `\n\\[${inner}\\]\n`;
    return `\n\\[\\nbxfitmath{${inner.replace(/\\(begin|end)\{split\}/g, '\\$1{aligned}')}}\\]\n`;
  }
  return chunk.startsWith('\\(') ? `\\(${innerForm(tex, true)}\\)` : `$${innerForm(tex, true)}$`;
}

/**
 * Display math that could be wider than the line goes through \nbxfitmath,
 * which scales it down to the line width only when it is wider. Short TeX
 * cannot be that wide (and stays readable in the .tex); \tag and \label
 * need real display math, which \nbxfitmath's box is not (split becomes
 * aligned, which looks the same in unnumbered math).
 */
function mayBeWide(tex: string): boolean {
  return tex.replace(/\s+/g, '').length > 60 && !/\\(?:tag|label)(?![A-Za-z])/.test(tex);
}

/** \LaTeX and \TeX are text-mode logos (MathJax typesets them in math too). */
function textLogos(tex: string): string {
  return tex.replace(/\\(LaTeXe|LaTeX|TeX)(?![A-Za-z])/g, '\\text{\\$1}');
}

/**
 * LaTeX's eqnarray has three columns; MathJax takes rows with more `&`.
 * Such an eqnarray becomes an array of rcl column groups in an equation.
 */
function widenEqnarray(tex: string, env: string): string {
  if (env !== 'eqnarray' && env !== 'eqnarray*') return tex;
  const body = tex.replace(/^\\begin\{eqnarray\*?\}/, '').replace(/\\end\{eqnarray\*?\}$/, '');
  const columns = Math.max(...topLevelRows(body).map((row) => row.split('&').length));
  if (columns <= 3) return tex;
  const spec = Array.from({ length: columns }, (_, i) => `>{\\displaystyle}${'rcl'[i % 3]}`).join('');
  const rows = body.replace(/\\(?:label|tag\*?)\s*\{[^{}]*\}|\\(?:nonumber|notag)(?![A-Za-z])/g, '');
  const outer = env === 'eqnarray*' ? 'equation*' : 'equation';
  return `\\begin{${outer}}\\begin{array}{${spec}}${rows}\\end{array}\\end{${outer}}`;
}

/** The rows of an alignment body, with nested groups and environments blanked out (for counting `&`). */
function topLevelRows(body: string): string[] {
  let depth = 0;
  let flat = '';
  for (const m of body.matchAll(/\\(begin|end)\{[^{}]*\}|\\\\|\\.|[{}]|[^\\{}]+/gs)) {
    const t = m[0];
    if (m[1] === 'begin' || t === '{') depth++;
    else if (m[1] === 'end' || t === '}') depth--;
    else if (depth === 0) flat += t === '\\\\' ? '\n' : t.startsWith('\\') ? '' : t.replace(/\n/g, ' ');
  }
  return flat.split('\n');
}

function splitDelimiters(chunk: string): { body: string; display: boolean } {
  const pairs: [string, string, boolean][] = [['$$', '$$', true], ['\\\\[', '\\\\]', true], ['\\[', '\\]', true],
    ['$', '$', false], ['\\\\(', '\\\\)', false], ['\\(', '\\)', false]];
  for (const [open, close, display] of pairs) {
    if (chunk.length >= open.length + close.length && chunk.startsWith(open) && chunk.endsWith(close)) {
      return { body: chunk.slice(open.length, chunk.length - close.length), display };
    }
  }
  return { body: chunk, display: true }; // a bare \begin{…}…\end{…}
}

/**
 * A blank line is a paragraph break, which TeX refuses inside math ("Missing $
 * inserted"); MathJax ignores it. Hoisted definitions and comments leave them.
 */
function withoutBlankLines(tex: string): string {
  return tex.replace(/\n[ \t]*(?:\n[ \t]*)+/g, '\n');
}

/** Drops `%` comments (MathJax does too); `\%` stays. */
function stripComments(tex: string): string {
  return tex.replace(/\\.|%[^\n]*/gs, (t) => (t.startsWith('%') ? '' : t));
}

/** `#` outside a definition is a literal in MathJax and an error in LaTeX. */
function escapeParameterChars(tex: string): string {
  return tex.replace(/\\.|#/gs, (t) => (t === '#' ? '\\#' : t));
}

/** The argument in braces starting at `i` (which must be `{`): [content, index after]. */
function braced(tex: string, i: number): [string, number] | null {
  if (tex[i] !== '{') return null;
  let depth = 0;
  for (let j = i; j < tex.length; j++) {
    const c = tex[j];
    if (c === '\\') j++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return [tex.slice(i + 1, j), j + 1];
  }
  return null;
}

const DEFINITION = /\\(newcommand|renewcommand|providecommand|DeclareMathOperator|def)(\*?)\s*/g;

/** Moves \newcommand/\renewcommand/\providecommand/\def/\DeclareMathOperator to `math.definitions`. */
function hoistDefinitions(tex: string, math: MathUsage): string {
  if (!/\\(?:newcommand|renewcommand|providecommand|DeclareMathOperator|def)/.test(tex)) return tex;
  let out = '';
  let last = 0;
  for (const m of tex.matchAll(DEFINITION)) {
    if (m.index! < last) continue;
    const parsed = parseDefinition(tex, m.index! + m[0].length, m[1]!, m[2] === '*');
    if (!parsed) continue;
    out += tex.slice(last, m.index);
    math.definitions.set(parsed.name, parsed.latex);
    math.record(parsed.latex);
    last = parsed.end;
  }
  return out + tex.slice(last);
}

function parseDefinition(tex: string, i: number, kind: string, star: boolean): { name: string; latex: string; end: number } | null {
  const nameMatch = /^(?:\{\s*\\([A-Za-z]+)\s*\}|\\([A-Za-z]+))\s*/.exec(tex.slice(i));
  if (!nameMatch) return null;
  const name = (nameMatch[1] ?? nameMatch[2])!;
  let j = i + nameMatch[0].length;
  if (kind === 'def') {
    const params = /^(#\d)*/.exec(tex.slice(j))![0];
    const body = braced(tex, j + params.length);
    return body && { name, latex: `\\def\\${name}${params}{${body[0]}}`, end: body[1] };
  }
  if (kind === 'DeclareMathOperator') {
    const body = braced(tex, j);
    const op = star ? '\\operatorname*' : '\\operatorname';
    return body && { name, latex: `\\providecommand{\\${name}}{}\\renewcommand{\\${name}}{${op}{${body[0]}}}`, end: body[1] };
  }
  const options = /^(\[\d\])?\s*(\[[^\]]*\])?\s*/.exec(tex.slice(j))!;
  j += options[0].length;
  const body = braced(tex, j);
  const args = (options[1] ?? '') + (options[2] ?? '');
  return body && { name, latex: `\\providecommand{\\${name}}{}\\renewcommand{\\${name}}${args}{${body[0]}}`, end: body[1] };
}

/** Why xelatex would stop on this math, or null. */
function structuralProblem(tex: string): string | null {
  let depth = 0;
  const envs: string[] = [];
  let lefts = 0;
  for (const m of tex.matchAll(/\\(begin|end)\s*\{([^{}]*)\}|\\(left|right)(?![A-Za-z])|\\.|[{}]/gs)) {
    const t = m[0];
    if (t === '{') depth++;
    else if (t === '}' && --depth < 0) return 'unbalanced braces';
    else if (m[1] === 'begin') {
      const env = m[2]!;
      if (!DISPLAY_ENVS.has(env) && !INNER_ENVS.has(env)) return `LaTeX has no math environment {${env}}`;
      envs.push(env);
    } else if (m[1] === 'end' && envs.pop() !== m[2]) return `\\end{${m[2]}} does not match`;
    else if (m[3] === 'left') lefts++;
    else if (m[3] === 'right' && --lefts < 0) return '\\right without \\left';
  }
  if (depth !== 0) return 'unbalanced braces';
  if (envs.length) return `\\begin{${envs[envs.length - 1]}} is not closed`;
  if (lefts !== 0) return '\\left without \\right';
  return null;
}

/** The name of the environment when the whole TeX is one `\begin{x}…\end{x}`. */
function wholeEnvironment(tex: string): string | null {
  const m = /^\s*\\begin\{([^{}]+)\}/.exec(tex);
  if (!m) return null;
  // The first \begin must close at the very end.
  let depth = 0;
  for (const e of tex.matchAll(/\\(begin|end)\{([^{}]+)\}/g)) {
    depth += e[1] === 'begin' ? 1 : -1;
    if (depth === 0) return e.index! + e[0].length === tex.trimEnd().length ? m[1]! : null;
  }
  return null;
}

/** Display environments → their inner forms; labels and tags dropped where they are not allowed. */
function innerForm(tex: string, inline: boolean): string {
  let out = tex.replace(/\\(begin|end)\{([a-z]+)\*?\}(\{\d+\})?/g, (whole, which: string, env: string, arg: string | undefined) => {
    if (!Object.hasOwn(INNER_FORM, env) || !DISPLAY_ENVS.has(env)) return whole;
    const form = INNER_FORM[env];
    if (!form) return '';
    return which === 'begin' ? form[0] + (env === 'alignat' ? arg ?? '' : '') : form[1];
  });
  if (inline || out !== tex) out = out.replace(/\\(?:label|tag\*?)\s*\{[^{}]*\}|\\(?:nonumber|notag)(?![A-Za-z])/g, '');
  return out;
}

/** `a \\ b` or `a & b` at the top level of display math (MathJax allows it; LaTeX needs an environment). */
function topLevelAlignment(tex: string): string {
  let depth = 0;
  let env = 0;
  let rows = false;
  let columns = false;
  for (const m of tex.matchAll(/\\(begin|end)\{[^{}]*\}|\\\\|\\.|[{}&]/gs)) {
    const t = m[0];
    if (m[1] === 'begin') env++;
    else if (m[1] === 'end') env--;
    else if (t === '{') depth++;
    else if (t === '}') depth--;
    else if (depth === 0 && env === 0 && t === '\\\\') rows = true;
    else if (depth === 0 && env === 0 && t === '&') columns = true;
  }
  if (columns) return `\\begin{aligned}${tex}\\end{aligned}`;
  if (rows) return `\\begin{gathered}${tex}\\end{gathered}`;
  return tex;
}

function abbreviate(chunk: string): string {
  const one = chunk.replace(/\s+/g, ' ').trim();
  return one.length > 40 ? `${one.slice(0, 40)}…` : one;
}

/**
 * Why LaTeX from an output (text/latex) would break the document, or null:
 * unbalanced braces or \begin/\end (one bad output must not stop the build).
 */
export function rawLatexProblem(latex: string): string | null {
  if (/\\(?:documentclass|usepackage|begin\s*\{document\}|end\s*\{document\})/.test(latex)) return 'it is a whole document';
  let depth = 0;
  const envs: string[] = [];
  for (const m of latex.matchAll(/\\(begin|end)\s*\{([^{}]*)\}|\\.|%[^\n]*|[{}]/gs)) {
    const t = m[0];
    if (t === '{') depth++;
    else if (t === '}' && --depth < 0) return 'unbalanced braces';
    else if (m[1] === 'begin') envs.push(m[2]!);
    else if (m[1] === 'end' && envs.pop() !== m[2]) return `\\end{${m[2]}} does not match`;
  }
  if (depth !== 0) return 'unbalanced braces';
  if (envs.length) return `\\begin{${envs[envs.length - 1]}} is not closed`;
  return null;
}

/** Environment names a piece of LaTeX opens. */
export function environmentsOf(latex: string): string[] {
  return [...latex.matchAll(/\\begin\s*\{([^{}]+)\}/g)].map((m) => m[1]!);
}

/** MathJax macros LaTeX lacks, with definitions that keep their arguments; each is provided only if still undefined. */
export const MATHJAX_COMPAT: Readonly<Record<string, string>> = {
  bbox: '[2][]{#2}', class: '[2]{#2}', cssId: '[2]{#2}', style: '[2]{#2}', href: '[2]{#2}',
  unicode: '[2][]{\\nbxundefined{unicode}}', require: '[1]{}', lt: '{<}', gt: '{>}',
  ce: '[1]{\\ensuremath{\\mathrm{#1}}}', pu: '[1]{\\ensuremath{\\mathrm{#1}}}',
  cancel: '[1]{#1}', bcancel: '[1]{#1}', xcancel: '[1]{#1}', cancelto: '[2]{#2}',
  bra: '[1]{\\langle #1\\rvert}', ket: '[1]{\\lvert #1\\rangle}', braket: '[1]{\\langle #1\\rangle}',
  Bra: '[1]{\\left\\langle #1\\right\\rvert}', Ket: '[1]{\\left\\lvert #1\\right\\rangle}',
  mathscr: '[1]{\\mathcal{#1}}', mathbbm: '[1]{\\mathbb{#1}}', bm: '[1]{\\boldsymbol{#1}}',
  coloneqq: '{\\mathrel{:}=}', eqqcolon: '{=\\mathrel{:}}', Space: '[3]{}', Tiny: '{\\tiny}',
};

/**
 * Commands LaTeX with amsmath and amssymb surely has: left out of the
 * preamble's \nbxprovide list, which only needs the uncertain ones (it would
 * not redefine these anyway; this keeps the .tex readable).
 */
export const KNOWN_TO_LATEX = new Set(`
  alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi varpi rho varrho
  sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega
  frac dfrac tfrac sqrt sum prod int iint iiint oint lim limits nolimits infty partial nabla cdot cdots ldots dots
  vdots ddots times div pm mp leq le geq ge neq ne approx equiv sim simeq cong propto in notin subset subseteq
  supset supseteq cup cap setminus emptyset varnothing forall exists neg land lor to rightarrow leftarrow
  Rightarrow Leftarrow leftrightarrow Leftrightarrow mapsto implies iff left right middle big Big bigg Bigg
  langle rangle lvert rvert lVert rVert vert Vert lfloor rfloor lceil rceil mathbf mathrm mathit mathcal mathbb
  mathfrak mathsf mathtt boldsymbol text textbf textit textrm operatorname hat bar vec dot ddot tilde widehat
  widetilde overline underline overbrace underbrace sin cos tan cot sec csc arcsin arccos arctan sinh cosh tanh
  log ln exp max min sup inf det arg deg dim ker gcd Pr mod bmod pmod quad qquad displaystyle textstyle
  scriptstyle begin end label ref eqref tag notag nonumber item hline newcommand renewcommand providecommand def
  color textcolor mbox hbox ell hbar Re Im aleph prime circ bullet star ast oplus otimes odot perp parallel mid
  nmid ll gg colon ldotp choose binom over atop underset overset stackrel xrightarrow xleftarrow
`.trim().split(/\s+/));
