// Text → LaTeX source that prints it as written: special characters escaped,
// TeX ligatures (`--`, `''`, `,,`) broken, control characters dropped, and
// characters the main fonts lack wrapped in font commands (latex-scripts.ts).
import { cjkFonts, isAttached, scriptFont, scriptOf, strongDirection, type Direction } from './scripts.js';

/** Which font commands a document uses, so the preamble defines only those. */
export class ScriptUsage {
  readonly used = new Set<string>();
  private cjkSample = '';

  add(script: string, text: string): void {
    this.used.add(script);
    if (script === 'CJK' && this.cjkSample.length < 4000) this.cjkSample += text;
  }

  has(script: string): boolean {
    return this.used.has(script);
  }

  /** Font candidates of a used script (CJK ones depend on the language of the text seen). */
  fonts(script: string): { text: readonly string[]; mono: readonly string[] } {
    if (script === 'CJK') return cjkFonts(this.cjkSample);
    const font = scriptFont(script)!;
    return { text: font.text, mono: font.mono };
  }
}

export interface EscapeOptions {
  scripts?: ScriptUsage;
  /** Direction of the enclosing paragraph: runs of the other direction are wrapped. */
  direction?: Direction;
}

const TEXT_ESCAPES: Record<string, string> = {
  '\\': '\\textbackslash{}', '{': '\\{', '}': '\\}', '#': '\\#', $: '\\$', '%': '\\%', '&': '\\&', _: '\\_',
  '~': '\\textasciitilde{}', '^': '\\textasciicircum{}', '<': '\\textless{}', '>': '\\textgreater{}',
  '|': '\\textbar{}', '`': '\\textasciigrave{}', '\u00a0': '~', '\u00ad': '\\-', '\u200b': '\\hspace{0pt}',
  '\t': ' ', '\u2028': '\n', '\u2029': '\n',
};
// In fancyvrb's Verbatim with commandchars=\\\{\} only these three are special.
const VERBATIM_ESCAPES: Record<string, string> = { '\\': '\\textbackslash{}', '{': '\\{', '}': '\\}' };

// C0/C1 controls (ESC of stray ANSI codes included), DEL, BOM, and the emoji
// variation selectors (no font of XeTeX's has them): never reach the .tex.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\ufe0e\ufe0f\ufeff\ufffe\uffff]/g;

export function stripControls(text: string): string {
  return text.replace(CONTROL, (c) => (c === '\t' ? c : ''));
}

function escapeChars(text: string, table: Record<string, string>, ligatures: boolean): string {
  let out = '';
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    out += table[c] ?? c;
    // `--`, `''`, `,,` are ligatures in TeX fonts; markdown means the characters.
    if (ligatures && (c === '-' || c === "'" || c === ',') && chars[i + 1] === c) out += '{}';
  }
  return out;
}

/** Escapes running text (paragraphs, headings, table cells, link text). */
export function escapeLatex(text: string, opts: EscapeOptions = {}): string {
  return wrapRuns(stripControls(text).replace(/\r\n?/g, '\n'), (s) => escapeChars(s, TEXT_ESCAPES, true), opts);
}

/** Escapes one line for a Verbatim environment with commandchars=\\\{\} (tabs must be expanded before). */
export function escapeVerbatim(text: string, opts: EscapeOptions = {}): string {
  return wrapRuns(stripControls(text).replace(/[\r\n]/g, ''), (s) => escapeChars(s, VERBATIM_ESCAPES, false), opts);
}

/**
 * Splits text into direction runs (only runs opposite to the paragraph's are
 * wrapped: `\nbxRTL{…}` / `\nbxLTR{…}`) and font runs (`\nbxfontCJK{…}`).
 */
function wrapRuns(text: string, escape: (s: string) => string, opts: EscapeOptions): string {
  const scripts = opts.scripts;
  const direction = opts.direction ?? 'ltr';
  if (!scripts || (direction === 'ltr' && /^[\x00-\u024f]*$/.test(text))) return escape(text); // fast path: Latin only
  return directionRuns(text, direction)
    .map(({ text: run, opposite }) => {
      const rtl = (direction === 'rtl') !== opposite;
      const body = fontRuns(rtl ? mirror(run) : run, escape, scripts);
      if (!opposite) return body;
      scripts.used.add(direction === 'ltr' ? 'RTL' : 'LTR');
      return direction === 'ltr' ? `\\nbxRTL{${body}}` : `\\nbxLTR{${body}}`;
    })
    .join('');
}

