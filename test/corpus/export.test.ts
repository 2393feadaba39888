// Exports of the corpus to Markdown, reST and scripts, checked by their
// consumers: no ANSI escape left in Markdown, docutils reads every .rst with no
// warning, python3 compiles every script whose notebook's code compiles.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { convert } from '../../src/convert.js';
import type { ExportResult } from '../../src/formats/types.js';
import { repoRoot } from '../helpers.js';
import { docutilsMessages } from '../rst-docutils.js';
import { corpus, corpusDir } from './corpus.js';

const text = (r: ExportResult) => r.content as string;

// Raw reST a corpus notebook carries for a Sphinx extension (sphinxcontrib-bibtex): passed through as written.
const EXPECTED_MESSAGES: Record<string, RegExp> = {
  'nbsphinx__markdown-cells.ipynb': /Unknown directive type "footbibliography"/,
};

describe('Markdown export of the corpus', () => {
  it('converts every valid corpus notebook, with no ANSI escape left', async () => {
    for (const entry of corpus().filter((e) => e.valid)) {
      const { content } = await convert(readFileSync(entry.path), { to: 'markdown', file: entry.path });
      assert.equal(typeof content, 'string');
      assert.doesNotMatch(content as string, /\x1b/, entry.file);
    }
    const binder = path.join(corpusDir, 'jupyter-notebook__binder_example.ipynb');
    const { content, files } = await convert(readFileSync(binder), { to: 'markdown', file: binder });
    assert.doesNotMatch(content as string, /attachment:/);
    assert.equal(files.length, 11, 'one file per attachment');
  });

  it('extracts attachments to <stem>_files/ and relinks them (the md alias works too)', async () => {
    const file = path.join(corpusDir, 'nbsphinx__markdown-cells.ipynb');
    const r = await convert(readFileSync(file), { to: 'md', file });
    assert.equal(r.extension, '.md');
    assert.ok(r.files.some((f) => f.path === 'nbsphinx__markdown-cells_files/stickfigure.png'));
    assert.match(r.content as string, /!\[a stick figure\]\(nbsphinx__markdown-cells_files\/stickfigure\.png\)/);
    // A code block that shows the syntax is not an image and stays as written.
    assert.match(r.content as string, /^    !\[a stick figure\]\(attachment:stickfigure\.png\)$/m);
  });
});

describe('RST export of the corpus', () => {
  it('converts every valid notebook to RST docutils reads without a warning', async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nbx-rst-'));
    const files = new Map<string, string>();
    for (const entry of corpus().filter((e) => e.valid)) {
      const result = await convert(readFileSync(entry.path), { to: 'rst', file: entry.path });
      const out = path.join(dir, entry.file.replace(/\.ipynb$/, '.rst'));
      writeFileSync(out, result.content);
      // Extracted files are read too (`.. raw:: html` with `:file:`).
      for (const f of result.files) {
        mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
        writeFileSync(path.join(dir, f.path), f.data);
      }
      files.set(out, entry.file);
    }
    assert.ok(files.size >= 50, `${files.size} notebooks`);
    const result = docutilsMessages([...files.keys()], 'null');
    if (!result) return t.skip('python3 with docutils is not installed');
    const problems: string[] = [];
    for (const [out, lines] of Object.entries(result.messages)) {
      const expected = EXPECTED_MESSAGES[files.get(out)!];
      const levels = lines.filter((l) => /\((WARNING|ERROR|SEVERE)\/\d\)/.test(l));
      if (expected ? levels.length !== 1 || !expected.test(levels[0]!) : levels.length) problems.push(...lines);
    }
    assert.deepEqual(problems, []);
  });

  it('extracts attachments and output images with nbconvert names', async () => {
    const file = path.join(corpusDir, 'nbconvert__exporters_attachment.ipynb');
    const attachments = await convert(readFileSync(file), { to: 'rst', file });
    assert.deepEqual(attachments.files.map((f) => f.path), ['nbconvert__exporters_attachment_files/image.png', 'nbconvert__exporters_attachment_files/image_1.png']);
    assert.match(text(attachments), /^\.\. image:: nbconvert__exporters_attachment_files\/image\.png$/m);
    assert.doesNotMatch(text(attachments), /attachment:/);

    const png = path.join(corpusDir, 'nbconvert__exporters_pngmetadata.ipynb');
    const images = await convert(readFileSync(png), { to: 'rst', file: png });
    assert.deepEqual(images.files.map((f) => f.path), ['nbconvert__exporters_pngmetadata_files/nbconvert__exporters_pngmetadata_0_1.png']);
    assert.match(text(images), /\.\. image:: nbconvert__exporters_pngmetadata_files\/nbconvert__exporters_pngmetadata_0_1\.png\n   :width: \d+px\n   :height: \d+px/);
  });
});

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
  });

  it('writes <stem>.<kernel extension> from the command line', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nbx-script-cli-'));
    copyFileSync(path.join(corpusDir, 'irkernel__Demo.ipynb'), path.join(dir, 'demo.ipynb'));
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'nbx.cjs'), 'convert', path.join(dir, 'demo.ipynb'), '--to', 'script'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readdirSync(dir).sort(), ['demo.ipynb', 'demo.r']);
  });
});
