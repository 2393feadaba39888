// `--to script`: the code in the kernel's language and file extension,
// markdown as comments, IPython-only lines commented out so that the script
// of a Python notebook compiles whenever its code does.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { convert } from '../src/convert.js';
import { Diagnostics } from '../src/errors.js';
import { pythonFromIPython } from '../src/formats/script/python.js';
import { scriptExporter } from '../src/formats/script/exporter.js';
import type { Notebook, RawCell } from '../src/notebook/model.js';
import { codeCell, markdownCell, notebook, repoRoot } from './helpers.js';
import { generated, VALID } from './notebooks/index.js';

async function exportScript(nb: Notebook) {
  const result = await scriptExporter.export(nb, { stem: 'nb', baseDir: null, diag: new Diagnostics(null), options: {} });
  return { text: result.content as string, extension: result.extension };
}

const withLanguage = (nb: Notebook, language: string, fileExtension: string | null): Notebook =>
  ({ ...nb, info: { ...nb.info, language, fileExtension } });

// Whether each notebook's code compiles as IPython runs it: every cell through
// IPython's own transformer, then compile(). Needs IPython; null without it.
const COMPILE = 'import py_compile, sys\nfor f in sys.argv[1:]:\n    try: py_compile.compile(f, doraise=True)\n    except py_compile.PyCompileError as e: print(e.msg.strip().splitlines()[-1], file=sys.stderr); print(f)';

// A notebook file of a kernel, written here (no outputs: the script needs only code and metadata).
const kernelNotebook = (languageInfo: object, kernelspec: object) => JSON.stringify({
  nbformat: 4, nbformat_minor: 5, metadata: { kernelspec, language_info: languageInfo },
  cells: [{ id: 'a', cell_type: 'markdown', metadata: {}, source: '# Demo' }, { id: 'b', cell_type: 'code', metadata: {}, execution_count: 1, outputs: [], source: 'x <- 1' }],
});
const R_NOTEBOOK = kernelNotebook({ name: 'R', file_extension: '.r', mimetype: 'text/x-r-source' }, { name: 'ir', display_name: 'R', language: 'R' });

describe('script export of the generated notebooks', () => {
  it('compiles (python3 -m py_compile) for every valid generated notebook', async (t) => {
    if (spawnSync('python3', ['--version']).status !== 0) return t.skip('python3 is not installed');
    const dir = mkdtempSync(path.join(tmpdir(), 'nbx-script-'));
    const scripts: string[] = [];
    for (const name of Object.keys(VALID)) {
      const file = generated(name);
      const result = await convert(readFileSync(file), { to: 'script', file });
      assert.equal(result.extension, '.py', name);
      const out = path.join(dir, name.replace(/\.ipynb$/, '.py'));
      writeFileSync(out, result.content);
      scripts.push(out);
    }
    const r = spawnSync('python3', ['-c', COMPILE, ...scripts], { encoding: 'utf8' });
    assert.equal(r.stdout.trim(), '', `these do not compile:\n${r.stdout}${r.stderr}`);
  });

  it("names the file with the kernel's extension, .txt when unknown", async () => {
    const extension = async (json: string) => (await convert(json, { to: 'script', file: 'nb.ipynb' })).extension;
    assert.equal(await extension(readFileSync(generated('math.ipynb'), 'utf8')), '.py');
    assert.equal(await extension(R_NOTEBOOK), '.r'); // language_info.file_extension, as the kernel reports it
    assert.equal(await extension(kernelNotebook({}, { name: 'julia-1.9', display_name: 'Julia', language: 'julia' })), '.jl'); // no language_info: from the kernelspec
    assert.equal(await extension(kernelNotebook({ name: 'Rust', file_extension: '.rs' }, { name: 'rust', display_name: 'Rust', language: 'rust' })), '.rs');
    assert.equal((await exportScript(withLanguage(notebook([]), 'brainfun', null))).extension, '.txt');
    assert.equal((await exportScript(withLanguage(notebook([]), 'r', '../../x'))).extension, '.R', 'not a path');
  });

  it('writes <stem>.<kernel extension> from the command line', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nbx-script-cli-'));
    writeFileSync(path.join(dir, 'demo.ipynb'), R_NOTEBOOK);
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
