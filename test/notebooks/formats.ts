// Old, future and broken notebooks written for nbx: v2 and v3 files to
// upgrade, a future 4.x minor, and invalid files (each names what is wrong).
// Invalid ones are strings when they are not JSON at all.
import { code, display, md, nb, png, serialize, stream, type Json } from './build.js';

const PNG = png(8, 8);

/** v3: worksheets, heading cells, pyout, short MIME keys (html, javascript, png, latex). */
export function v3Notebook(): Json {
  return {
    metadata: { name: 'old notebook', signature: 'sha256:0123' },
    nbformat: 3,
    nbformat_minor: 0,
    worksheets: [{
      metadata: {},
      cells: [
        { cell_type: 'heading', level: 1, metadata: {}, source: ['An old notebook'] },
        { cell_type: 'markdown', metadata: {}, source: ['Written in nbformat 3.'] },
        { cell_type: 'heading', level: 2, metadata: {}, source: ['Printed Using Python'] },
        { cell_type: 'code', collapsed: false, input: ['print("hello")'], language: 'python', metadata: {}, prompt_number: 1,
          outputs: [{ output_type: 'stream', stream: 'stdout', text: ['hello\n'] }] },
        { cell_type: 'code', collapsed: false, input: ['HTML(...)'], language: 'python', metadata: {}, prompt_number: 3,
          outputs: [{ output_type: 'pyout', prompt_number: 3, metadata: {}, html: ['<b>HTML</b>\n', '<script>console.log("v3 html");</script>\n'], text: ['<IPython.core.display.HTML at 0x1>'] }] },
        { cell_type: 'code', collapsed: false, input: ['Javascript(...)'], language: 'python', metadata: {}, prompt_number: 4,
          outputs: [{ output_type: 'display_data', metadata: {}, javascript: ['console.log("v3 js");'], text: ['<IPython.core.display.Javascript at 0x2>'] }] },
        { cell_type: 'code', collapsed: false, input: ['x = Gaussian(2.0, 1.0)\n', 'x'], language: 'python', metadata: {}, prompt_number: 5,
          outputs: [{ output_type: 'pyout', prompt_number: 5, metadata: {}, latex: ['$\\mathcal{N}(\\mu=2, \\sigma=1)$'], png: PNG, text: ['Gaussian(2.0, 1.0)'] }] },
        { cell_type: 'heading', level: 3, metadata: {}, source: ['Image'] },
        { cell_type: 'code', collapsed: true, input: ['Image("x.png")'], language: 'python', metadata: {}, prompt_number: 6,
          outputs: [{ output_type: 'display_data', metadata: {}, png: PNG, text: ['<IPython.core.display.Image at 0x3>'] }] },
      ],
    }],
  };
}

/** v2: worksheets, `input` and pyout, lists of lines without their line ends. */
export function v2Notebook(): Json {
  return {
    metadata: { name: 'ancient' },
    nbformat: 2,
    worksheets: [{
      cells: [
        { cell_type: 'markdown', source: ['# A v2 notebook', '', 'Lines were split without their ends.'] },
        { cell_type: 'code', collapsed: false, input: ['"a string"'], language: 'python', prompt_number: 1,
          outputs: [{ output_type: 'pyout', prompt_number: 1, text: ["'a string'"] }] },
        { cell_type: 'code', collapsed: false, input: ['for i in range(2):', '    print(i)'], language: 'python', prompt_number: 2,
          outputs: [{ output_type: 'stream', stream: 'stdout', text: ['0', '1', ''] }] },
        { cell_type: 'code', collapsed: false, input: ['%pylab inline', 'plot([1, 2])'], language: 'python', prompt_number: 3,
          outputs: [
            { output_type: 'stream', stream: 'stdout', text: ['Welcome to pylab', ''] },
            { output_type: 'pyout', prompt_number: 3, text: ['[<matplotlib.lines.Line2D at 0x4>]'] },
            { output_type: 'display_data', png: PNG, text: ['<Figure>'] },
          ] },
      ],
    }],
  };
}

