// Math chunks (from math-extract) to HTML with KaTeX, at convert time, with the
// MathJax habits notebooks rely on: macros shared across cells, \newcommand
// that redefines, mhchem, eqnarray, \label/\eqref/\ref.
//
// Equation numbering: AMS style, as nbconvert's and nbviewer's MathJax
// (`autoNumber: "AMS"`). Every row of equation, align, gather, alignat,
// flalign, multline, eqnarray (unstarred) gets a number unless \notag,
// \nonumber or \tag; a labelled row or display formula gets one even when
// starred or in $$…$$. All numbers come from our own counter and are written
// as explicit `\tag{n}` (envs become starred ones, `equation` its bare body),
// so KaTeX's CSS counters (`eqn-num`) never appear: what the reader sees, the
// anchor and every \eqref agree by construction, whatever the page or CSS.
// prepare() gets the chunks in document order; math rendered without being
// prepared (e.g. from outputs) continues the count after the prepared ones.

import type Katex from 'katex';
import type { Diagnostics } from '../errors.js';
import { escapeHtml } from '../render/escape.js';
import { mathDelimiters } from './math-extract.js';

// KaTeX (with mhchem) is a large part of what a conversion loads, and most
// notebooks without math never need it: exporters await loadKatex() first.
let katex: typeof Katex | undefined;

export async function loadKatex(): Promise<void> {
  if (katex) return;
  const { default: lib } = await import('katex');
  await import('katex/contrib/mhchem'); // registers \ce and \pu with that same KaTeX
  katex = lib;
}

function loadedKatex(): typeof Katex {
  if (!katex) throw new Error('KaTeX is not loaded: await loadKatex() before rendering math');
  return katex;
}

