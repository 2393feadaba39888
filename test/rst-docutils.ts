// docutils as the judge of RST output: every file is parsed (and written to
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

/**
 * Runs docutils over `files`; null when python3 or docutils is missing.
 * The `null` writer parses (and resolves references) without writing: the
 * checks that matter at a fraction of the HTML writer's time.
 */
export function docutilsMessages(files: string[], writer: 'html' | 'null' = 'html'): DocutilsResult | null {
  const probe = spawnSync('python3', ['-c', 'import docutils'], { stdio: 'ignore' });
  if (probe.status !== 0) return null;
  const r = spawnSync('python3', ['-c', CHECK, writer, ...files], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`docutils check failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as DocutilsResult;
}
