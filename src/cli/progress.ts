// What `nbx convert` prints on stderr about a batch: a redrawn bar on a terminal,
// one plain line per file in CI logs, only errors with --quiet; then a summary.
import type { FileResult, Summary } from '../batch/result.js';

export type { FileResult, Summary } from '../batch/result.js';

export type ProgressMode = 'bar' | 'lines' | 'quiet';

export interface ProgressOptions {
  mode: ProgressMode;
  total: number;
  /** Default: process.stderr.write. */
  write?: (s: string) => void;
  /** Terminal width for the bar; default process.stderr.columns ?? 80. */
  columns?: number;
  /** Print warnings (default true; false with --quiet). They are counted either way. */
  showWarnings?: boolean;
  /** Lines mode: a line per converted or skipped file (default true). */
  verbose?: boolean;
  /** Clock for throttling the bar; default Date.now. */
  now?: () => number;
}

/** Bar redraws closer together than this are merged: thousands of small notebooks should not flood the terminal. */
const REDRAW_MS = 50;
const BAR_WIDTH = 20;
const CLEAR_LINE = '\r\x1b[K';

export class Progress {
  readonly #mode: ProgressMode;
  readonly #total: number;
  readonly #write: (s: string) => void;
  readonly #columns: number;
  readonly #showWarnings: boolean;
  readonly #verbose: boolean;
  readonly #now: () => number;
  readonly #summary: Summary = { converted: 0, failed: 0, skipped: 0, warnings: 0 };
  #current = '';
  /** The bar is on screen (and must be cleared before anything else is printed). */
  #drawn = false;
  #lastDraw = -Infinity;
  /** A redraw put off by the throttle, so that the bar is never left stale during a long conversion. */
  #pending: ReturnType<typeof setTimeout> | undefined;

  constructor(options: ProgressOptions) {
    this.#mode = options.mode;
    this.#total = options.total;
    this.#write = options.write ?? ((s) => void process.stderr.write(s));
    this.#columns = options.columns ?? (process.stderr.columns || 80);
    this.#showWarnings = options.showWarnings ?? true;
    this.#verbose = options.verbose ?? true;
    this.#now = options.now ?? Date.now;
  }

  /** A file started (bar mode shows it as the current file). */
  start(input: string): void {
    this.#current = input;
    this.#redraw(false);
  }

  /** A code cell of `input` starts running (--execute): the bar shows which. */
  cell(input: string, done: number, total: number): void {
    this.#current = `${input} (cell ${done + 1}/${total})`;
    this.#redraw(false);
  }

  /** A file finished: its warnings, its error, and in lines mode what became of it. Called in input order. */
  done(result: FileResult): void {
    const s = this.#summary;
    if (result.status === 'converted') s.converted++;
    else if (result.status === 'failed') s.failed++;
    else s.skipped++;
    if (result.execution === 'cached') s.cached = (s.cached ?? 0) + 1;
    s.warnings += result.warnings.length;

    const lines: string[] = [];
    if (this.#showWarnings && this.#mode !== 'quiet') for (const w of result.warnings) lines.push(`nbx: warning: ${w}`);
    // More lines (a --debug stack trace) are printed too, so that they do not run into the bar.
    if (result.error !== undefined) lines.push(...`nbx: ${result.error}`.split(/\r?\n/));
    if (this.#mode === 'lines' && this.#verbose) {
      if (result.status === 'converted') lines.push(convertedLine(result));
      else if (result.status === 'skipped') lines.push(`skipped ${result.input} (unchanged)`);
    }
    if (lines.length > 0) {
      this.#clear();
      this.#write(lines.map((l) => printable(l) + '\n').join(''));
    }
    // The bar was cleared for the messages: put it back now, else only when due.
    this.#redraw(lines.length > 0);
  }

  /** Clears the bar and prints the summary (not for a single notebook: its own lines say it all). */
  finish(): Summary {
    clearTimeout(this.#pending);
    this.#pending = undefined;
    this.#clear();
    if (this.#mode !== 'quiet' && this.#total !== 1) this.#write(summaryLine(this.#summary) + '\n');
    return { ...this.#summary };
  }

  #clear(): void {
    if (!this.#drawn) return;
    this.#write(CLEAR_LINE);
    this.#drawn = false;
  }

  #redraw(now: boolean): void {
    if (this.#mode !== 'bar') return;
    const wait = this.#lastDraw + REDRAW_MS - this.#now();
    if (!now && wait > 0) {
      this.#pending ??= setTimeout(() => {
        this.#pending = undefined;
        this.#redraw(true);
      }, wait).unref();
      return;
    }
    clearTimeout(this.#pending);
    this.#pending = undefined;
    this.#lastDraw = this.#now();
    const s = this.#summary;
    this.#write(CLEAR_LINE + barLine(s.converted + s.failed + s.skipped, this.#total, this.#current, this.#columns));
    this.#drawn = true;
  }
}

/** 'bar' on a terminal, 'lines' for logs (and terminals that cannot redraw a line), 'quiet' for --quiet and --json. */
export function progressMode(opts: { quiet?: boolean; isTTY: boolean; json?: boolean; term?: string }): ProgressMode {
  if (opts.quiet || opts.json) return 'quiet';
  return opts.isTTY && opts.term !== 'dumb' ? 'bar' : 'lines';
}

/** 'converted docs/a.ipynb → out/a.html, out/a.pdf (123 ms)'. */
export function convertedLine(result: FileResult): string {
  const to = result.outputs.length > 0 ? ` → ${result.outputs.join(', ')}` : '';
  return `converted ${result.input}${to} (${result.execution === 'cached' ? 'cached, ' : ''}${duration(result.ms)})`;
}

/** '42 converted, 1 failed, 3 warnings', with ', 2 cached' and ', 5 unchanged' when any were. */
export function summaryLine(s: Summary): string {
  const parts = [`${s.converted} converted`, `${s.failed} failed`, `${s.warnings} ${s.warnings === 1 ? 'warning' : 'warnings'}`];
  if (s.cached) parts.push(`${s.cached} cached`);
  if (s.skipped > 0) parts.push(`${s.skipped} unchanged`);
  return parts.join(', ');
}

/** '123 ms' below a second, '4.5 s' above. */
export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * '[#########-----------] 12/42  docs/intro.ipynb' in at most `columns - 1` characters (a full-width line makes
 * some terminals wrap, and the next '\r' would then redraw one line too low). The file name loses its start
 * first, then the bar shrinks, then only the count is left.
 */
export function barLine(done: number, total: number, current: string, columns: number): string {
  const room = Math.max(columns - 1, 0);
  const count = `${done}/${total}`;
  const width = Math.min(BAR_WIDTH, room - count.length - 3); // '[', '] '
  let line = width >= 5 ? `[${bar(done, total, width)}] ${count}` : count;
  const left = room - length(line) - 2;
  if (current && left >= 4) line += '  ' + truncateStart(printable(current), left);
  return length(line) <= room ? line : '';
}

function bar(done: number, total: number, width: number): string {
  const filled = total > 0 ? Math.min(width, Math.floor((done / total) * width)) : 0;
  return '#'.repeat(filled) + '-'.repeat(width - filled);
}

/** 'docs/chapter/intro.ipynb' → '…ter/intro.ipynb': the end of a path says most. Counted in code points. */
export function truncateStart(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : '…' + chars.slice(chars.length - (max - 1)).join('');
}

function length(text: string): number {
  return [...text].length;
}

/** Control characters from a file name or notebook shown as escapes, so they cannot move the cursor or recolour the terminal. */
function printable(text: string): string {
  return text.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