const NUMBERED_ENVS = new Set(['equation', 'align', 'gather', 'alignat', 'flalign', 'multline', 'eqnarray']);
// Environments KaTeX refuses in inline mode; `$\begin{align}…$` is common.
const DISPLAY_ONLY = new Set([...NUMBERED_ENVS, 'split', 'CD']);
const LABEL = /\\label\s*\{([^{}]*)\}/g;
const NO_NUMBER = /\\(?:notag|nonumber)(?![A-Za-z])/g;
const TAG = /\\tag(\*?)\s*\{/;
const REF = /\\(eq)?ref\s*\{([^{}]*)\}/g;
const PLACEHOLDER_ONLY = /^@@\d+@@$/;
const NUMBERING = new RegExp(`\\\\label|\\\\begin\\s*\\{(?:${[...NUMBERED_ENVS].join('|')})\\b`);
const affectsNumbering = (chunk: string): boolean => NUMBERING.test(chunk);

interface NumberedChunk {
  chunk: string;
  /** TeX with labels gone and numbers as \tag; refs are resolved at render. */
  tex: string;
  display: boolean;
  /** Warnings found while numbering, reported where the chunk is rendered. */
  notes: string[];
}

interface Label {
  id: string;
  /** What \ref shows: the number or the \tag text; null when unnumbered. */
  text: string | null;
}

type Outcome = { html: string } | { error: string; short: string };

export class MathRenderer {
  /** True once any math was rendered (the page then needs KaTeX's CSS). */
  used = false;

  // One macro table per notebook, written by KaTeX itself (globalGroup).
  private readonly macros: Record<string, string | object> = {};
  private macroGeneration = 0; // bumped whenever a render changed `macros`
  private readonly cache = new Map<string, Outcome>();
  private readonly labels = new Map<string, Label>();
  private readonly anchorIds = new Set<string>();
  private equationCounter = 0;
  private prepared: NumberedChunk[] = [];
  private cursor = 0;

  constructor(private readonly diag: Diagnostics) {}

  /**
   * Number all the notebook's math chunks, in document order, before any
   * render: labels are then known even when \eqref comes first.
   */
  prepare(chunks: string[]): void {
    this.labels.clear();
    this.anchorIds.clear();
    this.equationCounter = 0;
    this.cursor = 0;
    this.prepared = chunks.filter(affectsNumbering).map((c) => this.number(c));
  }

  /** HTML for one chunk (with its delimiters); never throws. */
  render(chunk: string, where: string): string {
    if (PLACEHOLDER_ONLY.test(chunk)) return chunk; // `@@N@@` written in the source, not math
    const numbered = (affectsNumbering(chunk) && this.takePrepared(chunk)) || this.number(chunk);
    for (const note of numbered.notes) this.diag.warn(where, note);
    const tex = this.resolveRefs(numbered.tex, where);
    const outcome = this.typeset(tex, numbered.display);
    if ('html' in outcome) {
      this.used = true;
      return outcome.html;
    }
    this.diag.warn(where, `math not rendered: ${outcome.short}`);
    // A span even for display math: markdown-it puts $$…$$ inside a <p>.
    const cls = numbered.display ? 'nbx-math-error nbx-math-display' : 'nbx-math-error';
    return `<span class="${cls}" title="${escapeHtml(outcome.error)}">${escapeHtml(chunk)}</span>`;
  }

  /**
   * The prepared entry for this chunk, scanning forward: chunks in indented
   * code are prepared but never rendered. Chunks that cannot change numbering
   * skip this, so math from outputs cannot move the cursor.
   */
  private takePrepared(chunk: string): NumberedChunk | undefined {
    const i = this.prepared.findIndex((entry, k) => k >= this.cursor && entry.chunk === chunk);
    if (i >= 0) this.cursor = i + 1;
    return this.prepared[i];
  }

  // ---- numbering -------------------------------------------------------

  private number(chunk: string): NumberedChunk {
    const notes: string[] = [];
    let { tex, display } = mathDelimiters(chunk);
    tex = toKatexDialect(tex);
    const whole = /^\s*\\begin\{([A-Za-z]+)\*?\}[\s\S]*\\end\{\1\*?\}\s*$/.exec(tex);
    if (!display && whole && DISPLAY_ONLY.has(whole[1] as string)) display = true;

    if (display) {
      const found = findEnvironments(tex, NUMBERED_ENVS);
      // Number in reading order, then splice from the end so offsets hold.
      const only = found.length === 1 ? found[0] : undefined;
      const alone = only !== undefined && tex.trim().length === only.end - only.start;
      const rewritten = found.map((env) => this.numberEnvironment(env, alone, notes));
      for (let k = found.length - 1; k >= 0; k--) {
        const env = found[k] as Environment;
        tex = tex.slice(0, env.start) + rewritten[k] + tex.slice(env.end);
      }
      // A labelled display formula outside any environment is one row.
      if (found.length === 0 && tex.includes('\\label')) tex = this.numberRow(tex, false, notes);
    }
    tex = tex.replace(LABEL, ''); // inline math, or stray labels: nothing to number
    return { chunk, tex, display, notes };
  }

  private numberEnvironment(env: Environment, alone: boolean, notes: string[]): string {
    const { name } = env;
    let body = env.body;
    const numbered = !env.starred;
    // One number for the whole formula, on its last line. A lone equation
    // becomes its bare body, which keeps the \tag in KaTeX's MathML.
    if (name === 'equation' || name === 'multline') {
      const row = this.numberRow(body, numbered, notes);
      const wrapper = name === 'multline' ? 'gather*' : 'equation*';
      return name === 'equation' && alone ? row : `\\begin{${wrapper}}${row}\\end{${wrapper}}`;
    }
    let argument = '';
    if (name === 'alignat') {
      const close = groupEnd(body, body.search(/\S/));
      if (close > 0) [argument, body] = [body.slice(0, close), body.slice(close)];
    }
    const { parts: rows, separators } = splitTopLevel(body, 'rows');
    const numberedRows = rows.map((row, i) => {
      const emptyLast = i === rows.length - 1 && rows.length > 1 && row.trim() === '';
      return emptyLast ? row : this.numberRow(row, numbered, notes);
    });
    if (name === 'eqnarray') return eqnarrayToAlignat(numberedRows, separators);
    const joined = numberedRows.map((row, i) => row + (separators[i] ?? '')).join('');
    const starred = name === 'gather' ? 'gather*' : name === 'alignat' ? 'alignat*' : 'align*';
    return `\\begin{${starred}}${argument}${joined}\\end{${starred}}`;
  }

  /** Drop \label/\notag from one row and give it its \tag (with anchors). */
  private numberRow(row: string, numbered: boolean, notes: string[]): string {
    const names = [...row.matchAll(LABEL)].map((m) => (m[1] as string).trim());
    row = row.replace(LABEL, '');
    const unsuppressed = row.replace(NO_NUMBER, '');
    const suppressed = unsuppressed !== row;
    row = unsuppressed;
    const labels = names.map((name) => this.claimLabel(name, notes)).filter((l): l is Label => l !== null);
    const anchored = (text: string): string => labels.reduce((inner, l) => `\\htmlId{${l.id}}{${inner}}`, text);
    const show = (text: string): void => labels.forEach((l) => (l.text = text));

    const tag = TAG.exec(row);
    if (tag) {
      // Keep the author's tag; labels show its text.
      const open = tag.index + tag[0].length - 1;
      const close = groupEnd(row, open);
      if (close < 0) return row;
      const text = row.slice(open + 1, close - 1);
      show(text);
      return `${row.slice(0, open + 1)}${anchored(text)}${row.slice(close - 1)}`;
    }
    if (suppressed || !(numbered || labels.length > 0)) return row;
    const number = String(++this.equationCounter);
    show(number);
    const separator = row.includes('%') ? '\n' : ' '; // a trailing comment would eat the tag
    return `${row}${separator}\\tag{${anchored(number)}}`;
  }

  /** Register a label with a fresh anchor id; null for a duplicate. */
  private claimLabel(name: string, notes: string[]): Label | null {
    if (this.labels.has(name)) {
      notes.push(`equation label "${name}" defined twice; the first one is used`);
      return null;
    }
    const base = `eq-${name.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
    let id = base;
    for (let k = 2; this.anchorIds.has(id); k++) id = `${base}-${k}`;
    this.anchorIds.add(id);
    const label: Label = { id, text: null };
    this.labels.set(name, label);
    return label;
  }

  /** \eqref{x} → "(n)" and \ref{x} → "n", each a link to the equation. */
  private resolveRefs(tex: string, where: string): string {
    if (!tex.includes('ref')) return tex;
    return tex.replace(REF, (_m, eq: string | undefined, name: string) => {
      const label = this.labels.get(name.trim());
      if (!label || label.text === null) {
        this.diag.warn(where, `unknown equation label "${name.trim()}"`);
        return eq ? '\\text{(???)}' : '\\text{???}';
      }
      const shown = eq ? `(${label.text})` : label.text;
      return `\\href{#${label.id}}{\\text{${shown}}}`;
    });
  }

  // ---- KaTeX ------------------------------------------------------------

  private typeset(tex: string, display: boolean): Outcome {
    const key = `${this.macroGeneration}\u0000${display ? 'D' : 'I'}\u0000${tex}`;
    const cached = this.cache.get(key);
    if (cached) return cached;

    const tooLarge = mathTooLarge(tex);
    if (tooLarge) return { error: tooLarge, short: tooLarge };
    const before = { ...this.macros };
    let outcome: Outcome;
    try {
      const html = silently(() => loadedKatex().renderToString(tex, this.options(display)));
      // KaTeX's MathML numbers tagged table rows with a CSS counter of its
      // own, which would disagree with our numbers: drop that hook.
      outcome = { html: html.replace(/<mtd class\s*=\s*"mml-eqn-num"><\/mtd>/g, '<mtd></mtd>') };
    } catch (err) {
      // A failed render may have defined some macros already: undo them.
      for (const name of Object.keys(this.macros)) delete this.macros[name];
      Object.assign(this.macros, before);
      outcome = describeError(err);
    }
    delete this.macros['\\df@tag']; // KaTeX's scratch for \tag, not a definition
    if (macrosChanged(before, this.macros)) {
      this.macroGeneration++; // later chunks may expand differently
    } else {
      this.cache.set(key, outcome);
    }
    return outcome;
  }

  private options(display: boolean): Katex.KatexOptions {
    return {
      displayMode: display,
      output: 'htmlAndMathml',
      throwOnError: true, // we show the source ourselves, never KaTeX's red box
      strict: 'ignore', // MathJax accepts non-LaTeX conveniences too
      macros: this.macros,
      globalGroup: true, // \newcommand in one cell serves the later cells
      maxExpand: 1000,
      maxSize: 100, // ems: a hostile \rule must not cover the page
      // Only in-page links and our own anchors: notebooks are untrusted.
      trust: (context) =>
        (context.command === '\\href' && context.url.startsWith('#')) ||
        (context.command === '\\htmlId' && this.anchorIds.has(context.id)),
    };
  }
}

