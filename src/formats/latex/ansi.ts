// ANSI escape sequences (streams, tracebacks) → styled segments for a LaTeX
// Verbatim body: SGR colours become \textcolor with nbconvert's colour names
// (`ansi-red`, `ansi-red-intense`, defined in the preamble), 256-colour and
// 24-bit colours \textcolor[HTML]; every other escape sequence is dropped.
import type { StyledText } from './verbatim.js';

const NAMES = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];

interface Style {
  fg: string | null; // a colour name or `#RRGGBB`
  bg: string | null;
  bold: boolean;
  italic: boolean;
  underline: boolean;
  inverse: boolean;
}

const plain = (): Style => ({ fg: null, bg: null, bold: false, italic: false, underline: false, inverse: false });

// CSI sequences (SGR ends in `m`), OSC sequences, and other two-byte escapes.
const ESCAPE = /\x1b\[([0-?]*)[ -/]*([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]?/g;

/** The xterm 256-colour palette entry `n` as `#RRGGBB` (0–15 map to the named colours). */
function xterm(n: number): string | null {
  if (n < 8) return `ansi-${NAMES[n]}`;
  if (n < 16) return `ansi-${NAMES[n - 8]}-intense`;
  if (n < 232) {
    const levels = [0, 95, 135, 175, 215, 255];
    const i = n - 16;
    return hex(levels[Math.floor(i / 36)]!, levels[Math.floor(i / 6) % 6]!, levels[i % 6]!);
  }
  if (n < 256) {
    const v = 8 + (n - 232) * 10;
    return hex(v, v, v);
  }
  return null;
}

function hex(r: number, g: number, b: number): string {
  return '#' + [r, g, b].map((v) => Math.max(0, Math.min(255, v | 0)).toString(16).padStart(2, '0').toUpperCase()).join('');
}

/** Applies SGR parameters (`1;31`, `38;5;208`, …) to a style. */
function applySgr(style: Style, params: string): Style {
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => (p === '' ? 0 : Number.parseInt(p, 10)));
  let s = { ...style };
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c === 0) s = plain();
    else if (c === 1) s.bold = true;
    else if (c === 3) s.italic = true;
    else if (c === 4) s.underline = true;
    else if (c === 7) s.inverse = true;
    else if (c === 22) s.bold = false;
    else if (c === 23) s.italic = false;
    else if (c === 24) s.underline = false;
    else if (c === 27) s.inverse = false;
    else if (c >= 30 && c <= 37) s.fg = `ansi-${NAMES[c - 30]}`;
    else if (c === 39) s.fg = null;
    else if (c >= 40 && c <= 47) s.bg = `ansi-${NAMES[c - 40]}`;
    else if (c === 49) s.bg = null;
    else if (c >= 90 && c <= 97) s.fg = `ansi-${NAMES[c - 90]}-intense`;
    else if (c >= 100 && c <= 107) s.bg = `ansi-${NAMES[c - 100]}-intense`;
    else if (c === 38 || c === 48) {
      let colour: string | null = null;
      if (codes[i + 1] === 5) {
        colour = xterm(codes[i + 2] ?? -1);
        i += 2;
      } else if (codes[i + 1] === 2) {
        colour = hex(codes[i + 2] ?? 0, codes[i + 3] ?? 0, codes[i + 4] ?? 0);
        i += 4;
      }
      if (c === 38) s.fg = colour;
      else s.bg = colour;
    }
  }
  return s;
}

const colour = (c: string) => (c.startsWith('#') ? `[HTML]{${c.slice(1)}}` : `{${c}}`);

function styler(style: Style): StyledText['style'] {
  let { fg, bg } = style;
  if (style.inverse) [fg, bg] = [bg ?? 'ansi-default-inverse-fg', fg ?? 'ansi-default-inverse-bg'];
  if (!fg && !bg && !style.bold && !style.italic && !style.underline) return undefined;
  return (latex) => {
    let out = latex;
    if (style.bold) out = `\\textbf{${out}}`;
    if (style.italic) out = `\\textit{${out}}`;
    if (style.underline) out = `\\underline{${out}}`;
    if (fg) out = `\\textcolor${colour(fg)}{${out}}`;
    if (bg) out = `{\\nbxansibg${colour(bg)}{${out}}}`;
    return out;
  };
}

/** Splits text with ANSI escapes into styled segments; escapes that are not colours are dropped. */
export function ansiSegments(text: string): StyledText[] {
  const segments: StyledText[] = [];
  let style = plain();
  let last = 0;
  const push = (chunk: string) => {
    if (chunk) segments.push({ text: chunk, style: styler(style) });
  };
  for (const m of text.matchAll(ESCAPE)) {
    push(text.slice(last, m.index));
    if (m[2] === 'm') style = applySgr(style, m[1] ?? '');
    last = m.index! + m[0].length;
  }
  push(text.slice(last));
  return segments;
}
