// `--to script`: the code in the kernel's language and file extension,
// markdown as comments, IPython-only lines commented out so that the script
// of a Python notebook compiles whenever its code does.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { convert } from '../src/convert.js';
import { Diagnostics } from '../src/errors.js';
import { pythonFromIPython } from '../src/formats/script/python.js';
import { scriptExporter } from '../src/formats/script/exporter.js';
import type { Notebook, RawCell } from '../src/notebook/model.js';
import { codeCell, corpus, corpusDir, markdownCell, notebook, repoRoot } from './helpers.js';

async function exportScript(nb: Notebook) {
  const result = await scriptExporter.export(nb, { stem: 'nb', baseDir: null, diag: new Diagnostics(null), options: {} });
  return { text: result.content as string, extension: result.extension };
}

const withLanguage = (nb: Notebook, language: string, fileExtension: string | null): Notebook =>
  ({ ...nb, info: { ...nb.info, language, fileExtension } });

// Whether each notebook's code compiles as IPython runs it: every cell through
// IPython's own transformer, then compile(). Needs IPython; null without it.
const ORACLE = String.raw`
import json, sys, warnings
warnings.simplefilter('ignore')
from IPython.core.inputtransformer2 import TransformerManager
tm = TransformerManager()
result = {}
for path in sys.argv[1:]:
    nb = json.load(open(path, encoding='utf-8'))
    cells = [c for ws in nb['worksheets'] for c in ws.get('cells', [])] if 'worksheets' in nb else nb.get('cells', [])
    ok = True
    for c in cells:
        if c.get('cell_type') != 'code': continue
        src = c.get('source', c.get('input', ''))
        try: compile(tm.transform_cell(''.join(src) if isinstance(src, list) else src), 'cell', 'exec')
        except Exception: ok = False
    result[path] = ok
print(json.dumps(result))
`;
// Without IPython: the Python notebooks of the corpus whose code does not compile
// (Python 2 syntax, or `collections.` left unfinished to show tab completion).
const CODE_DOES_NOT_COMPILE = new Set([
  'ipython__Beyond_Plain_Python.ipynb', 'ipython__Markdown_Pandoc_Limitations.ipynb',
  'ipython__v3_Custom_Display_Logic.ipynb', 'nbformat__test2.ipynb',
]);

const COMPILE = 'import py_compile, sys\nfor f in sys.argv[1:]:\n    try: py_compile.compile(f, doraise=True)\n    except py_compile.PyCompileError as e: print(e.msg.strip().splitlines()[-1], file=sys.stderr); print(f)';

describe('script export of the corpus', () => {
  it('compiles (python3 -m py_compile) for every Python notebook whose code compiles', async (t) => {
    if (spawnSync('python3', ['--version']).status !== 0) return t.skip('python3 is not installed');
    const dir = mkdtempSync(path.join(tmpdir(), 'nbx-script-'));
    const scripts = new Map<string, string>(); // notebook → script
    for (const entry of corpus().filter((e) => e.valid)) {
      const result = await convert(readFileSync(entry.path), { to: 'script', file: entry.path });
      if (result.extension !== '.py') continue;
      const file = path.join(dir, entry.file.replace(/\.ipynb$/, '.py'));
      writeFileSync(file, result.content);
      scripts.set(entry.path, file);
    }
    const oracle = spawnSync('python3', ['-c', ORACLE, ...scripts.keys()], { encoding: 'utf8' });
    const codeCompiles: Record<string, boolean> | null = oracle.status === 0 ? JSON.parse(oracle.stdout) : null;
    const expected = [...scripts].filter(([nb]) => codeCompiles?.[nb] ?? !CODE_DOES_NOT_COMPILE.has(path.basename(nb)));
    assert.ok(expected.length >= 40, `${expected.length} notebooks`);
    const r = spawnSync('python3', ['-c', COMPILE, ...expected.map(([, script]) => script)], { encoding: 'utf8' });
    assert.equal(r.stdout.trim(), '', `these do not compile:\n${r.stdout}${r.stderr}`);
  });

  it("names the file with the kernel's extension, .txt when unknown", async () => {
    const extension = async (file: string) =>
      (await convert(readFileSync(path.join(corpusDir, file)), { to: 'script', file: path.join(corpusDir, file) })).extension;
    assert.equal(await extension('ipython__SymPy.ipynb'), '.py');
    assert.equal(await extension('irkernel__Demo.ipynb'), '.r'); // language_info.file_extension, as the kernel reports it
    assert.equal(await extension('nbconvert__notebook_jl.ipynb'), '.jl'); // no language_info: from the kernelspec
    assert.equal(await extension('jupytext__evcxr_jupyter_tour.ipynb'), '.rs');
    assert.equal((await exportScript(withLanguage(notebook([]), 'brainfun', null))).extension, '.txt');
    assert.equal((await exportScript(withLanguage(notebook([]), 'r', '../../x'))).extension, '.R', 'not a path');
  });

  it('writes <stem>.<kernel extension> from the command line', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nbx-script-cli-'));
    copyFileSync(path.join(corpusDir, 'irkernel__Demo.ipynb'), path.join(dir, 'demo.ipynb'));
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'nbx.cjs'), 'convert', path.join(dir, 'demo.ipynb'), '--to', 'script'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readdirSync(dir).sort(), ['demo.ipynb', 'demo.r']);
  });
});

