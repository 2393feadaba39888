import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { Progress, barLine, progressMode, summaryLine, truncateStart, type FileResult, type ProgressOptions } from '../src/cli/progress.js';

/** What runBatch() leaves on screen in lines mode without per-file lines, and in bar mode once the bar is gone. */
const BATCH_LINES = [
  'nbx: warning: docs/a.ipynb: cells[3]: unknown output_type "foo"; skipped',
  'nbx: docs/bad.ipynb: not valid JSON',
  'nbx: warning: w1',
  'nbx: warning: w2',
  '2 converted, 1 failed, 3 warnings, 1 unchanged',
  '',
];

/** A Progress writing into `out`, with a clock that moves 100 ms per reading (so the bar is never throttled). */
function capture(options: Partial<ProgressOptions> & Pick<ProgressOptions, 'mode' | 'total'>) {
  const out: string[] = [];
  let t = 0;
  const progress = new Progress({ write: (s) => out.push(s), columns: 60, now: () => (t += 100), ...options });
  return { progress, out, text: () => out.join('') };
}

const converted = (input: string, outputs: string[], warnings: string[] = [], ms = 123): FileResult =>
  ({ input, status: 'converted', outputs, warnings, ms });
const failed = (input: string, error: string): FileResult => ({ input, status: 'failed', outputs: [], warnings: [], error, ms: 5 });
const skipped = (input: string): FileResult => ({ input, status: 'skipped', outputs: [], warnings: [], ms: 1 });

function runBatch(progress: Progress) {
  const results = [
    converted('docs/a.ipynb', ['out/a.html', 'out/a.pdf'], ['docs/a.ipynb: cells[3]: unknown output_type "foo"; skipped']),
    failed('docs/bad.ipynb', 'docs/bad.ipynb: not valid JSON'),
    skipped('docs/same.ipynb'),
    converted('docs/slow.ipynb', ['out/slow.html'], ['w1', 'w2'], 4567),
  ];
  for (const r of results) {
    progress.start(r.input);
    progress.done(r);
  }
  return progress.finish();
}

