// Same notebook, same PDF bytes: no print time, no run-dependent structure ids.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { findChrome } from '../src/browser/chrome.js';
import { convert } from '../src/convert.js';
import { fixture } from './helpers.js';

let noBrowser: string | false = false;
try {
  findChrome();
} catch (e) {
  noBrowser = (e as Error).message;
}

describe('PDF determinism', { skip: noBrowser }, () => {
  it('two conversions of a notebook with a table, math and images give identical bytes', { timeout: 120_000 }, async () => {
    const file = fixture('tour.ipynb');
    const once = async () => Buffer.from((await convert(readFileSync(file), { to: 'pdf', file })).content as Uint8Array);
    const [a, b] = [await once(), await once()];
    assert.ok(a.length > 10_000);
    assert.ok(!a.includes('/CreationDate'), 'no print time unless SOURCE_DATE_EPOCH is set');
    assert.ok(a.equals(b), 'the two PDFs differ');
  });
});
