// Reading the notebooks written in test/notebooks/: v2 and v3 files upgrade
// without a warning, a future minor and invalid files warn naming the JSON
// path, broken files fail in one line naming the file; every generated
// notebook reads (or fails) as its name says.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Diagnostics, NbxError } from '../src/errors.js';
import type { CodeCell, DisplayOutput, Notebook, StreamOutput } from '../src/notebook/model.js';
import { readNotebook } from '../src/notebook/read.js';
import { allNotebooks, VALID, WITH_WARNINGS } from './notebooks/index.js';

const all = allNotebooks();

function readGenerated(name: string): { nb: Notebook; diag: Diagnostics } {
  const diag = new Diagnostics(name);
  return { nb: readNotebook(all.get(name)!, name, diag), diag };
}

const messages = (diag: Diagnostics): string[] => diag.warnings.map((w) => `${w.path ?? ''}: ${w.message}`);

/** The one-line message of the NbxError reading `name` throws. */
function fatal(name: string): string {
  try {
    readGenerated(name);
  } catch (err) {
    assert.ok(err instanceof NbxError, `${name}: expected NbxError, got ${String(err)}`);
    assert.ok(!/[\n\r]/.test(err.message), `${name}: message has a newline: ${JSON.stringify(err.message)}`);
    return err.message;
  }
  assert.fail(`${name}: expected a fatal error`);
}

test('v3: worksheets, heading cells, pyout and short MIME keys', () => {
  const { nb, diag } = readGenerated('v3.ipynb');
  assert.deepEqual(diag.warnings, []);
  assert.equal(nb.nbformat, 3);
  assert.equal(nb.metadata.name, undefined, 'v3 metadata.name is dropped');
  assert.equal(nb.metadata.signature, undefined, 'and the signature');
  assert.deepEqual(nb.cells.map((c) => c.type), ['markdown', 'markdown', 'markdown', 'code', 'code', 'code', 'code', 'markdown', 'code']);
  assert.deepEqual(nb.cells.map((c) => c.id), nb.cells.map((_, i) => `cell-${i}`));
  assert.equal(nb.cells[0]!.source, '# An old notebook');
  assert.equal(nb.cells[2]!.source, '## Printed Using Python');
  assert.equal(nb.cells[7]!.source, '### Image');
  const hello = nb.cells[3] as CodeCell;
  assert.equal(hello.source, 'print("hello")');
  assert.equal(hello.executionCount, 1);
  assert.deepEqual(hello.outputs, [{ type: 'stream', name: 'stdout', text: 'hello\n' }]);
  const html = (nb.cells[4] as CodeCell).outputs[0] as DisplayOutput;
  assert.equal(html.type, 'execute_result');
  assert.equal(html.executionCount, 3);
  assert.equal(html.data['text/html'], '<b>HTML</b>\n<script>console.log("v3 html");</script>\n');
  assert.equal(((nb.cells[5] as CodeCell).outputs[0] as DisplayOutput).data['application/javascript'], 'console.log("v3 js");');
  const gaussian = (nb.cells[6] as CodeCell).outputs[0] as DisplayOutput;
  assert.deepEqual(Object.keys(gaussian.data).sort(), ['image/png', 'text/latex', 'text/plain']);
  assert.equal(gaussian.data['text/latex'], '$\\mathcal{N}(\\mu=2, \\sigma=1)$');
  const png = ((nb.cells[8] as CodeCell).outputs[0] as DisplayOutput).data['image/png'] as Uint8Array;
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.deepEqual(nb.cells[8]!.metadata, { collapsed: true });
});

test('v2: upgraded through v3, lines joined with "\\n"', () => {
  const { nb, diag } = readGenerated('v2.ipynb');
  assert.deepEqual(diag.warnings, []);
  assert.equal(nb.nbformat, 2);
  assert.equal(nb.metadata.name, undefined);
  assert.equal(nb.cells.length, 4);
  assert.equal(nb.cells[0]!.source, '# A v2 notebook\n\nLines were split without their ends.');
  const first = nb.cells[1] as CodeCell;
  assert.deepEqual(first.outputs, [{ type: 'execute_result', executionCount: 1, data: { 'text/plain': "'a string'" }, metadata: {} }]);
  assert.equal(nb.cells[2]!.source, 'for i in range(2):\n    print(i)');
  assert.equal(((nb.cells[2] as CodeCell).outputs[0] as StreamOutput).text, '0\n1\n');
  const plot = nb.cells[3] as CodeCell;
  assert.deepEqual(plot.outputs.map((o) => o.type), ['stream', 'execute_result', 'display_data']);
  const png = (plot.outputs[2] as DisplayOutput).data['image/png'] as Uint8Array;
  assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]);
});

test('a future 4.x minor is read as 4.5: unknown cell and output types are skipped with warnings', () => {
  const { nb, diag } = readGenerated('future.ipynb');
  assert.equal(nb.nbformatMinor, 99);
  assert.deepEqual(messages(diag), [
    ': nbformat 4.99 is newer than 4.5; reading it as 4.5',
    'cells[1].outputs[1]: unknown output_type "future output"; skipped',
    'cells[2]: unknown cell_type "future cell"; skipped',
  ]);
  assert.equal(nb.cells.length, 3);
  const printed = nb.cells[1] as CodeCell;
  assert.deepEqual(printed.outputs.map((o) => (o as StreamOutput).text), ['hello\n', 'hello again\n']);
  assert.equal(nb.cells[2]!.index, 3, 'indexes stay file positions');
  assert.equal(nb.cells[2]!.id, 'future-3');
});

