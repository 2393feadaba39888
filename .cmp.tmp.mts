import { readFileSync } from 'node:fs';
import { pdfBodyText, squeeze } from './test/pdf-helpers.ts';
const nb = JSON.parse(readFileSync(process.argv[2]!, 'utf8'));
const layer = squeeze(pdfBodyText(process.argv[3]!));
for (const c of nb.cells) { if (c.cell_type !== 'code') continue; const s = squeeze([c.source].flat().join(''));
  if (layer.includes(s)) continue;
  let lo = 0, hi = s.length; while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (layer.includes(s.slice(0, mid))) lo = mid; else hi = mid - 1; }
  console.log('MISMATCH at', lo, JSON.stringify(s.slice(Math.max(0, lo - 40), lo + 40)));
  const i = layer.indexOf(s.slice(0, lo)); console.log('layer   ', JSON.stringify(layer.slice(i + lo - 40, i + lo + 40)));
}
