// Hide math from the markdown parser, then put it back: a port of JupyterLab's
// removeMath/replaceMath (packages/rendermime/src/latex.ts, itself from
// MathJax/StackExchange), so that exactly the `$` Jupyter treats as math are
// math here too ("costs $5 and $10" is math in Jupyter, so it is here).
//
// Deliberate differences, each to match what Jupyter *shows* (MathJax re-scans
// the rendered page, which the bare algorithm does not model):
// - Code spans and fences hide backslashes as well as `$`, so `\begin{..}` or
//   `\eqref{..}` shown as code is never extracted (MathJax skips <code>).
// - Nested environments of the same name (`\begin{array}` in `\begin{array}`)
//   stay one chunk; JupyterLab cuts at the first `\end` and MathJax mends it.
// - Bare `\eqref{x}` / `\ref{x}` in text are chunks (MathJax `processRefs`).
// - Chunks are kept verbatim (no `&`/`<`/`>` entities, `\\(` not turned into
//   `\(`): they go to KaTeX, not into HTML, and the source round-trips.
// - Placeholders inside <pre>/<code> or inside a tag are put back as escaped
//   source, not rendered (indented code is not detected before markdown).
import { escapeHtml } from '../render/escape.js';
import { replaceCodeSpans, replaceFencedCode } from './code-mask.js';

/** Placeholder for chunk N; plain text that markdown-it leaves untouched. */
const placeholder = (n: number): string => `@@${n}@@`;
const PLACEHOLDER_ONLY = /^@@\d+@@$/;

// Math delimiters and the symbols that matter inside math: `$`/`$$`,
// \begin/\end{env}, escaped \{ \} \$ (inert), braces, runs of newlines,
// existing placeholders, markdown-escaped \\( \\) \\[ \\], bare \eqref/\ref.
const MATHSPLIT =
  /(\$\$?|\\(?:begin|end)\{[a-z]*\*?\}|\\[{}$]|[{}]|(?:\n\s*)+|@@\d+@@|\\\\(?:\(|\)|\[|\])|\\(?:eq)?ref\{[^{}\n]*\})/i;
