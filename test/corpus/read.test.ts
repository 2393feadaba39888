// Reading the corpus notebooks (npm run test:corpus): old formats upgraded,
// future minors and invalid files warn, every notebook reads or fails in one
// line. The same cases on notebooks written here: test/read-generated.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Diagnostics, NbxError } from '../../src/errors.js';
import type { CodeCell, DisplayOutput, Notebook, StreamOutput } from '../../src/notebook/model.js';
import { readNotebook } from '../../src/notebook/read.js';
import { corpusDir as corpus } from './corpus.js';

function readCorpus(name: string): { nb: Notebook; diag: Diagnostics } {
  const diag = new Diagnostics(name);
  return { nb: readNotebook(readFileSync(join(corpus, name)), name, diag), diag };
}

/** Run `fn`, expect an NbxError, return its message. */
function fatal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof NbxError, `expected NbxError, got ${String(err)}`);
    assert.ok(!err.message.includes('\n'), `message has a newline: ${JSON.stringify(err.message)}`);
    return err.message;
  }
  assert.fail('expected a fatal error');
}

const messages = (diag: Diagnostics): string[] => diag.warnings.map((w) => `${w.path ?? ''}: ${w.message}`);

test('v3: worksheets, headings, pyout and short MIME keys (nbformat test3)', () => {
  const { nb, diag } = readCorpus('nbformat__test3.ipynb');
  assert.deepEqual(diag.warnings, []);
  assert.equal(nb.nbformat, 3);
  assert.equal(nb.nbformatMinor, 0);
  assert.equal(nb.metadata.name, undefined, 'v3 metadata.name is dropped');
  assert.equal(nb.cells.length, 9);
  assert.deepEqual(
    nb.cells.map((c) => c.type),
    ['markdown', 'markdown', 'markdown', 'code', 'markdown', 'code', 'code', 'markdown', 'code'],
  );
  assert.equal(nb.cells[0]!.source, '# nbconvert latex test');
  assert.equal(nb.cells[2]!.source, '## Printed Using Python');
  assert.equal(nb.cells[7]!.source, '### Image');
  assert.deepEqual(nb.cells.map((c) => c.id), nb.cells.map((_, i) => `cell-${i}`));

  const hello = nb.cells[3] as CodeCell;
  assert.equal(hello.source, 'print("hello")');
  assert.equal(hello.executionCount, 1);
  assert.equal(hello.language, 'python');
  assert.deepEqual(hello.outputs, [{ type: 'stream', name: 'stdout', text: 'hello\n' }]);
  assert.deepEqual(hello.metadata, { collapsed: false });

  const html = (nb.cells[5] as CodeCell).outputs[0] as DisplayOutput;
  assert.equal(html.type, 'execute_result');
  assert.equal(html.executionCount, 3);
  assert.equal(html.data['text/html'], '\n<script>\nconsole.log("hello");\n</script>\n<b>HTML</b>\n');
  assert.equal(html.data['text/plain'], '<IPython.core.display.HTML at 0x1112757d0>');

  const js = (nb.cells[6] as CodeCell).outputs[0] as DisplayOutput;
  assert.equal(js.type, 'display_data');
  assert.equal(js.executionCount, null);
  assert.equal(js.data['application/javascript'], 'console.log("hi");');

  const image = (nb.cells[8] as CodeCell).outputs[0] as DisplayOutput;
  const png = image.data['image/png'] as Uint8Array;
  assert.ok(png instanceof Uint8Array);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
});

