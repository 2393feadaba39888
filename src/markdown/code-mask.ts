// Finds the code that math extraction must not look into, exactly where
// JupyterLab's two patterns find it:
//   fenced blocks  /^(?<fence>`{3,}|(~T){3,})[^`\n]*\n([\s\S]*?)^\k<fence>`*$/gm
//   code spans     /(^|[^\\])(`+)([^\n]*?[^`\n])\2(?!`)/gm
// (`~` is already `~T` here). Run as regular expressions these backtrack:
// a line of 10,000 backticks takes minutes (cubic), many unclosed fences take
// quadratic time. These scanners give the same matches in about linear time
// (test/hardening-complexity.test.ts compares them with the patterns).

/** Replaces each fenced code block (opening line to closing line) by `mask(block)`. */
export function replaceFencedCode(text: string, mask: (code: string) => string): string {
  const lines = splitLines(text);
  // Closing candidates: lines of backticks only (count ≥ 3), and lines of `~T`×k then backticks only.
  const tickLines: number[] = [];
  const tickCounts: number[] = [];
  const tildeLines = new Map<number, number[]>();
  lines.forEach((line, i) => {
    const ticks = /^`{3,}$/.exec(line.text);
    if (ticks) {
      tickLines.push(i);
      tickCounts.push(line.text.length);
    }
    const tildes = /^((?:~T){3,})`*$/.exec(line.text);
    if (tildes) {
      const k = tildes[1]!.length / 2;
      if (!tildeLines.has(k)) tildeLines.set(k, []);
      tildeLines.get(k)!.push(i);
    }
  });
  const maxTree = new MaxTree(tickCounts);

  let out = '';
  let copied = 0; // offset in text up to which `out` holds the text
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.newline) break; // the opening line needs its `\n`
    let close = -1;
    const ticks = /^(`{3,})[^`\n]*$/.exec(line.text);
    if (ticks) {
      // First later line of at least as many backticks.
      const from = lowerBound(tickLines, i + 1);
      const j = maxTree.firstAtLeast(from, ticks[1]!.length);
      if (j >= 0) close = tickLines[j]!;
    } else {
      const tildes = /^((?:~T)+)/.exec(line.text);
      const most = tildes ? tildes[1]!.length / 2 : 0;
      // The fence backtracks from all the tildes down to three; the info string after it has no backtick.
      for (let k = most; k >= 3 && close < 0; k--) {
        if (line.text.slice(2 * k).includes('`')) continue;
        const candidates = tildeLines.get(k);
        const at = candidates ? lowerBound(candidates, i + 1) : -1;
        if (candidates && at < candidates.length) close = candidates[at]!;
      }
    }
    if (close < 0) continue;
    const start = line.start;
    const end = lines[close]!.start + lines[close]!.text.length;
    out += text.slice(copied, start) + mask(text.slice(start, end));
    copied = end;
    i = close;
  }
  return out + text.slice(copied);
}

/** Replaces each code span (with the character before it, as the pattern matches it) by `mask(span)`. */
export function replaceCodeSpans(text: string, mask: (code: string) => string): string {
  let out = '';
  let copied = 0;
  for (const line of splitLines(text)) {
    // Maximal backtick runs of the line.
    const runs: { start: number; length: number }[] = [];
    for (const m of line.text.matchAll(/`+/g)) runs.push({ start: line.start + m.index!, length: m[0].length });
    if (runs.length < 2) continue;
    // Lengths of the runs after each run, for "is there a closing run of length k".
    const after: SortedLengths[] = new Array(runs.length);
    let suffix = new SortedLengths();
    for (let r = runs.length - 1; r >= 0; r--) {
      after[r] = suffix;
      suffix = suffix.with(runs[r]!.length);
    }
    for (let r = 0; r < runs.length - 1; r++) {
      const run = runs[r]!;
      if (run.start < copied) continue;
      // The first position the span can open at: the run's start, unless a backslash
      // precedes it (then one backtick in, that backtick being the leading character).
      // (A run never starts right where the last match ended: that is never a backtick.)
      const q = text[run.start - 1] === '\\' ? run.start + 1 : run.start;
      const room = run.start + run.length - q;
      if (room < 1) continue;
      const k = after[r]!.largestAtMost(room);
      if (k < 1) continue;
      let j = r + 1;
      while (runs[j]!.length !== k) j++;
      const closing = runs[j]!;
      const matchStart = q > 0 ? q - 1 : 0; // the leading character, a newline included
      const end = closing.start + closing.length;
      out += text.slice(copied, matchStart) + mask(text.slice(matchStart, end));
      copied = end;
      r = j;
    }
  }
  return out + text.slice(copied);
}

interface Line {
  start: number;
  text: string;
  newline: boolean;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) {
      lines.push({ start, text: text.slice(start), newline: false });
      return lines;
    }
    lines.push({ start, text: text.slice(start, nl), newline: true });
    start = nl + 1;
  }
}

/** Index of the first element ≥ value in a sorted array. */
function lowerBound(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A persistent set of run lengths (few distinct values per line): sorted unique array, shared until changed. */
class SortedLengths {
  constructor(private readonly values: number[] = []) {}

  with(length: number): SortedLengths {
    const at = lowerBound(this.values, length);
    if (this.values[at] === length) return this;
    return new SortedLengths([...this.values.slice(0, at), length, ...this.values.slice(at)]);
  }

  largestAtMost(limit: number): number {
    const at = lowerBound(this.values, limit + 1);
    return at > 0 ? this.values[at - 1]! : 0;
  }
}

/** Max segment tree: the first index ≥ from whose value is ≥ min. */
class MaxTree {
  private readonly size: number;
  private readonly tree: number[];

  constructor(values: number[]) {
    let size = 1;
    while (size < values.length) size *= 2;
    this.size = size;
    this.tree = new Array(2 * size).fill(0);
    values.forEach((v, i) => (this.tree[size + i] = v));
    for (let i = size - 1; i > 0; i--) this.tree[i] = Math.max(this.tree[2 * i]!, this.tree[2 * i + 1]!);
  }

  firstAtLeast(from: number, min: number): number {
    return this.search(1, 0, this.size, from, min);
  }

  private search(node: number, lo: number, hi: number, from: number, min: number): number {
    if (hi <= from || this.tree[node]! < min) return -1;
    if (hi - lo === 1) return lo;
    const mid = (lo + hi) >> 1;
    const left = this.search(2 * node, lo, mid, from, min);
    return left >= 0 ? left : this.search(2 * node + 1, mid, hi, from, min);
  }
}
