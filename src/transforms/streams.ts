// Stream outputs as a terminal shows them: consecutive writes to the same
// stream merge, `\r` returns to the start of the line and `\b` steps back,
// so a progress bar leaves only its last state.
import type { Notebook, Output } from '../notebook/model.js';

export function coalesceStreams(nb: Notebook): void {
  for (const cell of nb.cells) {
    if (cell.type !== 'code') continue;
    const merged: Output[] = [];
    for (const out of cell.outputs) {
      const last = merged[merged.length - 1];
      if (out.type === 'stream' && last?.type === 'stream' && last.name === out.name) {
        merged[merged.length - 1] = { ...last, text: last.text + out.text };
      } else {
        merged.push(out);
      }
    }
    for (const out of merged) if (out.type === 'stream') out.text = applyControlChars(out.text);
    cell.outputs = merged;
  }
}

// An escape sequence is zero-width: it stays attached to the character after it.
const TOKEN = /\x1b\[[0-?]*[ -/]*[@-~]|\r\n|[\r\b\n]|[^\r\b\n\x1b]|\x1b/gu;

/** Apply `\r` (overwrite from line start) and `\b` (step back) as a terminal would. */
export function applyControlChars(text: string): string {
  if (!/[\r\b]/.test(text)) return text;
  let out = '';
  let line: string[] = []; // one entry per column: pending escapes + the character
  let col = 0;
  let pending = '';
  const endLine = () => {
    out += line.join('') + pending;
    line = [];
    col = 0;
    pending = '';
  };
  for (const [tok] of text.matchAll(TOKEN)) {
    if (tok === '\n' || tok === '\r\n') {
      endLine();
      out += '\n';
    } else if (tok === '\r') {
      col = 0;
    } else if (tok === '\b') {
      col = Math.max(0, col - 1);
    } else if (tok.startsWith('\x1b')) {
      pending += tok;
    } else {
      line[col++] = pending + tok;
      pending = '';
    }
  }
  endLine();
  return out;
}