describe('Progress, lines mode (logs)', () => {
  it('prints warnings, errors and one line per file, then the summary, and no escape codes', () => {
    const { progress, text } = capture({ mode: 'lines', total: 4 });
    const summary = runBatch(progress);
    assert.equal(
      text(),
      [
        'nbx: warning: docs/a.ipynb: cells[3]: unknown output_type "foo"; skipped',
        'converted docs/a.ipynb → out/a.html, out/a.pdf (123 ms)',
        'nbx: docs/bad.ipynb: not valid JSON',
        'skipped docs/same.ipynb (unchanged)',
        'nbx: warning: w1',
        'nbx: warning: w2',
        'converted docs/slow.ipynb → out/slow.html (4.6 s)',
        '2 converted, 1 failed, 3 warnings, 1 unchanged',
        '',
      ].join('\n'),
    );
    assert.ok(!text().includes('\x1b'));
    assert.deepEqual(summary, { converted: 2, failed: 1, skipped: 1, warnings: 3 });
  });

  it('verbose: false leaves out the per-file lines', () => {
    const { progress, text } = capture({ mode: 'lines', total: 4, verbose: false });
    runBatch(progress);
    assert.equal(
      text(),
      BATCH_LINES.join('\n'),
    );
  });

  it('showWarnings: false hides warnings but still counts them', () => {
    const { progress, text } = capture({ mode: 'lines', total: 4, showWarnings: false });
    assert.equal(runBatch(progress).warnings, 3);
    assert.ok(!text().includes('warning:'));
    assert.match(text(), /3 warnings, 1 unchanged\n$/);
  });

  it('a single notebook gets no summary, converted or failed', () => {
    const one = capture({ mode: 'lines', total: 1 });
    one.progress.done(converted('nb.ipynb', ['nb.html'], ['nb.ipynb: cells[0]: odd']));
    assert.deepEqual(one.progress.finish(), { converted: 1, failed: 0, skipped: 0, warnings: 1 });
    assert.equal(one.text(), 'nbx: warning: nb.ipynb: cells[0]: odd\nconverted nb.ipynb → nb.html (123 ms)\n');

    const bad = capture({ mode: 'lines', total: 1 });
    bad.progress.done(failed('nb.ipynb', 'nb.ipynb: no such file'));
    assert.equal(bad.progress.finish().failed, 1);
    assert.equal(bad.text(), 'nbx: nb.ipynb: no such file\n');
  });

  it('an empty batch (e.g. a shard with nothing to do) still says so', () => {
    const { progress, text } = capture({ mode: 'lines', total: 0 });
    progress.finish();
    assert.equal(text(), '0 converted, 0 failed, 0 warnings\n');
  });

  it('control characters from file names or notebooks are shown, not sent to the terminal', () => {
    const { progress, text } = capture({ mode: 'lines', total: 2 });
    progress.done(converted('evil\x1b[2J.ipynb', ['evil\x1b[2J.html'], ['evil\x1b[2J.ipynb: cells[0]: bell\x07']));
    assert.ok(!/[\x00-\x09\x0b-\x1f]/.test(text()));
    assert.match(text(), /evil\\x1b\[2J\.ipynb: cells\[0\]: bell\\x07/);
  });

  it('an error may carry a stack trace (--debug) on further lines', () => {
    const { progress, text } = capture({ mode: 'lines', total: 2 });
    progress.done(failed('nb.ipynb', 'nb.ipynb: internal error: boom\nError: boom\n    at f (x.js:1:1)'));
    assert.equal(text(), 'nbx: nb.ipynb: internal error: boom\nError: boom\n    at f (x.js:1:1)\n');
  });
});

describe('Progress, quiet mode', () => {
  it('prints only error lines: no warnings, no per-file lines, no summary', () => {
    const { progress, text } = capture({ mode: 'quiet', total: 4 });
    const summary = runBatch(progress);
    assert.equal(text(), 'nbx: docs/bad.ipynb: not valid JSON\n');
    assert.deepEqual(summary, { converted: 2, failed: 1, skipped: 1, warnings: 3 });
  });
});

describe('Progress, bar mode (terminal)', () => {
  /** What the terminal shows: each '\r\x1b[K' wipes the current line. */
  function screen(text: string): string[] {
    const lines: string[] = [''];
    for (const chunk of text.split(/(\r\x1b\[K|\n)/)) {
      if (chunk === '\r\x1b[K') lines[lines.length - 1] = '';
      else if (chunk === '\n') lines.push('');
      else lines[lines.length - 1] += chunk;
    }
    return lines;
  }

  it('redraws one line in place; messages go above it; finish clears it and prints the summary', () => {
    const { progress, out, text } = capture({ mode: 'bar', total: 4 });
    progress.start('docs/a.ipynb');
    assert.deepEqual(out, ['\r\x1b[K[--------------------] 0/4  docs/a.ipynb']);
    const summary = runBatch(progress);
    assert.deepEqual(summary, { converted: 2, failed: 1, skipped: 1, warnings: 3 });
    assert.deepEqual(screen(text()), BATCH_LINES);
    // The bar as it was drawn along the way.
    const bars = out.filter((s) => s.startsWith('\r\x1b[K[')).map((s) => s.slice(4));
    assert.ok(bars.includes('[#####---------------] 1/4  docs/bad.ipynb'), bars.join('\n'));
    assert.ok(bars.includes('[###############-----] 3/4  docs/slow.ipynb'), bars.join('\n'));
    assert.ok(!text().includes('converted docs/'), 'no per-file lines on a terminal');
  });

  it('a message clears the bar first and redraws it after', () => {
    const { progress, out } = capture({ mode: 'bar', total: 2 });
    progress.start('a.ipynb');
    out.length = 0;
    progress.done(converted('a.ipynb', ['a.html'], ['a.ipynb: odd']));
    assert.deepEqual(out, ['\r\x1b[K', 'nbx: warning: a.ipynb: odd\n', '\r\x1b[K[##########----------] 1/2  a.ipynb']);
  });

  it('a single notebook: the bar is cleared and nothing else printed', () => {
    const { progress, text } = capture({ mode: 'bar', total: 1 });
    progress.start('nb.ipynb');
    progress.done(converted('nb.ipynb', ['nb.html']));
    progress.finish();
    assert.deepEqual(screen(text()), ['']);
  });

  it('the bar fits the terminal width, losing the start of the file name first', () => {
    const name = 'docs/some/deeply/nested/chapter/with-a-long-name.ipynb';
    for (const columns of [200, 80, 60, 40, 30, 20, 12, 8, 3, 1, 0]) {
      const line = barLine(7, 42, name, columns);
      assert.ok([...line].length <= Math.max(columns - 1, 0), `${columns}: ${JSON.stringify(line)}`);
      if (columns >= 8) assert.match(line, /7\/42/);
    }
    assert.equal(barLine(7, 42, name, 200), `[###-----------------] 7/42  ${name}`);
    assert.equal(barLine(7, 42, name, 50), '[###-----------------] 7/42  …h-a-long-name.ipynb');
    assert.equal(barLine(7, 42, name, 24), '[##--------------] 7/42');
    assert.equal(barLine(7, 42, name, 10), '7/42');
    assert.equal(barLine(42, 42, '', 80), '[####################] 42/42');
  });

  it('every bar drawn during a batch fits `columns`', () => {
    const { progress, out } = capture({ mode: 'bar', total: 4, columns: 30 });
    runBatch(progress);
    for (const s of out.filter((s) => s.startsWith('\r\x1b[K['))) assert.ok([...s.slice(4)].length <= 29, s);
  });

  it('redraws are throttled to one per 50 ms, and a put-off redraw still happens', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      let now = 1000;
      const out: string[] = [];
      const progress = new Progress({ mode: 'bar', total: 3, write: (s) => out.push(s), columns: 80, now: () => now });
      progress.start('a.ipynb');
      progress.done(converted('a.ipynb', ['a.html']));
      progress.start('b.ipynb');
      assert.equal(out.length, 1, 'one draw within 50 ms');
      now += 50;
      mock.timers.tick(50);
      assert.deepEqual(out.at(-1), '\r\x1b[K[######--------------] 1/3  b.ipynb');
      progress.done(failed('b.ipynb', 'b.ipynb: no such file'));
      assert.deepEqual(out.slice(-3), ['\r\x1b[K', 'nbx: b.ipynb: no such file\n', '\r\x1b[K[#############-------] 2/3  b.ipynb'], 'messages redraw at once');
      progress.start('c.ipynb');
      progress.finish(); // cancels the put-off redraw
      mock.timers.tick(100);
      assert.deepEqual(out.slice(-2), ['\r\x1b[K', '1 converted, 1 failed, 0 warnings\n']);
    } finally {
      mock.timers.reset();
    }
  });
});

