import { test } from 'node:test';
import assert from 'node:assert/strict';

import { Diagnostics, NbxError } from '../src/errors.js';
import type { CodeCell, DisplayOutput, MarkdownCell, Notebook, RawCell, StreamOutput } from '../src/notebook/model.js';
import { readNotebook } from '../src/notebook/read.js';
import { normalizeLanguage } from '../src/notebook/language.js';
import { lineColumn, locateJsonError } from '../src/notebook/decode.js';

// A 1×1 transparent PNG.
const PNG_B64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

function read(json: unknown, file = 'nb.ipynb'): { nb: Notebook; diag: Diagnostics } {
  const diag = new Diagnostics(file);
  const nb = readNotebook(typeof json === 'string' ? json : JSON.stringify(json), file, diag);
  return { nb, diag };
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

function v4(cells: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { nbformat: 4, nbformat_minor: 4, metadata: {}, cells, ...extra };
}

test('v4 basics: info, cell types, outputs, defaults', () => {
  const { nb, diag } = read(
    v4(
      [
        { cell_type: 'markdown', metadata: { tags: ['intro'] }, source: '# Title' },
        {
          cell_type: 'code',
          execution_count: 3,
          metadata: { collapsed: false },
          source: 'x = 1\nx',
          outputs: [
            { output_type: 'stream', name: 'stderr', text: 'warn\n' },
            { output_type: 'execute_result', execution_count: 3, data: { 'text/plain': '1' }, metadata: {} },
            { output_type: 'error', ename: 'ValueError', evalue: 'bad', traceback: ['line 1', 'line 2'] },
          ],
        },
        { cell_type: 'raw', metadata: { raw_mimetype: 'text/html' }, source: '<b>raw</b>' },
        { cell_type: 'code', execution_count: null, metadata: {}, source: '', outputs: [] },
      ],
      {
        metadata: {
          title: 'My notebook',
          authors: [{ name: 'Ada' }, { name: 'Grace' }],
          kernelspec: { name: 'python3', display_name: 'Python 3 (ipykernel)', language: 'python' },
          language_info: { name: 'python', file_extension: '.py' },
        },
      },
    ),
  );
  assert.deepEqual(diag.warnings, []);
  assert.equal(nb.nbformat, 4);
  assert.equal(nb.nbformatMinor, 4);
  assert.deepEqual(nb.info, {
    title: 'My notebook',
    authors: ['Ada', 'Grace'],
    language: 'python',
    fileExtension: '.py',
    kernelName: 'python3',
    kernelDisplayName: 'Python 3 (ipykernel)',
  });
  assert.deepEqual(
    nb.cells.map((c) => [c.type, c.id, c.index]),
    [
      ['markdown', 'cell-0', 0],
      ['code', 'cell-1', 1],
      ['raw', 'cell-2', 2],
      ['code', 'cell-3', 3],
    ],
  );
  const [md, code, raw, empty] = nb.cells as [MarkdownCell, CodeCell, RawCell, CodeCell];
  assert.deepEqual(md.tags, ['intro']);
  assert.deepEqual(md.attachments, {});
  assert.deepEqual(md.view, { cell: 'show', input: 'show', outputs: 'show', prompt: true });
  assert.equal(code.executionCount, 3);
  assert.equal(code.language, 'python');
  assert.deepEqual(code.metadata, { collapsed: false });
  assert.deepEqual(code.outputs, [
    { type: 'stream', name: 'stderr', text: 'warn\n' },
    { type: 'execute_result', data: { 'text/plain': '1' }, metadata: {}, executionCount: 3 },
    { type: 'error', ename: 'ValueError', evalue: 'bad', traceback: ['line 1', 'line 2'] },
  ]);
  assert.equal(raw.mimeType, 'text/html');
  assert.equal(raw.source, '<b>raw</b>');
  assert.equal(empty.executionCount, null);
  assert.deepEqual(empty.outputs, []);
});

test('source, stream text and text MIME values may be strings or lists of lines', () => {
  const { nb, diag } = read(
    v4([
      {
        cell_type: 'code',
        execution_count: 1,
        metadata: {},
        source: ['a = 1\n', 'b = 2'],
        outputs: [
          { output_type: 'stream', name: 'stdout', text: ['one\n', 'two\n'] },
          { output_type: 'display_data', data: { 'text/html': ['<p>\n', 'hi</p>'], 'text/plain': 'hi' }, metadata: {} },
        ],
      },
      { cell_type: 'markdown', metadata: {}, source: 'plain string' },
    ]),
  );
  assert.deepEqual(diag.warnings, []);
  const code = nb.cells[0] as CodeCell;
  assert.equal(code.source, 'a = 1\nb = 2');
  assert.equal((code.outputs[0] as StreamOutput).text, 'one\ntwo\n');
  assert.deepEqual((code.outputs[1] as DisplayOutput).data, { 'text/html': '<p>\nhi</p>', 'text/plain': 'hi' });
  assert.equal(nb.cells[1]!.source, 'plain string');
});

test('base64 images and PDFs decode to plain Uint8Arrays', () => {
  const wrapped = PNG_B64.match(/.{1,20}/g)!.map((l) => l + '\n'); // as a list of lines
  const { nb, diag } = read(
    v4([
      {
        cell_type: 'code',
        execution_count: 1,
        metadata: {},
        source: '',
        outputs: [
          {
            output_type: 'display_data',
            data: { 'image/png': PNG_B64 + '\n', 'image/jpeg': wrapped, 'application/pdf': 'JVBERi0xLjQK', 'image/svg+xml': '<svg/>' },
            metadata: { 'image/png': { width: 10 } },
          },
        ],
      },
    ]),
  );
  assert.deepEqual(diag.warnings, []);
  const out = (nb.cells[0] as CodeCell).outputs[0] as DisplayOutput;
  const png = out.data['image/png'];
  assert.ok(png instanceof Uint8Array);
  assert.equal(Object.getPrototypeOf(png), Uint8Array.prototype);
  assert.ok(Buffer.from(png).equals(Buffer.from(PNG_B64, 'base64')));
  assert.ok(Buffer.from(out.data['image/jpeg'] as Uint8Array).equals(Buffer.from(PNG_B64, 'base64')));
  assert.equal(Buffer.from(out.data['application/pdf'] as Uint8Array).toString('latin1'), '%PDF-1.4\n');
  assert.equal(out.data['image/svg+xml'], '<svg/>');
  assert.deepEqual(out.metadata, { 'image/png': { width: 10 } });
});

test('invalid base64 warns with the JSON path and drops only that representation', () => {
  const { nb, diag } = read(
    v4([
      { cell_type: 'markdown', metadata: {}, source: 'x' },
      {
        cell_type: 'code',
        execution_count: 1,
        metadata: {},
        source: '',
        outputs: [
          { output_type: 'display_data', data: { 'image/png': '"><script>alert(1)</script>', 'text/plain': '<Figure>' }, metadata: {} },
          { output_type: 'display_data', data: { 'image/gif': 'QUJD=QUJD', 'image/jpeg': 'QUJDR', 'image/webp': '' }, metadata: {} },
        ],
      },
    ]),
  );
  const outs = (nb.cells[1] as CodeCell).outputs as DisplayOutput[];
  assert.deepEqual(outs[0]!.data, { 'text/plain': '<Figure>' });
  assert.deepEqual(outs[1]!.data, {});
  assert.deepEqual(messages(diag), [
    'cells[1].outputs[0].data["image/png"]: not valid base64; using the next representation',
    'cells[1].outputs[1].data["image/gif"]: not valid base64; using the next representation',
    'cells[1].outputs[1].data["image/jpeg"]: not valid base64; using the next representation',
    'cells[1].outputs[1].data["image/webp"]: empty; using the next representation',
  ]);
  assert.equal(diag.warnings[0]!.file, 'nb.ipynb');
});

test('attachments of markdown and raw cells are decoded like outputs', () => {
  const { nb, diag } = read(
    v4([
      { cell_type: 'markdown', metadata: {}, source: '![a](attachment:a.png)', attachments: { 'a.png': { 'image/png': PNG_B64 } } },
      { cell_type: 'raw', metadata: {}, source: '', attachments: { 'b.png': { 'image/png': 'not base64!' } } },
    ]),
  );
  const md = nb.cells[0] as MarkdownCell;
  assert.ok(Buffer.from(md.attachments['a.png']!['image/png'] as Uint8Array).equals(Buffer.from(PNG_B64, 'base64')));
  assert.deepEqual((nb.cells[1] as RawCell).attachments, { 'b.png': {} });
  assert.equal((nb.cells[1] as RawCell).mimeType, null);
  assert.deepEqual(messages(diag), ['cells[1].attachments["b.png"]["image/png"]: not valid base64; using the next representation']);
});

test('JSON MIME types keep parsed values', () => {
  const { nb } = read(
    v4([
      {
        cell_type: 'code',
        execution_count: 1,
        metadata: {},
        source: '',
        outputs: [
          {
            output_type: 'display_data',
            data: { 'application/json': { a: [1, 2] }, 'application/vnd.plotly.v1+json': '{"data": []}', 'application/x+json': 'not json', 'application/vnd.list+json': ['x', 'y'] },
            metadata: {},
          },
        ],
      },
    ]),
  );
  const data = ((nb.cells[0] as CodeCell).outputs[0] as DisplayOutput).data;
  assert.deepEqual(data, { 'application/json': { a: [1, 2] }, 'application/vnd.plotly.v1+json': { data: [] }, 'application/x+json': 'not json', 'application/vnd.list+json': ['x', 'y'] });
});

test('code language comes from language_info, then kernelspec; python by default', () => {
  const lang = (metadata: unknown): string => read(v4([], { metadata })).nb.info.language;
  assert.equal(lang({}), 'python');
  assert.equal(lang({ language_info: { name: 'R' }, kernelspec: { name: 'ir', display_name: 'R', language: 'R' } }), 'r');
  assert.equal(lang({ kernelspec: { name: 'julia-1.1', display_name: 'Julia', language: 'julia' } }), 'julia');
  assert.equal(lang({ kernelspec: { name: 'julia-0.4', display_name: 'Julia' } }), 'julia');
  assert.equal(lang({ kernelspec: { name: 'python3', display_name: 'Python 3', language: '' } }), 'python');
  assert.equal(lang({ language_info: { name: 'plaintext' } }), '');
  const { nb } = read(v4([{ cell_type: 'code', metadata: {}, source: 'fn main() {}', outputs: [], execution_count: null }], { metadata: { language_info: { name: 'Rust' } } }));
  assert.equal((nb.cells[0] as CodeCell).language, 'rust');
});

test('normalizeLanguage maps kernel names to highlight.js names', () => {
  const cases: [string | null | undefined, string][] = [
    ['ipython3', 'python'],
    ['ipython', 'python'],
    ['python3', 'python'],
    ['python2', 'python'],
    ['Python [Root]', 'python'],
    ['python3_mydev', 'python'],
    ['R', 'r'],
    ['ir', 'r'],
    ['julia', 'julia'],
    ['julia-1.1', 'julia'],
    ['rust', 'rust'],
    ['bash', 'bash'],
    ['sh', 'bash'],
    ['zsh', 'bash'],
    ['javascript', 'javascript'],
    ['typescript', 'typescript'],
    ['C++', 'cpp'],
    ['c++17', 'cpp'],
    ['xcpp14', 'cpp'],
    ['scala', 'scala'],
    ['go', 'go'],
    ['java', 'java'],
    ['Haskell', 'haskell'],
    ['octave', 'matlab'],
    ['C#', 'csharp'],
    ['SomeNewLang', 'somenewlang'],
    ['', ''],
    [null, ''],
    [undefined, ''],
  ];
  for (const [name, expected] of cases) assert.equal(normalizeLanguage(name), expected, String(name));
});

test('v3 details: raw metadata.format, collapsed, multiple worksheets, v3 JSON strings', () => {
  const { nb, diag } = read({
    nbformat: 3,
    nbformat_minor: 0,
    metadata: { name: 'old' },
    worksheets: [
      { cells: [{ cell_type: 'raw', metadata: { format: 'text/latex' }, source: ['\\LaTeX'] }] },
      {
        cells: [
          {
            cell_type: 'code',
            collapsed: true,
            input: 'x',
            language: 'python',
            metadata: {},
            prompt_number: 2,
            outputs: [
              { output_type: 'pyout', prompt_number: 2, json: ['{"a":', ' 1}'], text: 'x', metadata: { png: { width: 5 } } },
              { output_type: 'pyerr', ename: 'E', evalue: 'v', traceback: ['t'] },
              { output_type: 'stream', stream: 'stderr', text: ['oops\n'] },
            ],
          },
          { cell_type: 'heading', level: 3, metadata: {}, source: 'multi\nline' },
        ],
      },
    ],
  });
  assert.deepEqual(diag.warnings, []);
  assert.equal(nb.cells.length, 3);
  const raw = nb.cells[0] as RawCell;
  assert.equal(raw.mimeType, 'text/latex');
  assert.equal(raw.source, '\\LaTeX');
  const code = nb.cells[1] as CodeCell;
  assert.equal(code.index, 1);
  assert.deepEqual(code.metadata, { collapsed: true });
  assert.equal(code.executionCount, 2);
  // v3 lists without line ends were written by splitlines(): joined with "\n".
  assert.deepEqual(code.outputs, [
    { type: 'execute_result', executionCount: 2, data: { 'application/json': { a: 1 }, 'text/plain': 'x' }, metadata: { 'image/png': { width: 5 } } },
    { type: 'error', ename: 'E', evalue: 'v', traceback: ['t'] },
    { type: 'stream', name: 'stderr', text: 'oops\n' },
  ]);
  assert.equal(nb.cells[2]!.source, '### multi line');
});

test('v1 notebooks are upgraded too', () => {
  const { nb, diag } = read({ nbformat: 1, cells: [{ cell_type: 'text', text: 'Hello' }, { cell_type: 'code', code: 'print 1', prompt_number: 1 }] });
  assert.deepEqual(diag.warnings, []);
  assert.deepEqual(nb.cells.map((c) => [c.type, c.source]), [['markdown', 'Hello'], ['code', 'print 1']]);
  assert.equal((nb.cells[1] as CodeCell).executionCount, 1);
});

test('a UTF-8 BOM is ignored (bytes and strings)', () => {
  const json = JSON.stringify(v4([{ cell_type: 'markdown', metadata: {}, source: 'é ✓' }]));
  const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json, 'utf8')]);
  const diag = new Diagnostics('bom.ipynb');
  assert.equal(readNotebook(bytes, 'bom.ipynb', diag).cells[0]!.source, 'é ✓');
  assert.equal(readNotebook('\ufeff' + json, 'bom.ipynb', diag).cells[0]!.source, 'é ✓');
  assert.deepEqual(diag.warnings, []);
});

