// The notebooks `npm test` uses besides fixtures/: written by code here (see
// build.ts), never copied from elsewhere. `generated(name)` writes them all
// once per process into a temporary folder and returns a path, for tests that
// need files (the CLI, batches, browsers); `notebookJson(name)` gives the text.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serialize, type Json } from './build.js';
import { futureNotebook, invalidNotebooks, v2Notebook, v3Notebook } from './formats.js';
import { ansiNotebook, attachmentsNotebook, pngMetadataNotebook, svgNotebook, widgetsNotebook } from './media.js';
import { injectNotebook } from './security.js';
import { slidesNotebook } from './slides.js';
import { i18nNotebook, mathNotebook, tagsNotebook } from './text.js';

/** Valid notebooks (old formats included: they upgrade without a warning), by file name. */
export const VALID: Record<string, () => Json> = {
  'inject.ipynb': injectNotebook,
  'attachments.ipynb': attachmentsNotebook,
  'png-metadata.ipynb': pngMetadataNotebook,
  'svg.ipynb': svgNotebook,
  'ansi.ipynb': ansiNotebook,
  'widgets.ipynb': widgetsNotebook,
  'math.ipynb': mathNotebook,
  'i18n.ipynb': i18nNotebook,
  'tags.ipynb': tagsNotebook,
  'slides.ipynb': slidesNotebook,
  'v3.ipynb': v3Notebook,
  'v2.ipynb': v2Notebook,
};

/** Notebooks nbx reads with warnings. */
export const WITH_WARNINGS: Record<string, () => Json> = {
  'future.ipynb': futureNotebook,
};

export type NotebookName = keyof typeof VALID | keyof typeof WITH_WARNINGS | keyof ReturnType<typeof invalidNotebooks>;

/** Every generated notebook's bytes, by file name. */
export function allNotebooks(): Map<string, Buffer> {
  const all = new Map<string, Buffer>();
  for (const [name, make] of Object.entries({ ...VALID, ...WITH_WARNINGS })) all.set(name, Buffer.from(serialize(make()), 'utf8'));
  for (const [name, text] of Object.entries(invalidNotebooks())) all.set(name, Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'));
  return all;
}

let dir: string | undefined;

/** Writes every generated notebook into `target` (created if needed); returns the file paths. */
export function writeNotebooks(target: string, only?: (name: string) => boolean): string[] {
  mkdirSync(target, { recursive: true });
  const written: string[] = [];
  for (const [name, bytes] of allNotebooks()) {
    if (only && !only(name)) continue;
    writeFileSync(path.join(target, name), bytes);
    written.push(path.join(target, name));
  }
  return written;
}

/** The path of a generated notebook (all are written once per process, removed at exit). */
export function generated(name: string): string {
  if (!dir) {
    dir = mkdtempSync(path.join(tmpdir(), 'nbx-generated-'));
    writeNotebooks(dir);
    const d = dir;
    process.once('exit', () => rmSync(d, { recursive: true, force: true }));
  }
  const file = path.join(dir, name);
  if (!allNotebooks().has(name)) throw new Error(`no generated notebook named ${name}`);
  return file;
}

/** A generated notebook's JSON text. */
export const notebookText = (name: string): string => {
  const bytes = allNotebooks().get(name);
  if (!bytes) throw new Error(`no generated notebook named ${name}`);
  return bytes.toString('utf8');
};
