// Files extracted next to a text export (LaTeX, RST, Markdown), named as
// nbconvert's ExtractOutputPreprocessor names them: `nb_files/nb_<cell>_<output>.png`,
// or the output's `metadata.filename` when it has one.
import path from 'node:path';
import type { JsonObject } from '../notebook/model.js';
import type { ExtraFile } from './types.js';

const EXTENSIONS: Record<string, string> = {
  'image/png': '.png', 'image/jpeg': '.jpg', 'image/gif': '.gif', 'image/webp': '.webp', 'image/bmp': '.bmp',
  'image/svg+xml': '.svg', 'application/pdf': '.pdf',
};

/** Other spellings of an extension that mean the same type. */
const ALIASES: Record<string, string[]> = { 'image/jpeg': ['.jpeg', '.jpe'], 'image/svg+xml': ['.svgz'] };

/**
 * The extension of a file of type `mime`. Unknown types get `.bin`: the type
 * comes from the notebook, and `image/x.html` must not give a page a docs site serves.
 */
export function extensionFor(mime: string): string {
  const key = mime.toLowerCase();
  return Object.hasOwn(EXTENSIONS, key) ? EXTENSIONS[key]! : '.bin';
}

/**
 * `name` with the extension its content type has: `evil.html` holding
 * image/png becomes `evil.png` (a web server picks the type from the
 * extension), `fig` becomes `fig.png`, `photo.jpeg` stays.
 */
export function withExtensionFor(name: string, mime: string): string {
  const ext = extensionFor(mime);
  const { name: stem, ext: given } = path.posix.parse(name);
  const lower = given.toLowerCase();
  if (lower === ext || (ALIASES[mime.toLowerCase()] ?? []).includes(lower)) return name;
  return (stem || 'file') + ext;
}

/** Longest file name written, in UTF-8 bytes: file systems allow 255, and numbering adds a few. */
const MAX_NAME_BYTES = 200;

/** A file name from the notebook, reduced to something that cannot leave the files directory, nor be too long. */
export function safeName(name: string): string {
  const base = path.posix.basename(name.replace(/\\/g, '/')).replace(/[^\w.\- ]/g, '_').replace(/^\.+/, '');
  return shortened(base || 'file', MAX_NAME_BYTES);
}

/** `name` cut to `max` UTF-8 bytes, keeping its extension (when short) and whole characters. */
export function shortened(name: string, max: number): string {
  if (Buffer.byteLength(name) <= max) return name;
  const { name: stem, ext } = path.posix.parse(name);
  const keep = Buffer.byteLength(ext) <= 16 ? ext : '';
  let cut = '';
  for (const ch of keep ? stem : name) {
    if (Buffer.byteLength(cut + ch) + Buffer.byteLength(keep) > max) break;
    cut += ch;
  }
  return cut + keep;
}

export class OutputFiles {
  readonly files: ExtraFile[] = [];
  private readonly used = new Set<string>();
  /** The directory, relative to the main output: `<stem>_files`. */
  readonly dir: string;

  constructor(private readonly stem: string) {
    this.dir = `${stem}_files`;
  }

  /**
   * Adds an output's data; returns its path relative to the main output (posix).
   * `cellPosition` is the cell's position in the exported notebook (after removals), as in nbconvert.
   */
  addOutput(cellPosition: number, outputIndex: number, mime: string, data: Uint8Array | string, metadata: JsonObject = {}): string {
    const given = typeof metadata.filename === 'string' && metadata.filename ? safeName(metadata.filename) : null;
    const name = given ? withExtensionFor(given, mime) : `${this.stem}_${cellPosition}_${outputIndex}${extensionFor(mime)}`;
    return this.add(name, data);
  }

  /** Adds a named file (an attachment, a copied local image); returns its relative path. */
  add(name: string, data: Uint8Array | string): string {
    let file = safeName(name);
    const { name: base, ext } = path.posix.parse(file);
    for (let n = 1; this.used.has(file); n++) file = `${base}_${n}${ext}`;
    this.used.add(file);
    const rel = `${this.dir}/${file}`;
    this.files.push({ path: rel, data });
    return rel;
  }
}
