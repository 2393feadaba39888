import { readFileSync, readdirSync } from 'node:fs';
let t = performance.now();
const { PDFDocument, ParseSpeeds } = await import('/work/main/node_modules/pdf-lib/cjs/index.js');
console.log('import', Math.round(performance.now() - t));
let tl = 0, ts = 0;
for (const f of readdirSync('/tmp/pdfb')) {
  const bytes = readFileSync('/tmp/pdfb/' + f);
  t = performance.now();
  const doc = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  const a = performance.now() - t; t = performance.now();
  const out = await doc.save({ useObjectStreams: false, objectsPerTick: Infinity });
  const b = performance.now() - t; tl += a; ts += b;
  console.log(f.slice(0, 40).padEnd(40), bytes.length, 'load', Math.round(a), 'save', Math.round(b));
}
console.log('total load', Math.round(tl), 'save', Math.round(ts));
