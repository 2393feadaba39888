// How much of each printed page ends blank: pages rendered by pdftoppm (grey,
// 20 dpi), the last inked row above the bottom margin (the page number lives
// in the margin) measured against the text area. The last page is left out:
// a document ends where it ends.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const DPI = 20;

/** Blank share (0–1) at the end of each page but the last, for a PDF with `margin` inches top and bottom. */
export function blankShares(pdf: string, margin = 0.5): number[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'nbx-blank-'));
  try {
    execFileSync('pdftoppm', ['-gray', '-r', String(DPI), pdf, path.join(dir, 'p')]);
    const pages = readdirSync(dir).filter((f) => f.endsWith('.pgm')).sort();
    return pages.slice(0, -1).map((f) => blankShare(readFileSync(path.join(dir, f)), margin));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One binary PGM (P5) page. */
function blankShare(pgm: Buffer, margin: number): number {
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.toString('latin1', 0, 64))!;
  const [width, height] = [Number(header[1]), Number(header[2])];
  const pixels = pgm.subarray(header[0].length);
  const top = Math.round(margin * DPI);
  const bottom = height - Math.round(margin * DPI); // first row of the bottom margin
  let last = top;
  for (let y = top; y < bottom; y++) {
    for (let x = 0; x < width; x++) {
      if (pixels[y * width + x]! < 235) { last = y + 1; break; }
    }
  }
  return (bottom - last) / (bottom - top);
}

export const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