test('invalid UTF-8 is fatal', () => {
  const bytes = Buffer.concat([Buffer.from('{"nbformat": 4, "x": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
  const msg = fatal(() => readNotebook(bytes, 'bad.ipynb', new Diagnostics('bad.ipynb')));
  assert.equal(msg, 'bad.ipynb: not valid UTF-8 (bad byte at offset 22)');
  const utf16 = Buffer.from('\ufeff{}', 'utf16le');
  assert.match(fatal(() => readNotebook(utf16, 'w.ipynb', new Diagnostics('w.ipynb'))), /^w\.ipynb: not valid UTF-8 \(the file is UTF-16 encoded/);
});

test('not JSON is fatal with a one-line message and a position', () => {
  assert.equal(fatal(() => read('hello', 'nb.ipynb')), "nb.ipynb: not valid JSON: Unexpected token 'h' at line 1 column 1");
  // V8 quotes the source around the error, newlines included: not in our message.
  const msg = fatal(() => read('{\n "nbformat": 4,\n "cells": [1,,2]\n}', 'nb.ipynb'));
  assert.equal(msg, "nb.ipynb: not valid JSON: Unexpected token ',' at line 3 column 14");
  assert.equal(fatal(() => read('{"nbformat": 4} x')), 'nb.ipynb: not valid JSON: Unexpected non-whitespace character after JSON at line 1 column 17');
});

test('the file argument names the notebook when Diagnostics has none', () => {
  const msg = fatal(() => readNotebook('[]', 'x.ipynb', new Diagnostics()));
  assert.equal(msg, 'x.ipynb: not a Jupyter notebook (no nbformat key)');
});

test('not a notebook, unsupported and unknown versions are fatal', () => {
  assert.equal(fatal(() => read('[1, 2]')), 'nb.ipynb: not a Jupyter notebook (no nbformat key)');
  assert.equal(fatal(() => read('"nbformat"')), 'nb.ipynb: not a Jupyter notebook (no nbformat key)');
  assert.equal(fatal(() => read({ cells: [] })), 'nb.ipynb: not a Jupyter notebook (no nbformat key)');
  assert.equal(fatal(() => read({ nbformat: 5, nbformat_minor: 0, cells: [] })), 'nb.ipynb: nbformat 5 is not supported (this nbx reads nbformat 1–4)');
  assert.equal(fatal(() => read({ nbformat: 'four' })), 'nb.ipynb: nbformat "four" is not a notebook format version');
  assert.equal(fatal(() => read({ nbformat: 0 })), 'nb.ipynb: nbformat 0 is not a notebook format version');
});

test('cell ids: duplicate, missing and illegal ids warn; model ids are unique', () => {
  const some = read(v4([
    { id: 'dup', cell_type: 'markdown', metadata: {}, source: '' },
    { id: 'dup', cell_type: 'markdown', metadata: {}, source: '' },
    { id: '$illegal_chars', cell_type: 'markdown', metadata: {}, source: '' },
  ], { nbformat_minor: 5 }));
  assert.deepEqual(some.nb.cells.map((c) => c.id), ["dup", "dup-2", "cell-2"]);
  assert.deepEqual(messages(some.diag), [
    'cells[1].id: duplicate id "dup"; using "dup-2"',
    'cells[2].id: "$illegal_chars" is not 1–64 letters, digits, "-" or "_"; using "cell-2"',
  ]);
  const missing = read(v4([{ cell_type: 'code', metadata: {}, source: '', outputs: [], execution_count: null }], { nbformat_minor: 5 }));
  assert.deepEqual(missing.nb.cells.map((c) => c.id), ['cell-0']);
  assert.deepEqual(messages(missing.diag), ['cells: 1 cell has no id (nbformat 4.5 requires them); using cell-<index>']);

  // Generated ids step around ids that cells spell out; one warning for all missing ids.
  const cell = (id?: unknown) => ({ ...(id === undefined ? {} : { id }), cell_type: 'markdown', metadata: {}, source: '' });
  const { nb, diag } = read(v4([cell(), cell('cell-0'), cell('a'), cell('a'), cell('a-2'), cell(), cell(42)], { nbformat_minor: 5 }));
  const ids = nb.cells.map((c) => c.id);
  assert.deepEqual(ids, ['cell-0-2', 'cell-0', 'a', 'a-3', 'a-2', 'cell-5', 'cell-6']);
  assert.equal(new Set(ids).size, ids.length);
  assert.deepEqual(messages(diag), [
    'cells[3].id: duplicate id "a"; using "a-3"',
    'cells[6].id: is a number, not a string; using "cell-6"',
    'cells: 2 cells have no id (nbformat 4.5 requires them); using cell-<index>',
  ]);
});

test('a kernelspec without a name warns; tags with non-strings keep the strings', () => {
  const { nb, diag } = read(
    v4([{ cell_type: 'markdown', metadata: { tags: ['a', 3, 'b'] }, source: '' }], { metadata: { kernelspec: { display_name: 'Py' }, title: 7 } }),
  );
  assert.deepEqual(nb.cells[0]!.tags, ['a', 'b']);
  assert.equal(nb.info.kernelDisplayName, 'Py');
  assert.equal(nb.info.title, null);
  assert.deepEqual(messages(diag), [
    'metadata.title: is a number, not a string; ignored',
    'metadata.kernelspec: has no name',
    'cells[0].metadata.tags: holds values that are not strings; they are ignored',
  ]);
});

test('JSON error positions: lineColumn and locateJsonError', () => {
  assert.deepEqual(lineColumn('ab\ncd', 4), { line: 2, column: 2 });
  assert.deepEqual(lineColumn('a\r\nb', 3), { line: 2, column: 1 });
  assert.deepEqual(lineColumn('😀x', 2), { line: 1, column: 2 }, 'columns count code points');
  assert.equal(locateJsonError('{"a": [1, 2]}'), null);
  assert.equal(locateJsonError('{"a": tru}'), 9); // where 'tru' stops matching
  assert.equal(locateJsonError('{"a": 1'), 7);
  assert.equal(locateJsonError('{"a": "x\ny"}'), 8);
});

