// What the two printing exporters (pdf, slides-pdf) share: the timeout and
// browser launch settings, the attachment, and how problems are reported.
import { NbxError } from '../../errors.js';
import type { ExportContext, ExportOptions } from '../types.js';

const DEFAULT_TIMEOUT_S = 60;
/** Node's timers hold 2^31 − 1 ms (24.8 days); a longer one fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function timeoutMs(options: ExportOptions): number {
  const seconds = options.timeout ?? DEFAULT_TIMEOUT_S;
  if (!(seconds > 0)) throw new NbxError(`--timeout must be a positive number of seconds, not ${seconds}`, 2);
  return Math.min(seconds * 1000, MAX_TIMER_MS - 60_000);
}

export function launchOptions(options: ExportOptions) {
  // --timeout bounds each page; no single DevTools call should end it sooner.
  const ms = timeoutMs(options);
  // Starting the browser has its own deadline: a busy machine may need more than a short --timeout.
  return { chromePath: options.chromePath, allowNetwork: options.allowNetwork, timeoutMs: Math.max(ms, 30_000), protocolTimeoutMs: Math.min(Math.max(180_000, ms + 10_000), MAX_TIMER_MS) };
}

/** A page whose output navigates (meta refresh, `location = …`) loses the document being printed: one line, not a crash. */
export function navigationError(e: unknown): unknown {
  const message = e instanceof Error ? e.message : String(e);
  if (!/Execution context was destroyed|navigat|detached Frame|Target closed/i.test(message) || e instanceof NbxError) return e;
  return new NbxError('the page navigated away while it was printed (an output sets location or has a meta refresh): try --sanitize');
}

/** One warning listing the requests the page was refused. */
export function warnBlocked(ctx: ExportContext, blocked: string[]): void {
  if (!blocked.length) return;
  ctx.diag.warn(null, `blocked ${blocked.length} network request${blocked.length > 1 ? 's' : ''} `
    + `(--allow-network permits them): ${blocked.slice(0, 3).join(', ')}${blocked.length > 3 ? ', …' : ''}`);
}

/** The notebook file to embed in the PDF, unless --no-attach. */
export function attachment(ctx: ExportContext): { name: string; bytes: Uint8Array } | undefined {
  if (ctx.options.noAttach) return undefined;
  if (!ctx.source) {
    ctx.diag.warn(null, 'the notebook file is not known here, so it is not attached to the PDF');
    return undefined;
  }
  return { name: `${ctx.stem}.ipynb`, bytes: ctx.source };
}

/** Problems of the page or the browser are reported with the notebook's name. */
export function rethrowWithFile(ctx: ExportContext, e: unknown): never {
  if (e instanceof NbxError && e.exitCode !== 2 && ctx.diag.file && !e.message.startsWith(`${ctx.diag.file}:`)) {
    ctx.diag.fail(null, e.message);
  }
  throw e;
}
