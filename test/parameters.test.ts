// Parameters as papermill reads and writes them: -p parsing, the translators
// (Python, R, Julia) and where the injected cell goes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { injectParameters, parameterCode, parameterLanguage, parseParameter } from '../src/execute/parameters.js';
import type { NotebookJson } from '../src/execute/types.js';

test('-p name=value: papermill\'s types (bool, None, int, float), else a string', () => {
  const cases: Array<[string, unknown]> = [
    ['a=1', 1], ['a=-3', -3], ['a=1_000', 1000], ['a=0.5', 0.5], ['a=1e-3', 0.001], ['a=.5', 0.5],
    ['a=True', true], ['a=false', false], ['a=None', null], ['a=null', null],
    ['a=hello', 'hello'], ['a=', ''], ['a=1.2.3', '1.2.3'], ['a=x=y', 'x=y'], ['a= spaced ', ' spaced '], ['a=-', '-'], ['a=e5', 'e5'],
  ];
  for (const [arg, value] of cases) assert.deepEqual(parseParameter(arg), ['a', value], arg);
  assert.ok(Number.isNaN(parseParameter('a=nan')[1]));
  assert.equal(parseParameter('a=-inf')[1], -Infinity);
  assert.throws(() => parseParameter('novalue'), /-p novalue: expected name=value/);
  assert.throws(() => parseParameter('=1'), /expected name=value/);
});

const params = { n: 3, rate: 0.5, tiny: 1e-7, on: true, off: false, none: null, s: 'it\'s "q" é\n\\', list: [1, 'a'], obj: { k: 2 }, _private: 1 };

test('Python: papermill\'s PythonTranslator', () => {
  assert.equal(parameterCode(params, 'python'), [
    '# Parameters', 'n = 3', 'rate = 0.5', 'tiny = 1e-07', 'on = True', 'off = False', 'none = None',
    's = "it\'s \\"q\\" \\xe9\\n\\\\"', 'list = [1, "a"]', 'obj = {"k": 2}', '_private = 1', '',
  ].join('\n'));
  assert.equal(parameterCode({ x: NaN, y: -Infinity }, 'python'), "# Parameters\nx = float('nan')\ny = float('-inf')\n");
});

test('R: TRUE/FALSE/NULL, list(), leading underscores dropped (papermill\'s RTranslator)', () => {
  assert.equal(parameterCode(params, 'r'), [
    '# Parameters', 'n = 3', 'rate = 0.5', 'tiny = 1e-07', 'on = TRUE', 'off = FALSE', 'none = NULL',
    's = "it\'s \\"q\\" \\xe9\\n\\\\"', 'list = list(1, "a")', 'obj = list("k" = 2)', 'private = 1', '',
  ].join('\n'));
});

test('Julia: true/false/nothing, Dict() (papermill\'s JuliaTranslator)', () => {
  assert.equal(parameterCode({ on: true, none: null, list: [1], obj: { k: 'v' } }, 'julia'),
    '# Parameters\non = true\nnone = nothing\nlist = [1]\nobj = Dict("k" => "v")\n');
});

const nb = (cells: Array<Record<string, unknown>>, metadata: Record<string, unknown> = { kernelspec: { name: 'python3', language: 'python' } }): NotebookJson =>
  ({ nbformat: 4, nbformat_minor: 5, metadata, cells });
const cell = (source: string, tags: string[] = []) => ({ cell_type: 'code', id: source.replace(/\W/g, '') || 'x', metadata: { tags }, source, outputs: [], execution_count: null });

test('the injected cell goes after the cell tagged parameters, or first; an earlier one is replaced', () => {
  const tagged = injectParameters(nb([cell('a'), cell('p', ['parameters']), cell('b')]), { x: 1 });
  assert.deepEqual(tagged.cells.map((c) => c.source), ['a', 'p', '# Parameters\nx = 1\n', 'b']);
  assert.deepEqual((tagged.cells[2]!.metadata as { tags: string[] }).tags, ['injected-parameters']);
  assert.deepEqual(tagged.metadata.papermill, { parameters: { x: 1 } });

  const again = injectParameters(tagged, { x: 2 });
  assert.deepEqual(again.cells.map((c) => c.source), ['a', 'p', '# Parameters\nx = 2\n', 'b']);
  assert.notEqual(again.cells[2]!.id, tagged.cells[2]!.id);
  assert.equal(injectParameters(tagged, { x: 2 }).cells[2]!.id, again.cells[2]!.id, 'ids are deterministic');

  const first = injectParameters(nb([cell('a'), cell('b')]), { x: 1 });
  assert.deepEqual(first.cells.map((c) => c.source), ['# Parameters\nx = 1\n', 'a', 'b']);
});

test('the language comes from the kernel: --kernel, then kernelspec, then language_info', () => {
  assert.equal(parameterLanguage(nb([], { kernelspec: { name: 'ir', language: 'R' } })), 'r');
  assert.equal(parameterLanguage(nb([], { kernelspec: { name: 'julia-1.9' } })), 'julia');
  assert.equal(parameterLanguage(nb([], { language_info: { name: 'python' } })), 'python');
  assert.equal(parameterLanguage(nb([], {}), 'ir'), 'r');
  assert.equal(parameterLanguage(nb([], {})), 'python');
  assert.throws(() => parameterLanguage(nb([], { kernelspec: { name: 'bash' } })), /no translator for the kernel "bash"/);
});