/** KaTeX's \message, \show and strict warnings print to the console; keep stdout/stderr ours. */
function silently<T>(render: () => T): T {
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  const mute = (): void => {};
  Object.assign(console, { log: mute, info: mute, warn: mute, error: mute });
  try {
    return render();
  } finally {
    Object.assign(console, saved);
  }
}

// KaTeX's time and memory grow faster than the size of a table: a 450×450
// array takes 44 s and 3.5 GB, 560×560 exhausts V8's heap. Math beyond these
// bounds is shown as its source (legitimate notebook math stays far below).
const MAX_MATH_LENGTH = 50_000;
const MAX_MATH_CELLS = 10_000;

/** Why KaTeX must not be given this TeX, or null. */
export function mathTooLarge(tex: string): string | null {
  if (tex.length > MAX_MATH_LENGTH) return `too large to typeset (${tex.length} characters; at most ${MAX_MATH_LENGTH})`;
  let cells = 0;
  for (let i = 0; i < tex.length; i++) {
    const c = tex.charCodeAt(i);
    if (c === 38 /* & */) cells++;
    else if (c === 92 /* \ */) {
      if (tex.charCodeAt(i + 1) === 92) cells++;
      i++;
    }
  }
  return cells > MAX_MATH_CELLS ? `too large to typeset (${cells} table cells; at most ${MAX_MATH_CELLS})` : null;
}

