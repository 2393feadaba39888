// Bytes → text → JSON, with one-line error messages that say where the
// problem is (V8's JSON errors often give no position at all).

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decode UTF-8 (a leading BOM is dropped). Returns an error message instead of throwing. */
export function decodeText(input: Uint8Array | string): { text: string } | { error: string } {
  if (typeof input === 'string') {
    return { text: input.charCodeAt(0) === 0xfeff ? input.slice(1) : input };
  }
  if ((input[0] === 0xff && input[1] === 0xfe) || (input[0] === 0xfe && input[1] === 0xff)) {
    return { error: 'not valid UTF-8 (the file is UTF-16 encoded; notebooks are UTF-8)' };
  }
  let text: string;
  try {
    text = utf8.decode(input);
  } catch {
    return { error: `not valid UTF-8 (bad byte at offset ${firstInvalidUtf8(input)})` };
  }
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

/** Offset of the first byte that starts an invalid UTF-8 sequence. Only used on failure. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    let need: number;
    let min: number;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return b.length;
}

/** JSON.parse, or a one-line "not valid JSON: … at line L column C" message. */
export function parseJson(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    const raw = err instanceof Error ? err.message : String(err);
    return { error: `not valid JSON: ${describeJsonError(raw, text)}` };
  }
}

function describeJsonError(message: string, text: string): string {
  // V8 spellings (Node 20+): "… in JSON at position 42" or "… after JSON at
  // position 42", in newer V8 followed by " (line 3 column 5)";
  // "Unexpected token 'x', "<excerpt>" is not valid JSON"; "Unexpected end of JSON input".
  const posMatch = /(?: in JSON)? at position (\d+)(?: \(line \d+ column \d+\))?/.exec(message);
  let reason = message;
  let offset: number | null = null;
  if (posMatch) {
    offset = Number(posMatch[1]);
    reason = message.slice(0, posMatch.index) + message.slice(posMatch.index + posMatch[0].length);
  } else {
    // The excerpt may hold newlines and half the file: drop it.
    const excerpt = /^(Unexpected token '(?:[\ud800-\udbff][\udc00-\udfff]|[^])'), [^]* is not valid JSON$/.exec(message);
    if (excerpt) reason = excerpt[1]!;
    offset = locateJsonError(text);
  }
  reason = oneLine(reason);
  if (offset === null) return reason;
  const { line, column } = lineColumn(text, offset);
  return `${reason} at line ${line} column ${column}`;
}

/** Control characters (newlines above all) would break the one-line rule. */
function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) =>
    c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** 1-based line and column (in characters) of a UTF-16 offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const end = Math.min(offset, text.length);
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  // Count code points so a column over CJK or emoji matches what editors show.
  let column = 1;
  for (let i = lineStart; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) i++;
    column++;
  }
  return { line, column };
}

/**
 * Offset of the first JSON syntax error (text.length for truncated input).
 * Only runs after JSON.parse failed, so it favours brevity over speed.
 */
export function locateJsonError(text: string): number | null {
  let i = 0;
  const n = text.length;
  const ws = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const fail = (): never => {
    throw new JsonErrorAt(i);
  };
  const literal = (word: string): void => {
    for (let k = 0; k < word.length; k++, i++) if (text[i] !== word[k]) fail();
  };
  const string = (): void => {
    i++; // opening quote
    while (true) {
      if (i >= n) fail();
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c < 0x20) fail();
      if (c === 92) {
        i++;
        const e = text[i];
        if (e === 'u') {
          i++;
          for (let k = 0; k < 4; k++, i++) if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail();
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) fail();
      }
      i++;
    }
  };
  const number = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '-' || m[0] === '') fail();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      while (true) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      while (true) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else fail();
  };
  try {
    value();
    ws();
    if (i < n) fail();
    return null;
  } catch (err) {
    if (err instanceof JsonErrorAt) return err.offset;
    return null; // e.g. stack overflow on absurd nesting: no position then
  }
}

class JsonErrorAt {
  constructor(readonly offset: number) {}
}