describe('script export', () => {
  it("writes markdown as comments and prompts as nbconvert's Python exporter does", async () => {
    const nb = notebook([markdownCell('# Title\n\nText.'), codeCell('x = 1'), codeCell('y = 2', [], { executionCount: null })]);
    assert.equal((await exportScript(nb)).text, [
      '#!/usr/bin/env python\n# coding: utf-8',
      '# # Title\n#\n# Text.',
      '# In[1]:\n\n\nx = 1',
      '# In[ ]:\n\n\ny = 2',
    ].join('\n\n') + '\n');
  });

  it("uses the language's comment syntax", async () => {
    const cells = () => [markdownCell('Note *1*'), codeCell('f(1)', [], { executionCount: 3 })];
    const noPrompt = notebook(cells());
    noPrompt.cells[1]!.view.prompt = false;
    assert.equal((await exportScript(withLanguage(notebook(cells()), 'rust', null))).text, '// Note *1*\n\n// In[3]:\n\n\nf(1)\n');
    assert.equal((await exportScript(withLanguage(noPrompt, 'julia', null))).text, '# Note *1*\n\nf(1)\n');
    assert.equal((await exportScript(withLanguage(notebook([markdownCell('a *) b')]), 'ocaml', null))).text, '(*\na * ) b\n*)\n');
  });

  it('keeps raw cells of the script language as code and comments out untyped ones', async () => {
    const raw = (source: string, mimeType: string | null): RawCell => ({ ...markdownCell(source), type: 'raw', mimeType });
    const nb = notebook([raw('def f(): pass', 'text/x-python'), raw('license text', null), raw('<b>x</b>', 'text/html')]);
    assert.equal((await exportScript(nb)).text, '#!/usr/bin/env python\n# coding: utf-8\n\ndef f(): pass\n\n# license text\n');
  });

  it('moves `from __future__` imports to the top, where Python requires them', async () => {
    const nb = notebook([codeCell('import os'), codeCell('from __future__ import division\nx = 1 / 2')]);
    nb.cells.forEach((c) => (c.view.prompt = false));
    assert.equal((await exportScript(nb)).text, '#!/usr/bin/env python\n# coding: utf-8\n\nfrom __future__ import division\n\nimport os\n\nx = 1 / 2\n');
  });
});

describe('IPython syntax in Python scripts', () => {
  it('comments out magics, shell escapes, help and their assignments', () => {
    const source = [
      '%matplotlib inline',
      'files = !ls',
      'for f in files:',
      '    !echo $f', // indented: `pass` keeps the block valid
      'text = """',
      '%not a magic inside a string',
      '"""',
      'len?',
      'print(1,',
      '      %2)',
      '%time f(1, \\',
      '  2)',
    ].join('\n');
    assert.equal(pythonFromIPython(source), [
      '# %matplotlib inline',
      '# files = !ls',
      'for f in files:',
      '    pass  # !echo $f',
      'text = """',
      '%not a magic inside a string',
      '"""',
      '# len?',
      'print(1,',
      '      %2)',
      '# %time f(1, \\',
      '#   2)',
    ].join('\n'));
  });

  it('comments out a cell magic, keeping the body when it is Python', () => {
    assert.equal(pythonFromIPython('%%bash\necho $HOME'), '# %%bash\n# echo $HOME');
    assert.equal(pythonFromIPython('%%timeit -n 10\nsum(range(9))'), '# %%timeit -n 10\nsum(range(9))');
  });

  it('removes pasted prompts and common indentation, as IPython does', () => {
    assert.equal(pythonFromIPython('>>> x = 1\n>>> if x:\n...     print(x)'), 'x = 1\nif x:\n    print(x)');
    assert.equal(pythonFromIPython('    a = 1\n    b = 2'), 'a = 1\nb = 2');
  });
});
