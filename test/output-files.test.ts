import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OutputFiles } from '../src/formats/output-files.js';

describe('extracted output files', () => {
  it("use nbconvert's names: <stem>_files/<stem>_<cell>_<output>.<ext>", () => {
    const files = new OutputFiles('nb');
    assert.equal(files.addOutput(3, 0, 'image/png', new Uint8Array([1])), 'nb_files/nb_3_0.png');
    assert.equal(files.addOutput(3, 1, 'image/jpeg', new Uint8Array([1])), 'nb_files/nb_3_1.jpg');
    assert.equal(files.addOutput(4, 0, 'image/svg+xml', '<svg/>'), 'nb_files/nb_4_0.svg');
    assert.equal(files.addOutput(5, 0, 'application/pdf', new Uint8Array([1])), 'nb_files/nb_5_0.pdf');
    assert.deepEqual(files.files.map((f) => f.path), ['nb_files/nb_3_0.png', 'nb_files/nb_3_1.jpg', 'nb_files/nb_4_0.svg', 'nb_files/nb_5_0.pdf']);
  });

  it('honour metadata.filename, adding the extension, never leaving the directory', () => {
    const files = new OutputFiles('nb');
    assert.equal(files.addOutput(0, 0, 'image/png', '', { filename: 'figure' }), 'nb_files/figure.png');
    assert.equal(files.addOutput(0, 1, 'image/png', '', { filename: '../../etc/evil.png' }), 'nb_files/evil.png');
    assert.equal(files.addOutput(0, 2, 'image/png', '', { filename: '"><script>.png' }), 'nb_files/___script_.png');
    assert.equal(files.add('..', ''), 'nb_files/file');
  });

  it('never gives two files the same name', () => {
    const files = new OutputFiles('nb');
    assert.equal(files.addOutput(0, 0, 'image/png', '', { filename: 'a.png' }), 'nb_files/a.png');
    assert.equal(files.addOutput(1, 0, 'image/png', '', { filename: 'a.png' }), 'nb_files/a_1.png');
    assert.equal(files.add('a.png', ''), 'nb_files/a_2.png');
  });
});