test('invalid files that still read: each problem is a warning with its JSON path', () => {
  assert.deepEqual(messages(readGenerated('invalid-no-minor.ipynb').diag), ['nbformat_minor: missing; assuming 4.0']);
  const ids = readGenerated('invalid-cell-ids.ipynb');
  assert.deepEqual(ids.nb.cells.map((c) => c.id), ['dup', 'dup-2', 'cell-2', 'cell-3']);
  assert.equal(messages(ids.diag).length, 3);
  const types = readGenerated('invalid-wrong-types.ipynb');
  const warned = messages(types.diag);
  for (const expected of [
    'metadata.kernelspec: is a string, not an object; ignored',
    'metadata.authors: is a string, not a list; ignored',
    'metadata.title: is a number, not a string; ignored',
    'cells[0].metadata.tags: is a string, not a list of strings; ignored',
    'cells[0].metadata.collapsed: is a string, not a boolean; ignored',
    'cells[1].metadata.jupyter.source_hidden: is a string, not a boolean; ignored',
  ]) assert.ok(warned.includes(expected), `missing warning ${expected}\n${warned.join('\n')}`);
  assert.ok(warned.some((w) => w.startsWith('cells[1].source: ')), warned.join('\n'));
  assert.ok(warned.some((w) => w.startsWith('cells[1].outputs: ')), warned.join('\n'));
  assert.deepEqual(types.nb.info.authors, []);
  assert.equal(types.nb.info.kernelName, null);
  assert.deepEqual(types.nb.cells[0]!.tags, []);
  const cells = readGenerated('invalid-cells.ipynb');
  assert.deepEqual(messages(cells.diag), [
    'cells[0].source: missing; using ""',
    'cells[1]: v3 "heading" cell in an nbformat 4 notebook; converted to markdown',
    'cells[2].outputs[0]: unknown output_type "bad stream"; skipped',
  ]);
  assert.equal(cells.nb.cells[1]!.source, '## Printed Using Python');
  const b64 = readGenerated('invalid-base64.ipynb');
  assert.deepEqual(messages(b64.diag).map((m) => m.replace(/: .*/, '')), ['cells[0].outputs[0].data["image/png"]', 'cells[0].outputs[1].data["image/jpeg"]']);
  assert.deepEqual((b64.nb.cells[0] as CodeCell).outputs.map((o) => Object.keys((o as DisplayOutput).data)), [['text/plain'], ['text/plain']]);
  for (const stub of ['invalid-v3-no-worksheets.ipynb', 'invalid-v3-no-metadata.ipynb', 'invalid-v3-worksheet-no-cells.ipynb']) {
    assert.equal(readGenerated(stub).diag.warnings.length, 1, stub);
  }
});

test('broken files are fatal: one line naming the file and what is wrong', () => {
  assert.equal(fatal('invalid-not-json.ipynb'), "invalid-not-json.ipynb: not valid JSON: Unexpected token 'h' at line 1 column 2");
  assert.equal(fatal('invalid-empty.ipynb'), 'invalid-empty.ipynb: not valid JSON: Unexpected end of JSON input at line 1 column 1');
  assert.equal(fatal('invalid-nbformat5.ipynb'), 'invalid-nbformat5.ipynb: nbformat 5 is not supported (this nbx reads nbformat 1–4)');
  assert.equal(fatal('invalid-no-nbformat.ipynb'), 'invalid-no-nbformat.ipynb: not a Jupyter notebook (no nbformat key)');
  assert.equal(fatal('invalid-array.ipynb'), 'invalid-array.ipynb: not a Jupyter notebook (no nbformat key)');
  assert.equal(fatal('invalid-utf8.ipynb'), 'invalid-utf8.ipynb: not valid UTF-8 (bad byte at offset 22)');
  // Truncated: the position is the end of the text.
  const cut = all.get('invalid-truncated.ipynb')!.toString('utf8');
  const lines = cut.split('\n');
  const msg = fatal('invalid-truncated.ipynb');
  assert.ok(msg.startsWith('invalid-truncated.ipynb: not valid JSON: '), msg);
  const at = / at line (\d+) column (\d+)$/.exec(msg);
  assert.ok(at, msg);
  assert.ok(Number(at[1]) === lines.length || Number(at[1]) === lines.length - 1, `${msg}: ${lines.length} lines`);
});

test('every generated notebook: valid ones read without a warning, the others warn or fail on one line', () => {
  for (const [name, bytes] of all) {
    const diag = new Diagnostics(name);
    if (name in VALID) {
      const nb = readNotebook(bytes, name, diag);
      assert.ok(nb.cells.length > 0, `${name}: no cells`);
      assert.deepEqual(diag.warnings, [], name);
      const ids = nb.cells.map((c) => c.id);
      assert.equal(new Set(ids).size, ids.length, `${name}: ids not unique`);
      continue;
    }
    try {
      readNotebook(bytes, name, diag);
      assert.ok(diag.warnings.length >= 1, `${name}: read without a warning`);
      assert.ok(name in WITH_WARNINGS || name.startsWith('invalid-'), name);
    } catch (err) {
      assert.ok(err instanceof NbxError, `${name}: ${String(err)}`);
      assert.ok(err.message.startsWith(`${name}: `) && !err.message.includes('\n'), err.message);
    }
    for (const w of diag.warnings) assert.ok(!/[\n\r]/.test(`${w.path} ${w.message}`), `${name}: ${w.message}`);
  }
  assert.ok(all.size >= 25, `${all.size} notebooks`);
});
