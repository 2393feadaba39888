// Notebooks the --to notebook tests write (not copied from anywhere):
// test/record-notebook-fixtures.ts runs them through Debian's `jupyter nbconvert
// --to notebook` and `--clear-output` once; test/notebook-format.test.ts checks
// that nbx writes the same bytes.

type Json = Record<string, unknown>;

/** nbformat 4.5 with ids: nbconvert writes these as they are (older ones it does not upgrade, nbx does). */
export const NOTEBOOKS: Record<string, Json> = {
  rich: {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
      language_info: { name: 'python', version: '3.11.2', codemirror_mode: { name: 'ipython', version: 3 } },
      // Unknown metadata is kept; integer-like keys sort as strings.
      custom: { '10': 'ten', '9': 'nine', b: [], a: {}, ünï: 'cödé ✓ 😀', Z: null, nested: { t: true, f: false, n: -12, x: 0.5 } },
    },
    cells: [
      { cell_type: 'markdown', id: 'md-1', metadata: {}, source: '# Title ✓\r\nwindows line\rold mac\u2028sep\u000bvt\n\ntrailing\n' },
      {
        cell_type: 'markdown', id: 'md-att', metadata: {},
        attachments: { 'a.svg': { 'image/svg+xml': '<svg>\n<rect/>\n</svg>\n', 'text/plain': 'alt' } },
        source: ['![a](attachment:a.svg)'],
      },
      {
        cell_type: 'code', id: 'code-1', execution_count: 3, metadata: { collapsed: false, scrolled: true, tags: ['x'] },
        source: 'print("a\\tb")\nx = "\\u00e9"\n',
        outputs: [
          { output_type: 'stream', name: 'stdout', text: 'line one\nline two\n\x1b[31mred\x1b[0m\n' },
          { output_type: 'stream', name: 'stderr', text: ['warn\n', 'more'] },
          {
            output_type: 'display_data', metadata: { 'image/png': { width: 10 } },
            data: {
              'text/plain': '<Figure>',
              'text/html': '<div>\n<b>x</b>\n</div>',
              'image/png': 'iVBORw0KGgo=\n',
              'image/svg+xml': '<svg>\n</svg>',
              'application/javascript': 'console.log(1);\nconsole.log(2);',
              'application/json': { a: [1, 2, { b: 'c' }] },
              'application/vnd.custom+json': { k: 'v' },
              'text/latex': '$$\nx^2\n$$',
            },
          },
          { output_type: 'execute_result', execution_count: 3, metadata: {}, data: { 'text/plain': "'é'" } },
          { output_type: 'error', ename: 'ValueError', evalue: 'bad "value"', traceback: ['\x1b[0;31mValueError\x1b[0m: bad', 'line 2'] },
        ],
      },
      { cell_type: 'raw', id: 'raw-1', metadata: { raw_mimetype: 'text/x-rst' }, source: '.. note::\n\n   raw\n' },
      { cell_type: 'code', id: 'empty', execution_count: null, metadata: {}, source: '', outputs: [] },
    ],
  },
  // The same kind of notebook people run --clear-output on: outputs, counts, output metadata.
  cleared: {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
    cells: [
      { cell_type: 'markdown', id: 'a', metadata: {}, source: ['Some *text*'] },
      {
        cell_type: 'code', id: 'b', execution_count: 7, metadata: { collapsed: true, scrolled: 'auto', tags: ['keep'] }, source: ['1 + 1'],
        outputs: [{ output_type: 'execute_result', execution_count: 7, metadata: {}, data: { 'text/plain': ['2'] } }],
      },
      { cell_type: 'code', id: 'c', execution_count: 8, metadata: {}, source: ['print(3)'], outputs: [{ output_type: 'stream', name: 'stdout', text: ['3\n'] }] },
    ],
  },
};

/** An nbformat 3 notebook (worksheets, prompt_number, pyout): --to notebook upgrades it. */
export const V3: Json = {
  nbformat: 3,
  nbformat_minor: 0,
  metadata: { name: 'old', signature: 'sha256:abc', custom: 1 },
  worksheets: [{
    cells: [
      { cell_type: 'heading', level: 2, metadata: {}, source: ['Old heading'] },
      { cell_type: 'markdown', metadata: {}, source: ['Some text\n', 'more'] },
      {
        cell_type: 'code', collapsed: false, input: ['x = 1\n', 'x'], language: 'python', metadata: {}, prompt_number: 1,
        outputs: [
          { output_type: 'pyout', prompt_number: 1, text: ['1'], metadata: {} },
          { output_type: 'stream', stream: 'stdout', text: ['hi\n'] },
          { output_type: 'display_data', png: 'iVBOR', metadata: {} },
          { output_type: 'pyerr', ename: 'E', evalue: 'v', traceback: ['tb'] },
        ],
      },
    ],
    metadata: {},
  }],
};
