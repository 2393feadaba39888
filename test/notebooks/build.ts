// Builders for nbformat JSON written in code: the notebooks `npm test` uses
// instead of real-world ones (those are in ../shared/corpus, for
// `npm run test:corpus` only). Everything here is deterministic.
import { crc32, deflateSync } from 'node:zlib';

export type Json = Record<string, unknown>;

/** A real, decodable PNG of `width`×`height` in one colour (browsers, xelatex and poppler read it). */
export function pngBytes(width: number, height: number, rgb: [number, number, number] = [40, 120, 200]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** base64 of a PNG, as notebooks store it. */
export const png = (width = 4, height = 4, rgb?: [number, number, number]) => pngBytes(width, height, rgb).toString('base64');

/** An 8×8 baseline JPEG (written once with Pillow; a JPEG encoder is not worth having here). */
export const JPEG =
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAIAAgDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDmqKKK+YP1I//Z';

/** Notebook source as Jupyter writes it: a list of lines, each with its line end. */
export const lines = (text: string): string[] => text.split(/(?<=\n)/);

export const PYTHON_METADATA: Json = {
  kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
  language_info: { name: 'python', file_extension: '.py', mimetype: 'text/x-python', version: '3.11.4' },
};

/**
 * A v4.5 notebook; cell ids are `<prefix>-<position>` unless a cell has one;
 * code cells are numbered in order unless they give an execution_count.
 */
export function nb(cells: Json[], metadata: Json = PYTHON_METADATA, prefix = 'cell'): Json {
  let count = 0;
  return {
    cells: cells.map((c, i) => {
      const numbered = c.cell_type === 'code' && !('execution_count' in c) ? { execution_count: ++count } : {};
      return { id: `${prefix}-${i}`, ...c, ...numbered };
    }),
    metadata,
    nbformat: 4,
    nbformat_minor: 5,
  };
}

export const md = (source: string, extra: Json = {}): Json =>
  ({ cell_type: 'markdown', metadata: {}, source: lines(source), ...extra });

export const raw = (source: string, mime: string | null, extra: Json = {}): Json =>
  ({ cell_type: 'raw', metadata: mime ? { raw_mimetype: mime } : {}, source: lines(source), ...extra });

export const code = (source: string, outputs: Json[] = [], extra: Json = {}): Json =>
  ({ cell_type: 'code', metadata: {}, outputs, source: lines(source), ...extra });

export const tags = (...list: string[]): Json => ({ metadata: { tags: list } });

export const stream = (text: string, name: 'stdout' | 'stderr' = 'stdout'): Json =>
  ({ output_type: 'stream', name, text: lines(text) });

export const display = (data: Json, metadata: Json = {}): Json =>
  ({ output_type: 'display_data', data, metadata });

export const result = (count: number, data: Json, metadata: Json = {}): Json =>
  ({ output_type: 'execute_result', execution_count: count, data, metadata });

export const error = (ename: string, evalue: string, traceback: string[]): Json =>
  ({ output_type: 'error', ename, evalue, traceback });

/** Serialised as Jupyter does: one-space indent, a final newline. */
export const serialize = (notebook: unknown): string => `${JSON.stringify(notebook, null, 1)}\n`;
