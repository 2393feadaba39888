// docutils as the judge of RST output, and random markdown to judge it on: every file is parsed (and written to
// HTML, as rst2html does) in one Python process, and each message of level
// warning or above is returned. `.ci/run` installs python3-docutils.
import { spawnSync } from 'node:child_process';

// Messages go to a buffer instead of stderr; nothing halts, so all are seen.
// Without Pygments (python3-pygments is only recommended by python3-docutils)
// code blocks would warn about it, so highlighting is then turned off.
const CHECK = String.raw`
import io, json, sys
from docutils.core import publish_file
try:
    import pygments
    highlight = 'long'
except ImportError:
    highlight = 'none'
result = {}
writer = sys.argv[1]
for path in sys.argv[2:]:
    stream = io.StringIO()
    publish_file(source_path=path, destination=io.StringIO(), writer_name=writer, settings_overrides={
        'report_level': 2, 'halt_level': 5, 'warning_stream': stream, 'syntax_highlight': highlight,
        'output_encoding': 'unicode', '_disable_config': True})
    result[path] = [line for line in stream.getvalue().splitlines() if line.strip()]
print(json.dumps({'pygments': highlight != 'none', 'messages': result}))
`;

export interface DocutilsResult {
  pygments: boolean;
  /** File → message lines (`file:line: (WARNING/2) …` and their continuation lines). */
  messages: Record<string, string[]>;
}

/** A Python with docutils: the one on PATH, else Debian's (where python3-docutils installs it). */
const python = ['python3', '/usr/bin/python3'].find(
  (py) => spawnSync(py, ['-c', 'import docutils'], { stdio: 'ignore' }).status === 0,
);

/**
 * Runs docutils over `files`; null when python3 or docutils is missing.
 * The `null` writer parses (and resolves references) without writing: the
 * checks that matter at a fraction of the HTML writer's time.
 */
export function docutilsMessages(files: string[], writer: 'html' | 'null' = 'html'): DocutilsResult | null {
  if (!python) {
    // CI installs it (.ci/run): there, a missing docutils is a failure, not a skip.
    if (process.env.CI) throw new Error('no python3 with docutils: apt-get install python3-docutils');
    return null;
  }
  const r = spawnSync(python, ['-c', CHECK, writer, ...files], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`docutils check failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as DocutilsResult;
}

// Pieces of markdown that are markup in RST, mixed at random (a fixed seed: the same documents every run).
const PIECES = [
  '\n- ', '\n  - ', '\n1. ', '\n   1. ', '\n> ', '\n# ', '\n### ', '\n\n    code', '\n| x | y |\n|---|---|\n| ', '\n\n```py\nx\n```\n',
  '\n\n$$\nx\n$$\n', '  \n', '\\\n', '\n\n<div>\nhi\n\n', 'Title\n===\n', '\n***\n', '*', '**', '_', '__', '`', '``', '$', '$$', '\\',
  '|', ':', '::', '..', '-', '+', '1.', 'a)', '(i)', '#', '>', '>>>', '<b>', '</b>', '[', ']', '(', ')', '[x](http://a.org)',
  '[x](http://b.org)', '![i](p.png)', 'word', ' ', ' ', '\n', '\n\n', '    ', '---', '===', '=== =', '~~~', '```',
  '\\begin{align}a&=b\\end{align}', '"', "'", '!', '中', '😀', '&amp;', 'http://x.org/_', '_x_', 'x_', '[1]_', '`x`_', '|x|', '—', '/V', '-x',
  '\t', '\r', '\u2028', '\x00', '\x1b[31m',
];

export function randomMarkdown(count: number, seed: number): string[] {
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed / 2147483648);
  return Array.from({ length: count }, () =>
    Array.from({ length: 5 + Math.floor(random() * 40) }, () => PIECES[Math.floor(random() * PIECES.length)]).join(''));
}
