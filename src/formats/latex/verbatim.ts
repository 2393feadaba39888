// Styled text (highlighted code, ANSI streams) → the body of a fancyvrb
// Verbatim environment with commandchars=\\\{\}. Verbatim reads line by line,
// so every style command is closed at the end of a line and reopened on the
// next. The preamble wraps long lines at spaces; nbx adds break points inside
// long runs without spaces (URLs, long strings), where TeX could not break.
import { escapeVerbatim, stripControls, type EscapeOptions } from './escape.js';

export interface StyledText {
  text: string;
  /** Wraps the escaped text of one line of this segment, e.g. `\nbxhl{string}{…}`; none = plain. */
  style?: (latex: string) => string;
}

const TAB_WIDTH = 4;
/** Lines longer than this get break points (about the width of the code box in columns). */
const LONG_LINE = 72;
/** In a run without any break point, allow one every this many characters. */
const MAX_RUN = 24;
const BREAK_AFTER = new Set([',', ';', ':', '.', '(', '[', '{', ')', ']', '}', '=', '+', '-', '*', '/', '|', '&', '_', '?']);
const BREAK = '\\nbxbr{}';

/** The Verbatim body (lines joined by `\n`, no final newline) for styled segments. */
export function verbatimBody(segments: StyledText[], opts: EscapeOptions = {}): string {
  const lines: StyledText[][] = [[]];
  for (const seg of segments) {
    const parts = stripControls(seg.text.replace(/\r\n?/g, '\n')).split('\n');
    parts.forEach((part, i) => {
      if (i > 0) lines.push([]);
      if (part) lines[lines.length - 1]!.push({ text: part, style: seg.style });
    });
  }
  if (lines.length > 1 && lines[lines.length - 1]!.length === 0) lines.pop(); // a final newline adds no line
  return lines.map((line) => renderLine(expandTabs(line), opts)).join('\n');
}

/** Tabs → spaces to the next tab stop, counting columns across segments. */
function expandTabs(line: StyledText[]): StyledText[] {
  let column = 0;
  return line.map((seg) => {
    let text = '';
    for (const c of seg.text) {
      if (c === '\t') {
        const n = TAB_WIDTH - (column % TAB_WIDTH);
        text += ' '.repeat(n);
        column += n;
      } else {
        text += c;
        column++;
      }
    }
    return { ...seg, text };
  });
}

function renderLine(line: StyledText[], opts: EscapeOptions): string {
  const whole = line.map((s) => s.text).join('');
  const breaks = [...whole].length > LONG_LINE ? breakPoints(whole) : new Set<number>();
  let offset = 0;
  return line
    .map((seg) => {
      const chars = [...seg.text];
      const pieces: string[] = [];
      let start = 0;
      chars.forEach((_c, i) => {
        if (breaks.has(offset + i) && i < chars.length - 1) {
          pieces.push(chars.slice(start, i + 1).join(''));
          start = i + 1;
        }
      });
      pieces.push(chars.slice(start).join(''));
      offset += chars.length;
      const latex = pieces.map((p) => escapeVerbatim(p, opts)).join(BREAK);
      return seg.style ? seg.style(latex) : latex;
    })
    .join('');
}

/** Character indices after which a long line may break (spaces break anyway). */
function breakPoints(line: string): Set<number> {
  const chars = [...line];
  const points = new Set<number>();
  let sinceBreak = 0;
  chars.forEach((c, i) => {
    const next = chars[i + 1];
    if (c === ' ') {
      sinceBreak = 0;
    } else if (next !== undefined && next !== ' ' && (BREAK_AFTER.has(c) || ++sinceBreak >= MAX_RUN)) {
      points.add(i);
      sinceBreak = 0;
    }
  });
  return points;
}