describe('progress helpers', () => {
  it('progressMode: quiet and json → quiet; a terminal → bar; else lines', () => {
    assert.equal(progressMode({ isTTY: true }), 'bar');
    assert.equal(progressMode({ isTTY: false }), 'lines');
    assert.equal(progressMode({ isTTY: true, quiet: true }), 'quiet');
    assert.equal(progressMode({ isTTY: false, json: true }), 'quiet');
    assert.equal(progressMode({ isTTY: true, term: 'dumb' }), 'lines');
  });

  it('summaryLine: singular and plural', () => {
    assert.equal(summaryLine({ converted: 42, failed: 1, skipped: 0, warnings: 3 }), '42 converted, 1 failed, 3 warnings');
    assert.equal(summaryLine({ converted: 1, failed: 0, skipped: 0, warnings: 1 }), '1 converted, 0 failed, 1 warning');
    assert.equal(summaryLine({ converted: 0, failed: 0, skipped: 5, warnings: 0 }), '0 converted, 0 failed, 0 warnings, 5 unchanged');
  });

  it('truncateStart keeps the end, counting code points', () => {
    assert.equal(truncateStart('abcdef', 6), 'abcdef');
    assert.equal(truncateStart('abcdef', 4), '…def');
    assert.equal(truncateStart('a\u{1F600}\u{1F600}b', 3), '…\u{1F600}b');
  });
});

describe('Progress with --execute', () => {
  it('the bar shows the cell running; lines and the summary say which notebooks came from the cache', () => {
    const { progress, text } = capture({ mode: 'bar', total: 2, columns: 80 });
    progress.start('nb.ipynb');
    progress.cell('nb.ipynb', 2, 5);
    assert.match(text(), /\[-+\] 0\/2 {2}nb\.ipynb \(cell 3\/5\)$/);
    progress.done({ ...converted('nb.ipynb', ['nb.html']), execution: 'cached' });
    progress.done({ ...converted('b.ipynb', ['b.html']), execution: 'executed' });
    assert.deepEqual(progress.finish(), { converted: 2, failed: 0, skipped: 0, warnings: 0, cached: 1 });
    assert.match(text(), /2 converted, 0 failed, 0 warnings, 1 cached\n$/);

    const lines = capture({ mode: 'lines', total: 1 });
    lines.progress.done({ ...converted('nb.ipynb', ['nb.html'], [], 12), execution: 'cached' });
    assert.equal(lines.text(), 'converted nb.ipynb → nb.html (cached, 12 ms)\n');
  });
});
