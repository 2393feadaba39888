// What reStructuredText would otherwise interpret, escaped. RST reads
// markup from characters (`*`, backquotes, `|`, `_` at word ends), from what
// a line starts with (bullets, enumerators, `..`, field markers), from lines
// of repeated punctuation (section underlines) and from a paragraph's final
// `::` (a literal block must follow). Each rule below names the construct.

/** Plain text with inline markup characters escaped (`snake_case` stays readable). */
export function escapeText(text: string): string {
  // `_` only matters before a non-word character: `name_`, `name__`, `_`x``.
  return text.replace(/[\\`*|]/g, '\\$&').replace(/_(?![\p{L}\p{N}])/gu, '\\_');
}

// A text block's first line that RST would read as the start of another construct.
const BLOCK_STARTS = [
  /^[-+•‣⁃—]/, // bullets, option lists (-x, --long, +x), attributions (--, —)
  /^(?:\d+|[a-zA-Z]|[ivxlcdm]+|[IVXLCDM]+|#)[.)](?:\s|$)/, // enumerators: 1.  a)  iv.  #.
  /^\((?:\d+|[a-zA-Z]|[ivxlcdm]+|[IVXLCDM]+|#)\)(?:\s|$)/, // (1)  (a)
  /^\.\.(?:\s|$)/, // explicit markup: comments, directives, targets
  /^:(?![: ])(?:[^:\\]|\\.|:(?![ `]|$))*(?<! ):(?:\s|$)/, // field list marker (not a role)
  /^>>>/, // doctest block
  /^\/[a-zA-Z0-9]/, // DOS-style option
  /^=+(?: +=+)+\s*$/, // simple table border
];
// A line of one repeated punctuation character: a section underline or overline.
const PUNCTUATION_RUN = /^([!-/:-@[-`{-~])\1*\s*$/;

/**
 * Escape the first character of lines that would start a construct:
 * the first line of a text block, and any line that is a punctuation run.
 */
export function escapeLineStarts(text: string): string {
  return text
    .split('\n')
    .map((line, i) => ((i === 0 && BLOCK_STARTS.some((re) => re.test(line))) || PUNCTUATION_RUN.test(line) ? '\\' + line : line))
    .join('\n');
}

/** A paragraph ending in `::` announces a literal block; keep the colons as text. */
export function escapeFinalColons(text: string): string {
  return text.endsWith('::') && backslashesBefore(text, text.length - 2) % 2 === 0 ? text.slice(0, -1) + '\\:' : text;
}

/** How many backslashes stand right before `end` (a regex lookbehind for this is quadratic on long runs). */
function backslashesBefore(text: string, end: number): number {
  let n = 0;
  while (end - n > 0 && text[end - n - 1] === '\\') n++;
  return n;
}

// Inline markup is recognised only after whitespace or these characters, and
// before whitespace or these; `\ ` (an escaped, invisible space) separates it
// from anything else (`**bold**\ ly`).
const START_OK = /[\s\-:/'"<([{]/;
const END_OK = /[\s\-.,:;!?/'")\]}>]/;

export interface Piece {
  text: string;
  /** Inline markup (`**x**`, ``x``, roles, references) that needs word boundaries. */
  markup: boolean;
}

export function joinPieces(pieces: Piece[]): string {
  const parts: string[] = [];
  // The last character written, kept aside: reading it off a string built by
  // `+=` flattens the whole string each time (quadratic on long paragraphs).
  let last = '';
  let after = ''; // the markup just written, if the last piece was markup
  for (const { text, markup } of pieces) {
    if (!text) continue;
    const separate = markup
      ? last && (!START_OK.test(last) || (text[0] === '`' && last === ':'))
      : after && (!END_OK.test(text[0]!) || (text[0] === ':' && after.endsWith('`')));
    // (A colon next to interpreted text would make a role of the words around it: `x`:role:.)
    if (separate) parts.push('\\ ');
    parts.push(text);
    last = text.at(-1)!;
    after = markup ? text : '';
  }
  return parts.join('');
}

/** ``code``, or null when the code cannot be an inline literal (it holds an end-string). */
export function inlineLiteral(code: string): string | null {
  const body = code.trim();
  // An inner `` after a non-space and before a space or punctuation would end the literal early.
  if (!body || /(?<=\S)``(?=[\s\-.,:;!?\\/'")\]}>]|$)/.test(body)) return null;
  return `\`\`${body}\`\``;
}

/** Text of an interpreted-text role (:math:, :raw-html:), or null if RST cannot hold it. */
export function roleText(role: string, content: string): string | null {
  // On one line: a continuation line could otherwise look like an underline and be escaped.
  const body = content.trim().replace(/\s*\n\s*/g, ' ');
  // Roles keep backslashes verbatim, so a backquote cannot be escaped, and a
  // final backslash would escape the closing backquote.
  if (!body || body.includes('`') || backslashesBefore(body, body.length) % 2 === 1) return null;
  return `:${role}:\`${body}\``;
}

/** Text inside a phrase reference: `` `text <uri>`_ ``. */
export function escapeReferenceText(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/[\\`<*|]/g, '\\$&');
}

/** A URI inside `<…>` or as a directive argument. */
export function escapeUri(uri: string): string {
  const encoded = uri.replace(/[\s<>`\\]/g, (c) => encodeURIComponent(c));
  // A final `_` would make it a reference name.
  return encoded.endsWith('_') ? encoded.slice(0, -1) + '\\_' : encoded;
}

/** A local file path as a directive argument: spaces escaped, not percent-encoded (Sphinx reads files). */
export function escapePath(file: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(file) || file.startsWith('//')) return escapeUri(file);
  const escaped = file.replace(/[\\`]/g, '\\$&').replace(/\s/g, '\\ ');
  return escaped.endsWith('_') ? escaped.slice(0, -1) + '\\_' : escaped;
}

/**
 * The column width docutils measures a title by. Wide (East Asian) characters
 * take two columns; counting every non-ASCII character as two can only make an
 * underline longer than needed, which RST accepts.
 */
export function columnWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += ch === '\t' ? 8 : ch.charCodeAt(0) < 0x80 ? 1 : 2;
  return width;
}

// Characters Python's str.splitlines() (and so docutils) breaks lines at, besides \n.
const EXTRA_LINE_BREAKS = /[\v\f\x1c-\x1e\x85\u2028\u2029]/g;
const CONTROL = /[\x00-\x08\x0e-\x1b\x7f]/g;

/** Text of a literal or raw block: one kind of line break, no control characters. */
export function cleanLiteral(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(EXTRA_LINE_BREAKS, '\n').replace(CONTROL, '');
}

/** Markdown source before parsing: characters docutils would break lines at become spaces. */
export function cleanMarkdown(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(EXTRA_LINE_BREAKS, ' ').replace(CONTROL, '');
}

// docutils (and so Sphinx) refuses input lines longer than 10000 characters
// (setting line_length_limit); blocks keep theirs below this.
export const LINE_LIMIT = 8000;

export function hasLongLine(text: string): boolean {
  return text.length > LINE_LIMIT && text.split('\n').some((line) => line.length > LINE_LIMIT);
}

/** Verbatim text with over-long lines cut (shown wrapped, as a terminal would). */
export function cutLongLines(text: string): string {
  if (!hasLongLine(text)) return text;
  const cut = (line: string): string => {
    const parts: string[] = [];
    for (let i = 0; i < line.length; i += LINE_LIMIT) parts.push(line.slice(i, i + LINE_LIMIT));
    return parts.join('\n');
  };
  return text.split('\n').map(cut).join('\n');
}

/** Running text with over-long lines broken at spaces (a line break is a space in RST). */
export function wrapLongLines(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      let out = '';
      while (line.length > LINE_LIMIT) {
        let at = line.lastIndexOf(' ', LINE_LIMIT);
        while (at > 0 && line[at - 1] === '\\') at = line.lastIndexOf(' ', at - 1); // not an escaped space
        if (at <= 0) break;
        out += line.slice(0, at) + '\n';
        line = line.slice(at + 1);
      }
      return out + line;
    })
    .join('\n');
}

/** Indent every non-empty line by `n` spaces. */
export function indent(text: string, n: number): string {
  const pad = ' '.repeat(n);
  return text.replace(/^(?=.*\S)/gm, pad);
}

/** Trailing whitespace removed from every line (never after a `\`, which would escape the newline). */
export function trimLineEnds(text: string): string {
  // Scanned from each line's end: the pattern /[ \t]+$/m retries every position of a long inner run of spaces (quadratic).
  return text.split('\n').map((line) => {
    let end = line.length;
    while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
    if (end === line.length) return line;
    return line.slice(0, line[end - 1] === '\\' ? end + 1 : end);
  }).join('\n');
}