const MIRRORED: Record<string, string> = { '(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<', '«': '»', '»': '«' };

/** Brackets in right-to-left text show mirrored (Unicode's Bidi_Mirrored); TeX--XeT only reverses their order. */
function mirror(text: string): string {
  return text.replace(/[()[\]{}<>«»]/g, (c) => MIRRORED[c]!);
}

/** Runs from the first to the last strong character of the other direction, neutrals between them included. */
function directionRuns(text: string, paragraph: Direction): { text: string; opposite: boolean }[] {
  const chars = [...text];
  const dirs = chars.map(strongDirection);
  const runs: { text: string; opposite: boolean }[] = [];
  let i = 0;
  while (i < chars.length) {
    if (dirs[i] !== null && dirs[i] !== paragraph) {
      let end = i; // last opposite strong character of the run
      for (let j = i + 1; j < chars.length && dirs[j] !== paragraph; j++) if (dirs[j] !== null || isAttached(chars[j]!.codePointAt(0)!)) end = j;
      runs.push({ text: chars.slice(i, end + 1).join(''), opposite: true });
      i = end + 1;
    } else {
      let j = i + 1;
      while (j < chars.length && !(dirs[j] !== null && dirs[j] !== paragraph)) j++;
      runs.push({ text: chars.slice(i, j).join(''), opposite: false });
      i = j;
    }
  }
  return runs;
}

function fontRuns(text: string, escape: (s: string) => string, scripts: ScriptUsage): string {
  const chars = [...text];
  const classes: (string | null)[] = [];
  for (let i = 0; i < chars.length; i++) {
    const cp = chars[i]!.codePointAt(0)!;
    classes.push(i > 0 && isAttached(cp) ? classes[i - 1]! : scriptOf(cp)?.name ?? null);
  }
  // A space between two characters of one script stays in their run.
  for (let i = 1; i < chars.length - 1; i++) {
    if (chars[i] === ' ' && classes[i - 1] && classes[i - 1] === classes[i + 1]) classes[i] = classes[i - 1]!;
  }
  let out = '';
  for (let i = 0; i < chars.length; ) {
    let j = i + 1;
    while (j < chars.length && classes[j] === classes[i]) j++;
    const run = chars.slice(i, j).join('');
    const script = classes[i];
    if (script) {
      scripts.add(script, run);
      out += `\\nbxfont${script}{${escape(run)}}`;
    } else {
      out += escape(run);
    }
    i = j;
  }
  return out;
}

/** A \label / \hyperref key for a heading id or link fragment: ASCII, no TeX specials. */
export function latexLabel(id: string): string {
  return id.replace(/[^A-Za-z0-9\-.:]/g, (c) => `+${c.codePointAt(0)!.toString(16)}`);
}

/** A URL for \href / \url: unsafe characters percent-encoded, then TeX specials escaped (hyperref undoes these). */
export function escapeUrl(url: string): string {
  const encoded = [...stripControls(url)]
    .map((c) => (/[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/.test(c) ? c : encodeURIComponent(c).replace(/'/g, '%27')))
    .join('');
  return encoded.replace(/[#%&~$_]/g, (c) => `\\${c}`);
}

/**
 * A file path for \includegraphics. graphicx expands it, so the characters
 * TeX would read as syntax are written as macros that expand to the plain
 * character (`\nbxpercent `, defined in the preamble); `_ & $` and spaces are fine as they are.
 */
export function latexPath(file: string): string {
  const names: Record<string, string> = {
    '%': 'percent', '#': 'hash', '~': 'tilde', '{': 'lbrace', '}': 'rbrace', '\\': 'backslash', '^': 'caret',
  };
  // `^` too: `^^5c` is TeX's spelling of a backslash, which would start a command.
  return stripControls(file).replace(/[%#~{}\\^]/g, (c) => `\\nbx${names[c]} `);
}

/**
 * Text for a `%` comment line of the .tex (the file name in the header): a
 * line break would end the comment and let the rest run as TeX, so every
 * control and line-separator character becomes `?`.
 */
export function latexComment(text: string): string {
  return text.replace(/[\p{Cc}\p{Zl}\p{Zp}\u0085]/gu, '?');
}
