// Every notebook written in test/notebooks/ through one `nbx convert` batch in
// every format that needs no browser (pdf and slides-pdf have their own tests:
// pdf.test.ts, slides-browser.test.ts): valid ones convert, invalid ones warn
// or fail in one line naming the file. The same check on the real-world
// corpus: test/corpus/convert.test.ts.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { checkBatch } from './helpers-convert.js';
import { VALID, writeNotebooks } from './notebooks/index.js';

describe('every generated notebook in every format', () => {
  it('html, json, latex, rst, markdown, script, slides in one batch', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nbx-generated-all-'));
    const files = writeNotebooks(dir).map((file) => ({ file, valid: path.basename(file) in VALID }));
    checkBatch(files, ['html', 'json', 'latex', 'rst', 'markdown', 'script', 'slides']);
  });
});