/** nbformat 4.99: a newer minor with a cell and an output type this reader does not know, and extra keys. */
export function futureNotebook(): Json {
  const n = nb([
    md('# From the future\n'),
    code('print("hello")', [stream('hello\n'), { output_type: 'future output', data: {} }, stream('hello again\n')], { future_cell_key: true }),
    { cell_type: 'future cell', metadata: {}, source: 'what is this' },
    code('1', [display({ 'text/plain': '1' })]),
  ], undefined, 'future');
  return { ...n, nbformat_minor: 99, future_top_level_key: { x: 1 } };
}

const cell = (extra: Json = {}): Json => ({ cell_type: 'markdown', metadata: {}, source: 'text', ...extra });
const v45 = (cells: Json[], metadata: Json = {}): Json => ({ cells, metadata, nbformat: 4, nbformat_minor: 5 });

/** Broken notebooks: the file name says what is wrong. Values are the file's text (or bytes). */
export function invalidNotebooks(): Record<string, string | Buffer> {
  const good = serialize(nb([md('# Good so far\n'), code('print(1)', [stream('1\n')])], undefined, 'trunc'));
  return {
    'invalid-not-json.ipynb': 'this is not JSON {',
    'invalid-truncated.ipynb': good.slice(0, Math.floor(good.length * 0.6)),
    'invalid-empty.ipynb': '',
    'invalid-nbformat5.ipynb': serialize({ nbformat: 5, nbformat_minor: 0, metadata: {}, cells: [] }),
    'invalid-no-nbformat.ipynb': serialize({ cells: [cell()], metadata: {} }),
    'invalid-array.ipynb': '[1, 2, 3]\n',
    'invalid-no-minor.ipynb': serialize({ cells: [cell({ id: 'a' })], metadata: { kernelspec: { name: 'plaintext', display_name: 'Text' } }, nbformat: 4 }),
    'invalid-cell-ids.ipynb': serialize(v45([cell({ id: 'dup' }), cell({ id: 'dup' }), cell({ id: '$illegal chars' }), cell()])),
    'invalid-wrong-types.ipynb': serialize(v45([
      cell({ id: 'a', metadata: { tags: 'not-a-list', collapsed: 'yes' } }),
      { id: 'b', cell_type: 'code', metadata: { jupyter: { source_hidden: 'no' } }, source: 42, outputs: 'none', execution_count: 'one' },
    ], { kernelspec: 'python3', authors: 'Ada', title: 7 })),
    'invalid-cells.ipynb': serialize(v45([
      { id: 'a', cell_type: 'markdown', metadata: {} },
      { id: 'b', cell_type: 'heading', level: 2, metadata: {}, source: 'Printed Using Python' },
      { id: 'c', cell_type: 'code', metadata: {}, source: 'x', execution_count: 1, outputs: [{ output_type: 'bad stream', text: 'x' }] },
    ])),
    'invalid-base64.ipynb': serialize(nb([code('plot()', [
      display({ 'image/png': '!!! this is not base64 ***', 'text/plain': '<Figure size 640x480>' }),
      display({ 'image/jpeg': '@@@', 'text/plain': '<jpeg>' }),
    ])], undefined, 'b64')),
    'invalid-v3-no-worksheets.ipynb': serialize({ metadata: { name: '' }, nbformat: 3, nbformat_minor: 0 }),
    'invalid-v3-no-metadata.ipynb': serialize({ nbformat: 3, nbformat_minor: 0, worksheets: [{ cells: [] }] }),
    'invalid-v3-worksheet-no-cells.ipynb': serialize({ metadata: { name: '' }, nbformat: 3, nbformat_minor: 0, worksheets: [{ metadata: {} }] }),
    'invalid-utf8.ipynb': Buffer.concat([Buffer.from('{"nbformat": 4, "x": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]),
  };
}
