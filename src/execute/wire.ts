// The Jupyter messaging protocol's wire format (v5.3): frames
// [identities…, "<IDS|MSG>", hmac, header, parent_header, metadata, content, buffers…],
// signed with HMAC-SHA256 over the four JSON frames.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

export const PROTOCOL_VERSION = '5.3';
const DELIM = Buffer.from('<IDS|MSG>');

export interface Message {
  header: { msg_id: string; msg_type: string; session: string; username: string; date: string; version: string; [k: string]: unknown };
  parent_header: { msg_id?: string; [k: string]: unknown };
  metadata: Record<string, unknown>;
  content: Record<string, unknown>;
  buffers: Buffer[];
  /** header.msg_type, for convenience. */
  msg_type: string;
}

export class Signer {
  constructor(private readonly key: string) {}

  sign(parts: Buffer[]): string {
    const h = createHmac('sha256', this.key);
    for (const p of parts) h.update(p);
    return h.digest('hex');
  }

  /** Frames of a new message to send (no identities: DEALER sockets). */
  encode(session: string, msgType: string, content: Record<string, unknown>, metadata: Record<string, unknown> = {}): { msgId: string; frames: Buffer[] } {
    const msgId = randomUUID();
    // date is required by the spec; it goes to the kernel only, never into the notebook.
    const header = { msg_id: msgId, msg_type: msgType, session, username: 'nbx', date: new Date().toISOString(), version: PROTOCOL_VERSION };
    const parts = [header, {}, metadata, content].map((o) => Buffer.from(JSON.stringify(o)));
    return { msgId, frames: [DELIM, Buffer.from(this.sign(parts)), ...parts] };
  }

  /** Parses received frames; null when the signature is wrong or the frames are malformed. */
  decode(frames: Buffer[]): Message | null {
    const at = frames.findIndex((f) => f.equals(DELIM));
    if (at < 0 || frames.length < at + 6) return null;
    const parts = frames.slice(at + 2, at + 6);
    const expected = Buffer.from(this.sign(parts));
    const got = frames[at + 1]!;
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) return null;
    try {
      const [header, parent, metadata, content] = parts.map((p) => JSON.parse(p.toString('utf8')) as Record<string, unknown>);
      const h = header as Message['header'];
      return { header: h, parent_header: parent as Message['parent_header'], metadata: metadata!, content: content!, buffers: frames.slice(at + 6), msg_type: h.msg_type };
    } catch {
      return null;
    }
  }
}
