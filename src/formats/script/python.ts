// IPython syntax in a code cell → plain Python, so the exported script runs
// with `python`. nbconvert asks IPython to turn `%magic` into
// `get_ipython().run_line_magic(…)`, which only runs inside IPython (and is
// left untouched when IPython is not installed); nbx comments the
// IPython-only lines out instead. Which lines are IPython's follows IPython's
// own input transformers (inputtransformer2): escapes at the start of a
// statement (`%`, `!`, `?`, `/`, `,`, `;`), help (`obj?`), magic and system
// assignments (`x = %who`, `files = !ls`), cell magics on the first line.

// Cell magics whose body is Python: only the magic line goes.
const PYTHON_BODY_MAGICS = new Set(['time', 'timeit', 'capture', 'prun']);

const ESCAPE = /^[%!?/,;]/;
const MAGIC_ASSIGN = /^[\w.,[\]\s()*]+?=\s*[%!]/;

/** What the scan of the previous lines left open. */
interface ScanState {
  /** Inside a string that spans lines (''' or """). */
  quote: string | null;
  /** Open brackets. */
  depth: number;
  /** The line ended with a backslash. */
  continued: boolean;
}

/** How a line of a cell is read: Python, or IPython's (a statement, or a comment-only continuation of one). */
type LineKind = 'python' | 'ipython' | 'ipython-continued';

/** The cell's lines (prompts and common indentation removed, as IPython does) and how each is read. */
function classify(source: string): { lines: string[]; kinds: LineKind[] } {
  const lines = stripPrompts(dedent(source.replace(/\r\n?/g, '\n').split('\n')));
  const kinds: LineKind[] = lines.map(() => 'python');
  const first = lines.findIndex((l) => l.trim());
  const cellMagic = first >= 0 ? /^%%(\S*)/.exec(lines[first]!) : null;
  if (cellMagic && !PYTHON_BODY_MAGICS.has(cellMagic[1]!)) return { lines, kinds: lines.map(() => 'ipython-continued') };
  const state: ScanState = { quote: null, depth: 0, continued: false };
  let magicContinues = false;
  lines.forEach((line, i) => {
    if (cellMagic && i <= first) {
      if (i === first) kinds[i] = 'ipython-continued';
      return;
    }
    const atStatement = !state.quote && state.depth === 0 && !state.continued;
    const scan = scanLine(line, state);
    const continuation = magicContinues;
    if (!continuation && !(atStatement && isIPythonLine(line, scan.question))) return;
    // A magic continues on the next line after a final backslash.
    magicContinues = line.trimEnd().endsWith('\\');
    Object.assign(state, { quote: null, depth: 0, continued: false });
    kinds[i] = continuation ? 'ipython-continued' : 'ipython';
  });
  return { lines, kinds };
}

export function pythonFromIPython(source: string): string {
  const { lines, kinds } = classify(source);
  // Comment lines may stand at any indentation; an indented statement needs `pass`.
  return lines.map((line, i) => (kinds[i] === 'python' ? line : kinds[i] === 'ipython' && /^\s/.test(line) ? passLine(line) : commentOut(line))).join('\n');
}

/** The IPython-only lines of a cell (magics, shell escapes, help). */
export function ipythonLines(source: string): string[] {
  const { lines, kinds } = classify(source);
  return lines.filter((_, i) => kinds[i] !== 'python');
}

function isIPythonLine(line: string, question: boolean): boolean {
  const code = line.trim();
  return ESCAPE.test(code) || MAGIC_ASSIGN.test(code) || question;
}

const commentOut = (line: string): string => (line.trim() ? `# ${line}` : '#');

/** An indented IPython line becomes `pass`, so the block it was in is not left empty. */
function passLine(line: string): string {
  const [, indent, rest] = /^(\s*)(.*)$/.exec(line)!;
  return `${indent}pass  # ${rest}`;
}

/** IPython removes the indentation of the first line from every line. */
function dedent(lines: string[]): string[] {
  const first = lines.find((l) => l.trim());
  const indent = first ? /^[ \t]*/.exec(first)![0] : '';
  return indent ? lines.map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l)) : lines;
}

/** Pasted `>>> ` / `... ` or `In [1]: ` prompts, removed as IPython does when the first line has one. */
function stripPrompts(lines: string[]): string[] {
  const first = lines.find((l) => l.trim()) ?? '';
  const prompt = /^>>> ?/.test(first) ? /^(?:>>>|\.\.\.)(?: |$)/ : /^In \[\d+\]: /.test(first) ? /^(?:In \[\d+\]: |\s*\.\.\.: ?)/ : null;
  return prompt ? lines.map((l) => l.replace(prompt, '')) : lines;
}

/**
 * Follows strings, comments and brackets through one line (enough of
 * Python's tokenizer to know where statements start), updating `state`.
 * `question`: a `?` outside strings and comments, which only IPython reads.
 */
function scanLine(line: string, state: ScanState): { question: boolean } {
  let question = false;
  let last = '';
  for (let i = 0; i < line.length; ) {
    const c = line[i]!;
    if (state.quote) {
      if (c === '\\') i += 2;
      else if (line.startsWith(state.quote, i)) {
        i += state.quote.length;
        state.quote = null;
        last = c;
      } else i++;
      continue;
    }
    if (c === '#') break;
    if (c === '"' || c === "'") {
      state.quote = line.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      i += state.quote.length;
      continue;
    }
    if ('([{'.includes(c)) state.depth++;
    else if (')]}'.includes(c)) state.depth = Math.max(0, state.depth - 1);
    else if (c === '?') question = true;
    if (!/\s/.test(c)) last = c;
    i++;
  }
  const escapedNewline = line.endsWith('\\');
  // A one-quote string ends with its line, unless the newline is escaped.
  if (state.quote?.length === 1 && !escapedNewline) state.quote = null;
  state.continued = !state.quote && last === '\\';
  return { question };
}