test('v3: a real IPython 2 notebook (Custom Display Logic)', () => {
  const { nb, diag } = readCorpus('ipython__v3_Custom_Display_Logic.ipynb');
  assert.deepEqual(diag.warnings, []);
  assert.equal(nb.metadata.signature, undefined);
  assert.equal(nb.cells[0]!.source, '# Custom Display Logic');
  assert.equal(nb.cells[1]!.source, '## Overview');
  const gaussian = nb.cells.find((c): c is CodeCell => c.type === 'code' && c.source === 'x = Gaussian(2.0, 1.0)\nx')!;
  const out = gaussian.outputs[0] as DisplayOutput;
  assert.equal(out.type, 'execute_result');
  assert.equal(out.executionCount, 4);
  assert.deepEqual(Object.keys(out.data).sort(), ['image/png', 'text/latex', 'text/plain']);
  assert.equal(out.data['text/latex'], '$\\mathcal{N}(\\mu=2, \\sigma=1),\\ N=1000$');
  assert.ok(out.data['image/png'] instanceof Uint8Array);
  const kinds = new Set(nb.cells.flatMap((c) => (c.type === 'code' ? c.outputs.flatMap((o) => ('data' in o ? Object.keys(o.data) : [])) : [])));
  assert.ok(kinds.has('application/javascript') && kinds.has('text/html'));
  for (const k of kinds) assert.match(k, /\//, `short key ${k} left over`);
});

test('v2 notebooks are upgraded through v3 (nbformat test2)', () => {
  const { nb, diag } = readCorpus('nbformat__test2.ipynb');
  assert.deepEqual(diag.warnings, []);
  assert.equal(nb.nbformat, 2);
  assert.equal(nb.cells.length, 21);
  assert.equal(nb.metadata.name, undefined);
  // v2 split lines without their line ends: they are joined with "\n".
  assert.ok(nb.cells[0]!.source.startsWith('# An introduction to the Jupyter notebook\n\nThe IPython web notebook'));
  const first = nb.cells[1] as CodeCell;
  assert.equal(first.source, '"This is the new Jupyter notebook"');
  assert.equal(first.executionCount, 1);
  assert.deepEqual(first.outputs, [{ type: 'execute_result', executionCount: 1, data: { 'text/plain': "'This is the new Jupyter notebook'" }, metadata: {} }]);
  const ls = nb.cells[3] as CodeCell;
  assert.equal((ls.outputs[0] as StreamOutput).name, 'stdout');
  const plot = nb.cells.find((c): c is CodeCell => c.type === 'code' && c.source.startsWith('%pylab inline'))!;
  assert.deepEqual(plot.outputs.map((o) => o.type), ['stream', 'execute_result', 'display_data']);
  const png = (plot.outputs[2] as DisplayOutput).data['image/png'] as Uint8Array;
  assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
});

test('a future 4.x minor is read as 4.5 with warnings (nbformat test4plus)', () => {
  const { nb, diag } = readCorpus('nbformat__test4plus.ipynb');
  assert.equal(nb.nbformatMinor, 99);
  const all = messages(diag);
  assert.ok(all.includes(': nbformat 4.99 is newer than 4.5; reading it as 4.5'), all.join('\n'));
  assert.ok(all.includes('cells[9]: unknown cell_type "future cell"; skipped'), all.join('\n'));
  assert.ok(all.includes('cells[10].outputs[1]: unknown output_type "future output"; skipped'), all.join('\n'));
  assert.equal(nb.cells.length, 10);
  const last = nb.cells[9] as CodeCell;
  assert.equal(last.index, 10, 'indexes stay file positions');
  assert.equal(last.id, 'future-11');
  assert.deepEqual(last.outputs.map((o) => (o as StreamOutput).text), ['hello\n', 'hello again\n']);
});

test('missing nbformat_minor warns and assumes 0', () => {
  const { nb, diag } = readCorpus('nbformat__no_min_version.ipynb');
  assert.equal(nb.nbformatMinor, 0);
  assert.deepEqual(messages(diag), ['nbformat_minor: missing; assuming 4.0']);
});

test('truncated JSON is fatal: message names the file, line and column', () => {
  const full = readFileSync(join(corpus, 'nbformat__test4.ipynb'), 'utf8');
  const cut = full.slice(0, 300);
  const lines = cut.split('\n');
  const msg = fatal(() => readNotebook(Buffer.from(cut), 'nb.ipynb', new Diagnostics('nb.ipynb')));
  assert.ok(msg.startsWith('nb.ipynb: not valid JSON: '), msg);
  // Either V8's "Unexpected end of JSON input" or an unterminated-string message, at the end.
  assert.match(msg, new RegExp(` at line ${lines.length} column ${lines[lines.length - 1]!.length + 1}$`));
});

test('cell ids: duplicate, missing and illegal ids warn; model ids are unique', () => {
  const dup = readCorpus('nbformat__invalid_unique_cell_id.ipynb');
  assert.deepEqual(dup.nb.cells.map((c) => c.id), ['dup', 'dup-2']);
  assert.deepEqual(messages(dup.diag), ['cells[1].id: duplicate id "dup"; using "dup-2"']);

  const illegal = readCorpus('nbformat__invalid_cell_id.ipynb');
  assert.deepEqual(illegal.nb.cells.map((c) => c.id), ['cell-0']);
  assert.deepEqual(messages(illegal.diag), ['cells[0].id: "$illegal_chars" is not 1–64 letters, digits, "-" or "_"; using "cell-0"']);

  const missing = readCorpus('nbformat__v4_5_no_cell_id.ipynb');
  assert.deepEqual(missing.nb.cells.map((c) => c.id), ['cell-0']);
  assert.deepEqual(messages(missing.diag), ['cells: 1 cell has no id (nbformat 4.5 requires them); using cell-<index>']);
});

test('wrongly typed metadata warns and is ignored (nbformat v4_5_invalid_metadata)', () => {
  const { nb, diag } = readCorpus('nbformat__v4_5_invalid_metadata.ipynb');
  const all = messages(diag);
  for (const expected of [
    'metadata.kernelspec: is a string, not an object; ignored',
    'metadata.authors: is a string, not a list; ignored',
    'cells[0].metadata.tags: is a string, not a list of strings; ignored',
    'cells[0].metadata.collapsed: is a string, not a boolean; ignored',
    'cells[1].metadata.jupyter.source_hidden: is a string, not a boolean; ignored',
  ]) {
    assert.ok(all.includes(expected), `missing warning ${expected}\n${all.join('\n')}`);
  }
  assert.deepEqual(nb.info.authors, []);
  assert.equal(nb.info.kernelName, null);
  assert.equal(nb.info.language, 'python');
  assert.deepEqual(nb.cells[0]!.tags, []);
  assert.equal(nb.cells[0]!.metadata.collapsed, 'BAD: should be bool', 'metadata is passed on as written');
  assert.equal(nb.metadata.kernelspec, 'BAD: should be a dict');
});

test('invalid v4 cells: no source, heading cell, unknown output type (nbformat invalid)', () => {
  const { nb, diag } = readCorpus('nbformat__invalid.ipynb');
  assert.deepEqual(messages(diag), [
    'cells[0].source: missing; using ""',
    'cells[2]: v3 "heading" cell in an nbformat 4 notebook; converted to markdown',
    'cells[3].outputs[0]: unknown output_type "bad stream"; skipped',
  ]);
  assert.equal(nb.cells[0]!.source, '');
  assert.equal(nb.cells[2]!.type, 'markdown');
  assert.equal(nb.cells[2]!.source, '## Printed Using Python');
  assert.deepEqual((nb.cells[3] as CodeCell).outputs, []);
  // image/png written as a list of base64 lines still decodes.
  const png = ((nb.cells[8] as CodeCell).outputs[0] as DisplayOutput).data['image/png'];
  assert.ok(png instanceof Uint8Array && png.length > 100);
});

test('every corpus notebook: valid ones read, invalid ones warn or fail on one line', () => {
  const manifest = readFileSync(join(corpus, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const header = manifest[0]!.split('\t');
  const fileCol = header.indexOf('file');
  const validationCol = header.indexOf('validation');
  let count = 0;
  for (const line of manifest.slice(1)) {
    const cols = line.split('\t');
    const file = cols[fileCol]!;
    const valid = cols[validationCol]!.startsWith('valid');
    const diag = new Diagnostics(file);
    const bytes = readFileSync(join(corpus, file));
    count++;
    if (valid) {
      const nb = readNotebook(bytes, file, diag);
      assert.ok(nb.cells.length > 0, `${file}: no cells`);
      const ids = nb.cells.map((c) => c.id);
      assert.equal(new Set(ids).size, ids.length, `${file}: ids not unique`);
      continue;
    }
    try {
      readNotebook(bytes, file, diag);
      assert.ok(diag.warnings.length >= 1, `${file}: invalid notebook read without a warning`);
    } catch (err) {
      assert.ok(err instanceof NbxError, `${file}: ${String(err)}`);
      assert.ok(err.message.startsWith(`${file}: `), err.message);
      assert.ok(!err.message.includes('\n'), err.message);
    }
  }
  assert.ok(count >= 60, `only ${count} notebooks in the manifest`);
});

test('warnings and paths are one line each', () => {
  for (const file of ['nbformat__invalid.ipynb', 'nbformat__v4_5_invalid_metadata.ipynb', 'nbformat__test4plus.ipynb', 'nbconvert__exporters_notebook_inject.ipynb']) {
    const { diag } = readCorpus(file);
    for (const w of diag.warnings) assert.ok(!/[\n\r]/.test(`${w.path} ${w.message}`), `${file}: ${w.message}`);
  }
});
