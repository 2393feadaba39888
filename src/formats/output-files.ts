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

export function extensionFor(mime: string): string {
  return (Object.hasOwn(EXTENSIONS, mime) ? EXTENSIONS[mime] : undefined) ?? `.${mime.split('/').pop()!.replace(/[^\w.-]/g, '')}`;
}

/** A file name from the notebook, reduced to something that cannot leave the files directory. */
function safeName(name: string): string {
  const base = path.posix.basename(name.replace(/\\/g, '/')).replace(/[^\w.\- ]/g, '_').replace(/^\.+/, '');
  return base || 'file';
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
    const ext = extensionFor(mime);
    const given = typeof metadata.filename === 'string' && metadata.filename ? safeName(metadata.filename) : null;
    const name = given ? (given.endsWith(ext) ? given : given + ext) : `${this.stem}_${cellPosition}_${outputIndex}${ext}`;
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
