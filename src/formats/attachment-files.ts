// Images a text export links to: markdown cell attachments (`attachment:name`)
// are written to `<stem>_files/<name>` so the links work (nbconvert leaves
// them broken); relative paths stay relative, percent-decoded, since Sphinx
// and static-site generators look them up as files.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Diagnostics } from '../errors.js';
import type { MimeBundle } from '../notebook/model.js';
import { extensionFor, withExtensionFor, type OutputFiles } from './output-files.js';

const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp', 'image/svg+xml', 'application/pdf'];

const decode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export class AttachmentFiles {
  /** name + content hash → written path: the same image attached twice is written once. */
  private readonly written = new Map<string, string>();

  constructor(private readonly files: OutputFiles, private readonly diag: Diagnostics) {}

  /** The file written for attachment `name` of a cell, or null (with a warning) when it has no such image. */
  attachment(attachments: Record<string, MimeBundle>, name: string, where: string): string | null {
    const bundle = Object.hasOwn(attachments, name) ? attachments[name] : undefined;
    const mime = bundle && IMAGE_TYPES.find((m) => typeof bundle[m] === 'string' || bundle[m] instanceof Uint8Array);
    if (!bundle || !mime) {
      this.diag.warn(where, `attachment "${name}" not found`);
      return null;
    }
    return this.write(withExtensionFor(path.posix.basename(name.replace(/\\/g, '/')), mime), bundle[mime] as string | Uint8Array);
  }

  /**
   * Where a markdown image `src` (as markdown-it normalised it) points for the
   * export: the attachment's file, the file a base64 data URI was written to,
   * a decoded relative path, or the URL as is.
   */
  resolver(attachments: Record<string, MimeBundle>, where: string): (src: string) => string {
    return (src) => {
      if (src.startsWith('attachment:')) return this.attachment(attachments, decode(src.slice('attachment:'.length)), where) ?? src;
      const data = /^data:(image\/[\w.+-]+);base64,([\s\S]*)$/i.exec(src);
      if (data) return this.write(`image${extensionFor(data[1]!.toLowerCase())}`, Buffer.from(decode(data[2]!), 'base64'));
      return /^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//') ? src : decode(src);
    };
  }

  /** Writes `data` as `name` (or a numbered variant), once per distinct content. */
  private write(name: string, data: string | Uint8Array): string {
    const key = `${name}\0${createHash('sha1').update(data).digest('hex')}`;
    let file = this.written.get(key);
    if (file === undefined) {
      file = this.files.add(name, data);
      this.written.set(key, file);
    }
    return file;
  }
}
