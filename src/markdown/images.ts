// Where markdown images point: `attachment:name` → the cell's attachment,
// a relative path → the file beside the notebook, both inlined as data URIs
// so the exported file is self-contained. Remote URLs are left alone.
import path from 'node:path';
import type { Diagnostics } from '../errors.js';
import type { MimeBundle } from '../notebook/model.js';
import { readLocalFile } from './local-file.js';

const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp', 'image/svg+xml'];
const EXTENSION_TYPES: Record<string, string> = {
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif',
  '.webp': 'image/webp', '.bmp': 'image/bmp', '.svg': 'image/svg+xml',
};

export function dataUri(mime: string, data: Uint8Array | string): string {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return `data:${mime};base64,${bytes.toString('base64')}`;
}

/** The best image of a MIME bundle as a data URI, or null. */
export function bundleImageUri(bundle: MimeBundle): string | null {
  for (const mime of IMAGE_TYPES) {
    const v = bundle[mime];
    if (typeof v === 'string' || v instanceof Uint8Array) return dataUri(mime, v);
  }
  return null;
}

export interface ImageContext {
  diag: Diagnostics;
  where: string;
  attachments?: Record<string, MimeBundle>;
  /** Directory of the notebook, for relative image paths; null for stdin. */
  baseDir: string | null;
  /** Kept for callers; files outside the notebook's folder are never embedded, with or without it. */
  confine?: boolean;
}

export function makeImageResolver(ctx: ImageContext): (src: string) => string {
  return (src) => {
    if (src.startsWith('attachment:')) {
      const name = decodeURIComponentSafe(src.slice('attachment:'.length));
      const bundle = ctx.attachments?.[name];
      const uri = bundle && bundleImageUri(bundle);
      if (uri) return uri;
      ctx.diag.warn(ctx.where, `attachment "${name}" not found`);
      return src;
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//') || src.startsWith('#') || !ctx.baseDir) return src;
    const relative = decodeURIComponentSafe(src.split(/[?#]/, 1)[0]!);
    const mime = EXTENSION_TYPES[path.extname(relative).toLowerCase()];
    if (!mime) {
      ctx.diag.warn(ctx.where, `image "${src}" is not a PNG, JPEG, GIF, WebP, BMP or SVG file; not embedded, left as a link`);
      return src;
    }
    const local = readLocalFile(ctx.baseDir, relative);
    if (!('refused' in local)) return dataUri(mime, local.data);
    ctx.diag.warn(ctx.where, local.missing ? `image "${src}" not found beside the notebook; left as a link` : `image "${src}": ${local.refused}; not embedded, left as a link`);
    return src;
  };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
