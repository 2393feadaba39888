// Shared by the PDF tests: reading PDFs back with poppler (pdftotext, pdfinfo,
// pdfdetach, pdftohtml, pdfimages), building test notebooks, and watching for
// leftover browser processes.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { findChrome } from '../src/browser/chrome.js';

const POPPLER = ['pdftotext', 'pdfinfo', 'pdfdetach', 'pdftohtml', 'pdfimages'];

/** Why the PDF tests cannot run here (no browser, no poppler), or false. */
export function pdfTestsSkipped(): string | false {
  try {
    findChrome();
  } catch (e) {
    return `no browser: ${(e as Error).message}`;
  }
  const missing = POPPLER.filter((tool) => spawnSync(tool, ['-v']).error);
  return missing.length ? `poppler-utils missing (${missing.join(', ')}): apt-get install poppler-utils` : false;
}

/** Why text in `lang` cannot be checked here (no font has its glyphs), or false. */
export function noFontFor(lang: string): string | false {
  const r = spawnSync('fc-list', [`:lang=${lang}`, 'family'], { encoding: 'utf8' });
  if (r.error) return false; // no fontconfig tools: let the test tell
  return r.stdout.trim() ? false : `no font for :lang=${lang} (Debian: apt-get install fonts-noto-cjk)`;
}

/** The text layer, with KaTeX's zero-width spaces removed. */
export function pdfText(file: string, layout = false): string {
  return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replaceAll('\u200b', '');
}

/**
 * The text of the cells' content column in drawing order (no de-hyphenation:
 * `---` at a line end stays): without the page-number footer (the bottom
 * 0.6 in) and the prompt column (0.5 in margin + 64 px).
 */
export function pdfBodyText(file: string): string {
  const [width, height] = pdfInfo(file)['Page size']!.split(/\s+x\s+|\s+/).map(Number) as [number, number];
  const left = 36 + 64 * 0.75 + 1;
  const crop = ['-x', String(left), '-y', '0', '-W', String(Math.ceil(width - left)), '-H', String(Math.floor(height - 0.6 * 72))];
  return execFileSync('pdftotext', ['-raw', ...crop, '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replaceAll('\u200b', '');
}

/** Text with all white space removed: wrapped lines compare equal to the source. */
export const squeeze = (text: string) => text.replace(/\s+/g, '');

export function pdfInfo(file: string): Record<string, string> {
  const out = execFileSync('pdfinfo', ['-enc', 'UTF-8', file], { encoding: 'utf8' });
  return Object.fromEntries(out.split('\n').filter((l) => l.includes(':')).map((l) => {
    const i = l.indexOf(':');
    return [l.slice(0, i).trim(), l.slice(i + 1).trim()];
  }));
}

export interface OutlineItem {
  title: string;
  page: number;
  children: OutlineItem[];
}

/** The document outline (bookmarks), as pdftohtml -xml reports it. */
export function pdfOutline(file: string): OutlineItem[] {
  const xml = execFileSync('pdftohtml', ['-xml', '-i', '-stdout', '-q', file], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const root: OutlineItem[] = [];
  const stack: OutlineItem[][] = [];
  let level = root;
  let last: OutlineItem | undefined;
  for (const m of xml.matchAll(/<outline>|<\/outline>|<item page="(\d+)">([\s\S]*?)<\/item>/g)) {
    if (m[0] === '<outline>') {
      if (last) {
        stack.push(level);
        level = last.children;
      }
    } else if (m[0] === '</outline>') {
      level = stack.pop() ?? root;
    } else {
      last = { title: decodeXml(m[2]!), page: Number(m[1]), children: [] };
      level.push(last);
    }
  }
  return root;
}

export const flattenOutline = (items: OutlineItem[]): string[] => items.flatMap((i) => [i.title, ...flattenOutline(i.children)]);

function decodeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+);/g, (_, e: string) =>
    e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[e]!);
}

/** Embedded files: name → bytes (pdfdetach -saveall). */
export function pdfAttachments(file: string): Map<string, Buffer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'nbx-detach-'));
  execFileSync('pdfdetach', ['-saveall', '-o', dir, file]);
  return new Map(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name))]));
}

export interface Word {
  text: string;
  page: number;
  xMin: number;
  xMax: number;
}

