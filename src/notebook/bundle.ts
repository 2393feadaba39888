// MIME bundles (output data, cell attachments): text joined, images and PDFs
// decoded from base64, JSON types parsed. A broken representation is dropped
// with a warning so exporters fall back to the next one (usually text/plain).

import { Buffer } from 'node:buffer';
import type { Diagnostics } from '../errors.js';
import type { JsonValue, MimeBundle } from './model.js';
import { isObject, joinText, keyPath, typeName } from './raw.js';

/** Types stored as base64 in notebooks. SVG is text. */
export function isBinaryMime(mime: string): boolean {
  return (mime.startsWith('image/') && mime !== 'image/svg+xml') || mime === 'application/pdf';
}

export function isJsonMime(mime: string): boolean {
  return mime === 'application/json' || mime.endsWith('+json');
}

export function readBundle(raw: unknown, diag: Diagnostics, path: string): MimeBundle {
  const bundle: MimeBundle = {};
  if (!isObject(raw)) {
    diag.warn(path, raw === undefined ? 'missing; using {}' : `is ${typeName(raw)}, not an object; using {}`);
    return bundle;
  }
  for (const mime of Object.keys(raw)) {
    const value = raw[mime];
    const at = keyPath(path, mime);
    if (isBinaryMime(mime)) {
      const text = joinText(value, diag, at);
      if (text === null) continue;
      const bytes = decodeBase64(text);
      if (bytes === null) {
        diag.warn(at, `${text.trim() === '' ? 'empty' : 'not valid base64'}; using the next representation`);
        continue;
      }
      bundle[mime] = bytes;
    } else if (isJsonMime(mime)) {
      bundle[mime] = typeof value === 'string' ? parseJsonString(value) : (value as JsonValue);
    } else {
      const text = joinText(value, diag, at);
      if (text !== null) bundle[mime] = text;
    }
  }
  return bundle;
}

/** JSON outputs are usually objects already; a string may hold serialised JSON (v3). */
function parseJsonString(s: string): JsonValue {
  try {
    return JSON.parse(s) as JsonValue;
  } catch {
    return s;
  }
}

// Base64 alphabet with the whitespace notebooks contain (line breaks), padding last.
const BASE64 = /^[A-Za-z0-9+/\t\n\r ]*={0,2}[\t\n\r ]*$/;

/**
 * Strict base64 check before decoding: Buffer.from silently skips bad
 * characters, which would turn a corrupt image into a broken <img>.
 * Tuned for megabyte strings: one regex pass, no whitespace-stripped copy.
 */
export function decodeBase64(s: string): Uint8Array | null {
  if (!BASE64.test(s)) return null;
  const digits = countBase64Digits(s);
  const padded = digits.padding > 0;
  if (digits.count === 0) return null;
  if (padded ? (digits.count + digits.padding) % 4 !== 0 : digits.count % 4 === 1) return null;
  const buf = Buffer.from(s, 'base64'); // skips the whitespace itself
  // Small buffers are slices of Node's shared pool: copy those so every value
  // owns its ArrayBuffer; big ones are viewed without a copy.
  return buf.byteOffset === 0 && buf.buffer.byteLength === buf.length
    ? new Uint8Array(buf.buffer, 0, buf.length)
    : new Uint8Array(buf);
}

/** Base64 digits and '=' in a string that passed BASE64. */
function countBase64Digits(s: string): { count: number; padding: number } {
  let end = s.length;
  while (end > 0 && isSpace(s.charCodeAt(end - 1))) end--;
  let padding = 0;
  while (padding < 2 && end > 0 && s.charCodeAt(end - 1) === 61) {
    padding++;
    end--;
  }
  // Whitespace is almost always "\n" (indexOf is fast); count the rare others too.
  let spaces = 0;
  for (const ch of ['\n', '\r', '\t', ' ']) {
    for (let i = s.indexOf(ch); i !== -1 && i < end; i = s.indexOf(ch, i + 1)) spaces++;
  }
  return { count: end - spaces, padding };
}

function isSpace(c: number): boolean {
  return c === 10 || c === 13 || c === 9 || c === 32;
}
