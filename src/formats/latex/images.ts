// Images for LaTeX: every picture the document shows becomes a file in
// `nb_files/` that \includegraphics reads. Attachments and data: URIs are
// extracted, local files copied (the .tex must not depend on the notebook's
// folder); SVG goes through the SVG → PDF queue; remote URLs and formats
// LaTeX cannot include (GIF, WebP) become links or alt text, with a warning.
import path from 'node:path';
import type { Diagnostics } from '../../errors.js';
import { readLocalFile } from '../../markdown/local-file.js';
import type { MimeBundle } from '../../notebook/model.js';
import { escapeUrl, latexPath } from './escape.js';

/** Where extracted files go (OutputFiles satisfies it). */
export interface FileSink {
  /** Stores a file under `name` (made unique); returns its path relative to the .tex. */
  add(name: string, data: Uint8Array | string): string;
}

/** SVG pictures wait for one browser session at the end of the export (exporters/latex-svg.ts). */
export interface SvgQueue {
  /**
   * Returns a placeholder that becomes `place(pdf)` once the SVG is converted
   * to PDF, or `fallback()` when it cannot be.
   */
  request(svg: string, place: (pdf: Uint8Array) => string, fallback: () => string, where: string): string;
}

export interface ImageContext {
  diag: Diagnostics;
  where: string;
  attachments: Record<string, MimeBundle>;
  baseDir: string | null;
  /** Kept for callers; files outside the notebook's folder are never copied, with or without it. */
  confine: boolean;
  files: FileSink;
  svg: SvgQueue;
}

/** The kinds xelatex (xdvipdfmx) includes, by their first bytes. */
export function includableKind(data: Uint8Array): 'png' | 'jpeg' | 'pdf' | null {
  if (data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47) return 'png';
  if (data[0] === 0xff && data[1] === 0xd8) return 'jpeg';
  if (data[0] === 0x25 && data[1] === 0x50 && data[2] === 0x44 && data[3] === 0x46) return 'pdf';
  return null;
}

const EXTENSION: Record<string, string> = { png: '.png', jpeg: '.jpg', pdf: '.pdf' };
const MIME_ORDER = ['application/pdf', 'image/png', 'image/jpeg', 'image/svg+xml'];

/**
 * `\nbximage[keys]{path}` for a stored file: scaled down to the line width
 * (and page height); `\nbxcellimage` keeps to a third of the line, for table cells.
 */
export function includeImage(file: string, keys = '', macro = '\\nbximage'): string {
  return `${macro}${keys ? `[${keys}]` : ''}{${latexPath(file)}}`;
}

/** Queues an SVG for conversion; the PDF is stored as `<name>.pdf`. */
function queueSvg(svg: string, name: string, fallback: string, ctx: ImageContext, macro: string): string {
  const pdfName = path.posix.basename(name.replace(/\\/g, '/')).replace(/\.[^.]*$/, '') + '.pdf';
  return ctx.svg.request(svg, (pdf) => includeImage(ctx.files.add(pdfName, pdf), '', macro), () => fallback, ctx.where);
}

/** Stores image bytes under `name` (its extension fixed to match the content); null when LaTeX cannot include them. */
function storeBytes(data: Uint8Array, name: string, ctx: ImageContext): string | null {
  const kind = includableKind(data);
  if (!kind) return null;
  const base = path.posix.basename(name.replace(/\\/g, '/')).replace(/\.[^.]*$/, '') || 'image';
  return ctx.files.add(base + EXTENSION[kind], data);
}

/**
 * LaTeX for a markdown image. `fallback` is what shows when the image cannot
 * be included (its alt text, already LaTeX).
 */
export function markdownImage(src: string, fallback: string, ctx: ImageContext, inCell = false): string {
  const macro = inCell ? '\\nbxcellimage' : '\\nbximage';
  const warn = (msg: string) => ctx.diag.warn(ctx.where, msg);
  const fromBundle = (bundle: MimeBundle, name: string, label: string): string => {
    for (const mime of MIME_ORDER) {
      const value = bundle[mime];
      if (mime === 'image/svg+xml' && typeof value === 'string') {
        return queueSvg(value, name, fallback, ctx, macro);
      }
      if (value instanceof Uint8Array) {
        const stored = storeBytes(value, name, ctx);
        if (stored) return includeImage(stored, '', macro);
      }
    }
    warn(`${label}: no PNG, JPEG, PDF or SVG that LaTeX can include (${Object.keys(bundle).join(', ') || 'empty'}); shown as its alt text`);
    return fallback;
  };

  if (src.startsWith('attachment:')) {
    const name = safeDecode(src.slice('attachment:'.length));
    const bundle = ctx.attachments[name];
    if (!bundle) {
      warn(`attachment "${name}" not found; shown as its alt text`);
      return fallback;
    }
    return fromBundle(bundle, name, `attachment "${name}"`);
  }
  const data = /^data:([\w/+.-]+)(;base64)?,(.*)$/is.exec(src);
  if (data) {
    const mime = data[1]!.toLowerCase();
    const payload = data[2] ? Buffer.from(data[3]!, 'base64') : Buffer.from(safeDecode(data[3]!), 'utf8');
    const value = mime === 'image/svg+xml' ? payload.toString('utf8') : new Uint8Array(payload);
    return fromBundle({ [mime]: value }, `image${mime === 'image/svg+xml' ? '.svg' : ''}`, 'data: image');
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) {
    warn(`remote image ${src} is not downloaded; shown as a link`);
    return `\\href{${escapeUrl(src)}}{${fallback || `\\nolinkurl{${escapeUrl(src)}}`}}`;
  }
  return localImage(src, fallback, ctx, macro);
}

function localImage(src: string, fallback: string, ctx: ImageContext, macro: string): string {
  const warn = (msg: string) => ctx.diag.warn(ctx.where, msg);
  const relative = safeDecode(src.split(/[?#]/, 1)[0]!);
  if (!ctx.baseDir) {
    warn(`image "${src}": a notebook read from standard input has no folder to find it in; shown as its alt text`);
    return fallback;
  }
  const local = readLocalFile(ctx.baseDir, relative);
  if ('refused' in local) {
    warn(local.missing ? `image "${src}" not found beside the notebook; shown as its alt text` : `image "${src}": ${local.refused}; not copied, shown as its alt text`);
    return fallback;
  }
  const name = path.basename(relative);
  if (/\.svg$/i.test(name)) return queueSvg(local.data.toString('utf8'), name, fallback, ctx, macro);
  const stored = storeBytes(new Uint8Array(local.data), name, ctx);
  if (stored) return includeImage(stored, '', macro);
  warn(`image "${src}" is not PNG, JPEG or PDF, which LaTeX cannot include; shown as its alt text`);
  return fallback;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