/** Every word with its box, in points (pdftotext -bbox), and each page's width. */
export function pdfWords(file: string): { words: Word[]; pageWidth: number[] } {
  const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const words: Word[] = [];
  const pageWidth: number[] = [];
  for (const page of html.split('<page ').slice(1)) {
    pageWidth.push(Number(/width="([\d.]+)"/.exec(page)![1]));
    for (const m of page.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)) {
      words.push({ text: m[3]!, page: pageWidth.length, xMin: Number(m[1]), xMax: Number(m[2]) });
    }
  }
  return { words, pageWidth };
}

export interface PdfImage {
  width: number;
  height: number;
  /** Pixels per inch as placed on the page: higher than 96 means scaled down. */
  xPpi: number;
}

export function pdfImages(file: string): PdfImage[] {
  const out = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' });
  return out.split('\n').slice(2).filter((l) => l.trim()).map((line) => {
    const f = line.trim().split(/\s+/);
    return { width: Number(f[3]), height: Number(f[4]), xPpi: Number(f[12]) };
  });
}

/** A solid-colour RGB PNG of the given size (no image library needed). */
export function png(width: number, height: number, rgb: [number, number, number] = [40, 120, 200]): Buffer {
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set(rgb, 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

type Json = Record<string, unknown>;

export const md = (source: string): Json => ({ cell_type: 'markdown', metadata: {}, source });
export const code = (source: string, outputs: Json[] = [], count = 1): Json => ({
  cell_type: 'code', metadata: {}, execution_count: count, source, outputs,
});
export const html = (text: string): Json => ({ output_type: 'display_data', metadata: {}, data: { 'text/html': text, 'text/plain': '<HTML>' } });
export const stream = (text: string): Json => ({ output_type: 'stream', name: 'stdout', text });

/** A notebook file's text (nbformat 4.4). */
export function ipynb(cells: Json[], metadata: Json = {}): string {
  return JSON.stringify({
    nbformat: 4, nbformat_minor: 4, cells,
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' }, language_info: { name: 'python' }, ...metadata },
  }, null, 1);
}

/** Command lines of live processes that mention `text` (read from /proc). */
export function processesMatching(text: string): string[] {
  if (!existsSync('/proc/self/cmdline')) return [];
  return readdirSync('/proc').filter((pid) => /^\d+$/.test(pid)).flatMap((pid) => {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      return cmd.includes(text) ? [cmd] : [];
    } catch {
      return []; // it ended meanwhile
    }
  });
}

/** Waits up to `ms` for no process to mention `text`; returns those left. */
export async function gone(text: string, ms = 5000): Promise<string[]> {
  const end = Date.now() + ms;
  let left = processesMatching(text);
  while (left.length && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    left = processesMatching(text);
  }
  return left;
}

/** Every word lies inside the page's margins (0.5 in = 36 pt left and right). */
export function assertNothingCutOff(pdf: string) {
  const { words, pageWidth } = pdfWords(pdf);
  assert.ok(words.length > 0, 'has a text layer');
  const outside = words.filter((w) => w.xMin < 36 - 1 || w.xMax > pageWidth[w.page - 1]! - 36 + 1);
  assert.deepEqual(outside.map((w) => `p${w.page} ${w.text} ${w.xMin}-${w.xMax}`), [], 'no word beyond the right margin');
}

// Emoji are left out of the comparison: whether they have a glyph (and so a
// place in the text layer) depends on the fonts installed, not on nbx.
export const withoutEmoji = (text: string) => text.replace(/\p{Extended_Pictographic}/gu, '');

/** Every code cell's source is in the text layer (white space aside: lines wrap). */
export function assertCodeInText(notebookFile: string, pdf: string) {
  const nb = JSON.parse(readFileSync(notebookFile, 'utf8')) as { cells: { cell_type: string; source: string | string[] }[] };
  const layer = withoutEmoji(squeeze(pdfBodyText(pdf)));
  for (const cell of nb.cells.filter((c) => c.cell_type === 'code')) {
    const source = withoutEmoji(squeeze([cell.source].flat().join('')));
    assert.ok(layer.includes(source), `code cell in the text layer: ${source.slice(0, 80)}`);
  }
}
