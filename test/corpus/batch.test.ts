// Batch inputs on the corpus folder: every notebook of the manifest is found.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { compareCodePoints, expandInputs } from '../../src/batch/inputs.js';
import { corpus, corpusDir } from './corpus.js';

describe('expandInputs on the corpus', () => {
  it('finds every notebook of the manifest, as a directory and as a glob, in code point order', async () => {
    const expected = corpus().map((e) => e.path).sort(compareCodePoints);
    const dir = await expandInputs([corpusDir]);
    assert.deepEqual(dir.files, expected);
    assert.equal(dir.root, corpusDir);
    const relative = await expandInputs(['*.ipynb'], corpusDir);
    assert.deepEqual(relative.files, expected.map((f) => path.basename(f)));
  });
});