function describeError(err: unknown): { error: string; short: string } {
  const error = err instanceof Error ? err.message : String(err);
  const raw = err instanceof loadedKatex().ParseError && err.rawMessage ? err.rawMessage : error;
  const line = raw.replace(/\s+/g, ' ').trim();
  return { error, short: line.length > 120 ? `${line.slice(0, 117)}...` : line };
}

function macrosChanged(before: Record<string, unknown>, after: Record<string, unknown>): boolean {
  const names = Object.keys(after);
  return names.length !== Object.keys(before).length || names.some((n) => before[n] !== after[n]);
}

// ---- TeX surgery (just enough structure: groups, environments, rows) ------

const CONTROL_SEQUENCE = /\\(?:[A-Za-z@]+|[\s\S])?/y;

/** Index just past the `{…}` group opening at `s[open]`, or -1. */
function groupEnd(s: string, open: number): number {
  if (s[open] !== '{') return -1;
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

/** Split at `\\`/`\cr` (rows) or `&` (cells) outside groups, nested envs and comments. */
function splitTopLevel(s: string, kind: 'rows' | 'cells'): { parts: string[]; separators: string[] } {
  const parts: string[] = [];
  const separators: string[] = [];
  let depth = 0;
  let from = 0;
  const cut = (at: number, separator: string): void => {
    parts.push(s.slice(from, at));
    separators.push(separator);
    from = at + separator.length;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '%') {
      const newline = s.indexOf('\n', i);
      if (newline < 0) break;
      i = newline;
    } else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === '&' && depth === 0 && kind === 'cells') cut(i, '&');
    else if (c === '\\') {
      CONTROL_SEQUENCE.lastIndex = i;
      const word = (CONTROL_SEQUENCE.exec(s) as RegExpExecArray)[0];
      if (word === '\\begin') depth++;
      else if (word === '\\end') depth--;
      else if ((word === '\\\\' || word === '\\cr') && depth === 0 && kind === 'rows') cut(i, word);
      i += word.length - 1;
    }
  }
  parts.push(s.slice(from));
  return { parts, separators };
}