const REF_TOKEN = /^\\(?:eq)?ref\{/i;
// In outputs (text/latex, text/html) there is no markdown: MathJax sees `\(…\)`
// and `\[…\]` as written, so single-backslash delimiters are math there too.
const OUTPUT_MATHSPLIT =
  /(\$\$?|\\(?:begin|end)\{[a-z]*\*?\}|\\[{}$]|[{}]|(?:\n\s*)+|@@\d+@@|\\\\(?:\(|\)|\[|\])|\\[()[\]]|\\(?:eq)?ref\{[^{}\n]*\})/i;

/**
 * Mask `$` and `\` inside code with `~D`/`~B` (after `~` became `~T`): fenced
 * code blocks and single-line code spans, as JupyterLab finds them (its
 * patterns, run without their backtracking: code-mask.ts).
 */
function maskCode(text: string): string {
  const mask = (code: string): string => code.replace(/\$/g, '~D').replace(/\\/g, '~B');
  return replaceCodeSpans(replaceFencedCode(text.replace(/~/g, '~T'), mask), mask);
}

function unmaskCode(text: string): string {
  return text.replace(/~([TDB])/g, (_m, c: string) => (c === 'T' ? '~' : c === 'D' ? '$' : '\\'));
}

/**
 * Replace each math chunk in markdown `text` by `@@N@@` and return the chunks
 * (with their delimiters). Text that already contains `@@N@@` is stored too,
 * so that replaceMath restores it unchanged. Line endings become `\n`.
 * `output`: the text of a text/latex or text/html output, not markdown
 * (`\(`/`\[` delimit math, backquotes are not code).
 */
export function removeMath(text: string, options: { output?: boolean } = {}): { text: string; math: string[] } {
  const math: string[] = [];
  const masked = !options.output && (text.includes('`') || text.includes('~~~'));
  const restore = masked ? unmaskCode : (s: string) => s;
  const lf = text.replace(/\r\n?/g, '\n');
  const blocks = (masked ? maskCode(lf) : lf).split(options.output ? OUTPUT_MATHSPLIT : MATHSPLIT);

  const literals = new Map<number, string>(); // block index → `@@N@@` as written

  // Join blocks i..j into one chunk stored in `math`, leaving a placeholder.
  const takeMath = (i: number, j: number): void => {
    const parts = blocks.slice(i, j + 1).map((block, k) => literals.get(i + k) ?? block);
    const chunk = restore(parts.join(''));
    for (let k = i + 1; k <= j; k++) blocks[k] = '';
    blocks[i] = placeholder(math.length);
    math.push(chunk);
  };

  let start: number | null = null; // block index where the open math starts
  let end: string | null = null; // the closing delimiter we wait for
  let last: number | null = null; // a closing delimiter seen with open braces
  let braces = 0;
  let nested = 0; // same-name \begin inside an environment chunk
  let begin = ''; // that \begin{..} token

  for (let i = 1; i < blocks.length; i += 2) {
    const block = blocks[i] as string;
    if (block.charAt(0) === '@') {
      literals.set(i, block);
      blocks[i] = placeholder(math.length);
      math.push(block);
    } else if (start !== null) {
      if (block === end) {
        if (nested > 0) {
          nested--;
        } else if (braces) {
          last = i;
        } else {
          takeMath(start, i);
          start = end = last = null;
        }
      } else if (begin && block === begin) {
        nested++;
      } else if (/\n.*\n/.test(block)) {
        // A blank line ends the paragraph: no math crosses it.
        if (last !== null) {
          i = last;
          takeMath(start, i);
        }
        start = end = last = null;
        braces = 0;
      } else if (block === '{') {
        braces++;
      } else if (block === '}' && braces) {
        braces--;
      }
    } else if (block === '$' || block === '$$') {
      [start, end, braces, nested, begin] = [i, block, 0, 0, ''];
    } else if ((block === '\\\\(' || block === '\\\\[') && !options.output) {
      [start, end, braces, nested, begin] = [i, block.endsWith('(') ? '\\\\)' : '\\\\]', 0, 0, ''];
    } else if (block === '\\(' || block === '\\[') { // only split out in outputs
      [start, end, braces, nested, begin] = [i, block === '\\(' ? '\\)' : '\\]', 0, 0, ''];
    } else if (block.slice(1, 6) === 'begin') {
      [start, end, braces, nested, begin] = [i, '\\end' + block.slice(6), 0, 0, block];
    } else if (REF_TOKEN.test(block)) {
      takeMath(i, i);
    }
  }
  if (start !== null && last !== null) takeMath(start, last);
  return { text: restore(blocks.join('')), math };
}

/**
 * Put the chunks back. Without `render` the chunks return verbatim, so
 * `replaceMath(removeMath(x).text, removeMath(x).math) === x` (for `\n` text).
 * With `render`, `text` is HTML (markdown-it output): each placeholder becomes
 * `render(chunk, index)`, except inside <pre>/<code>/<script>/<style>/
 * <textarea>, comments and tags, where the HTML-escaped source goes back.
 */
export function replaceMath(
  text: string,
  math: string[],
  render?: (tex: string, index: number) => string,
): string {
  if (!render) return text.replace(/@@(\d+)@@/g, (m, n: string) => math[Number(n)] ?? m);

  const rendered = new Map<number, string>(); // markdown-it may repeat a chunk
  const asSource = (m: string, n: string): string => {
    const chunk = math[Number(n)];
    return chunk === undefined ? m : escapeHtml(chunk);
  };
  const asMath = (m: string, n: string): string => {
    const index = Number(n);
    const chunk = math[index];
    if (chunk === undefined) return m;
    if (PLACEHOLDER_ONLY.test(chunk)) return chunk; // literal @@N@@ from the source
    let html = rendered.get(index);
    if (html === undefined) rendered.set(index, (html = render(chunk, index)));
    return html;
  };

  let rawDepth = 0; // inside elements whose text MathJax would not typeset
  return text.replace(HTML_TOKEN, (token: string, tagName: string | undefined, n: string | undefined) => {
    if (n !== undefined) return rawDepth > 0 ? asSource(token, n) : asMath(token, n);
    if (tagName && RAW_ELEMENTS.has(tagName.toLowerCase()) && !token.endsWith('/>')) {
      rawDepth = Math.max(0, rawDepth + (token.startsWith('</') ? -1 : 1));
    }
    return token.replace(/@@(\d+)@@/g, asSource);
  });
}

// A comment, a tag (quoted attribute values may hold `>`), or a placeholder.
const HTML_TOKEN = /<!--[\s\S]*?-->|<\/?([A-Za-z][A-Za-z0-9-]*)(?:"[^"]*"|'[^']*'|[^'">])*>|@@(\d+)@@/g;
const RAW_ELEMENTS = new Set(['pre', 'code', 'script', 'style', 'textarea']);

/**
 * Split a chunk into its TeX and whether its delimiters ask for display math.
 * Environments (and bare \eqref/\ref) are returned whole.
 */
export function mathDelimiters(chunk: string): { tex: string; display: boolean } {
  const wrapped = (open: string, close: string): boolean =>
    chunk.length >= open.length + close.length && chunk.startsWith(open) && chunk.endsWith(close);
  if (wrapped('$$', '$$')) return { tex: chunk.slice(2, -2), display: true };
  if (wrapped('$', '$')) return { tex: chunk.slice(1, -1), display: false };
  if (wrapped('\\\\[', '\\\\]')) return { tex: chunk.slice(3, -3), display: true };
  if (wrapped('\\\\(', '\\\\)')) return { tex: chunk.slice(3, -3), display: false };
  if (wrapped('\\[', '\\]')) return { tex: chunk.slice(2, -2), display: true };
  if (wrapped('\\(', '\\)')) return { tex: chunk.slice(2, -2), display: false };
  if (/^\\begin\{/.test(chunk)) return { tex: chunk, display: true };
  return { tex: chunk, display: false };
}