interface Environment {
  name: string;
  starred: boolean;
  body: string;
  start: number;
  end: number;
}

/** Outermost `\begin{name}…\end{name}` (or starred) for the given names. */
function findEnvironments(tex: string, names: Set<string>): Environment[] {
  const found: Environment[] = [];
  const begin = /\\begin\s*\{([A-Za-z]+)(\*?)\}/g;
  for (let m = begin.exec(tex); m; m = begin.exec(tex)) {
    const name = m[1] as string;
    if (!names.has(name)) continue;
    const full = name + m[2];
    const edge = /\\(begin|end)\s*\{([A-Za-z]+\*?)\}/g;
    edge.lastIndex = begin.lastIndex;
    let depth = 1;
    for (let e = edge.exec(tex); e; e = edge.exec(tex)) {
      if (e[2] !== full) continue;
      depth += e[1] === 'begin' ? 1 : -1;
      if (depth === 0) {
        const body = tex.slice(begin.lastIndex, e.index);
        found.push({ name, starred: m[2] === '*', body, start: m.index, end: edge.lastIndex });
        begin.lastIndex = edge.lastIndex;
        break;
      }
    }
  }
  return found;
}

/**
 * eqnarray's `r & c & l` rows as alignat* (columns r l, then l in every
 * second column), keeping extra cells aligned as MathJax does.
 */
function eqnarrayToAlignat(rows: string[], separators: string[]): string {
  let pairs = 1;
  const converted = rows.map((row) => {
    const cells = splitTopLevel(row, 'cells').parts;
    pairs = Math.max(pairs, cells.length - 1);
    return cells.map((cell, i) => (i === 0 ? cell : `${i === 1 ? ' & ' : ' && '}{}${cell}{}`)).join('');
  });
  const joined = converted.map((row, i) => row + (separators[i] ?? '')).join('');
  return `\\begin{alignat*}{${pairs}}${joined}\\end{alignat*}`;
}

/** MathJax-only input KaTeX lacks, rewritten to what KaTeX knows. */
function toKatexDialect(tex: string): string {
  if (tex.includes('\\require')) tex = tex.replace(/\\require\s*\{[^{}]*\}/g, '');
  if (tex.includes('\\DeclareMathOperator')) tex = declareOperators(tex);
  if (tex.includes('command')) {
    // MathJax's \newcommand and \renewcommand define whether or not the name
    // exists; KaTeX refuses one or the other. Make sure it exists, then renew.
    tex = tex.replace(
      /\\(?:re)?newcommand(?![A-Za-z@])\s*\*?\s*(?:\{\s*(\\(?:[A-Za-z@]+|.))\s*\}|(\\(?:[A-Za-z@]+|.)))/g,
      (_m, braced?: string, bare?: string) => `\\providecommand{${braced ?? bare}}{}\\renewcommand{${braced ?? bare}}`,
    );
  }
  return tex;
}

/** `\DeclareMathOperator{\op}{text}` → a macro for `\operatorname{text}`. */
function declareOperators(tex: string): string {
  const declare = /\\DeclareMathOperator(\*?)\s*(?:\{\s*(\\[A-Za-z@]+)\s*\}|(\\[A-Za-z@]+))\s*/g;
  let out = '';
  let from = 0;
  for (let m = declare.exec(tex); m; m = declare.exec(tex)) {
    const close = groupEnd(tex, declare.lastIndex);
    if (close < 0) continue;
    const name = m[2] ?? m[3];
    const body = tex.slice(declare.lastIndex, close);
    out += `${tex.slice(from, m.index)}\\newcommand{${name}}{\\operatorname${m[1]}${body}}`;
    from = declare.lastIndex = close;
  }
  return out + tex.slice(from);
}
