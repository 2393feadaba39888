// The LaTeX exporter as a whole: the document around the cells, extracted
// files, output priority and fallbacks, options, templates, and golden files.
//
// After an intended change, regenerate the golden files and review the diff:
//
//   NBX_UPDATE_GOLDEN=1 node --import tsx --test test/latex-export.test.ts
//   git diff test/golden/latex/
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { findChrome } from '../src/browser/chrome.js';
import { convert, type ConvertOptions } from '../src/convert.js';
import type { Cell, DisplayOutput, Output } from '../src/notebook/model.js';
import { codeCell, markdownCell, notebook, repoRoot } from './helpers.js';
import { generated } from './notebooks/index.js';

const goldenDir = path.join(repoRoot, 'test', 'golden', 'latex');
const features = path.join(goldenDir, 'features.ipynb');
const NO_CHROME = '/nonexistent/chrome'; // SVG falls back: golden files do not depend on the machine's browser
const update = process.env.NBX_UPDATE_GOLDEN === '1';
const PNG_B64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="red"/></svg>';

async function toLatex(input: string | object, options: Partial<ConvertOptions> = {}) {
  const text = typeof input === 'string' ? readFileSync(input, 'utf8') : JSON.stringify(input);
  const file = typeof input === 'string' ? input : 'nb.ipynb';
  const result = await convert(text, { to: 'latex', file, chromePath: NO_CHROME, ...options });
  return { ...result, tex: result.content as string, warnings: result.warnings.map((w) => `${w.path}: ${w.message}`) };
}

/** A notebook file (JSON) with these cells, metadata and outputs as nbformat writes them. */
function nbJson(cells: object[], metadata: object = {}) {
  return { nbformat: 4, nbformat_minor: 4, metadata: { kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' }, ...metadata }, cells };
}
const md = (source: string) => ({ cell_type: 'markdown', metadata: {}, source });
const code = (source: string, outputs: object[] = [], n: number | null = 1) => ({ cell_type: 'code', metadata: {}, source, outputs, execution_count: n });
const display = (data: object, metadata: object = {}) => ({ output_type: 'display_data', data, metadata });

function checkGolden(name: string, actual: string): void {
  const file = path.join(goldenDir, name);
  if (update) {
    writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `${name} is missing: run with NBX_UPDATE_GOLDEN=1 to create it`);
  const expected = readFileSync(file, 'utf8');
  if (actual === expected) return;
  const a = actual.split('\n');
  const e = expected.split('\n');
  let line = 0;
  while (line < Math.min(a.length, e.length) && a[line] === e[line]) line++;
  assert.fail(`${name} differs at line ${line + 1}:\n  expected: ${e[line]}\n  actual:   ${a[line]}\n` +
    'If the change is intended: NBX_UPDATE_GOLDEN=1 node --import tsx --test test/latex-export.test.ts');
}

describe('LaTeX export: golden files', () => {
  it('features.ipynb (every construct) → features.tex', async () => {
    const r = await toLatex(features);
    checkGolden('features.tex', r.tex);
    assert.deepEqual(r.files.map((f) => f.path), [
      'features_files/red.png', 'features_files/features_7_1.pdf', 'features_files/custom name.png', 'features_files/features_7_3.jpg',
    ]);
  });

  it('math-heavy markdown (MathJax math in real LaTeX: align, eqnarray, \\label/\\eqref, macros) → math.tex', async () => {
    const r = await toLatex(generated('math.ipynb'));
    checkGolden('math.tex', r.tex);
    assert.deepEqual(r.warnings, []);
  });

  it('is deterministic', async () => {
    const [a, b] = [await toLatex(features), await toLatex(features)];
    assert.equal(a.tex, b.tex);
    assert.deepEqual(a.files, b.files);
  });
});

describe('LaTeX export: the document', () => {
  it('takes title and authors from the notebook metadata, escaped', async () => {
    const { tex } = await toLatex(features);
    assert.match(tex, /\\title\{Features \\& Tests\}/);
    assert.match(tex, /\\author\{Ada Lovelace \\and Alan\\_Turing\}/);
    assert.match(tex, /^\\documentclass\[11pt\]\{article\}$/m);
    assert.match(tex, /\\usepackage\[letterpaper,margin=1in\]\{geometry\}/);
    assert.doesNotMatch(tex, /\\tableofcontents/);
  });

  it('else takes the title from the first heading, not repeated when it opens the document', async () => {
    const leading = await toLatex(nbJson([md('# The *Title*\n\nIntro'), md('## Next')]));
    assert.match(leading.tex, /\\title\{The \\emph\{Title\}\}/);
    assert.doesNotMatch(leading.tex, /\\section\{The/);
    assert.match(leading.tex, /\\subsection\{Next\}/);
    const later = await toLatex(nbJson([md('Intro'), md('# Later')]));
    assert.match(later.tex, /\\title\{Later\}/);
    assert.match(later.tex, /\\section\{Later\}/);
    const none = await toLatex(nbJson([md('no heading')]), { file: 'my_nb.ipynb' });
    assert.match(none.tex, /\\title\{my\\_nb\}/);
  });

  it('adds a table of contents with --toc, A4 paper with --paper a4', async () => {
    const { tex } = await toLatex(nbJson([md('# A')]), { toc: true, paper: 'a4' });
    assert.match(tex, /\\tableofcontents/);
    assert.match(tex, /\\usepackage\[a4paper,margin=1in\]\{geometry\}/);
  });

  it('passes raw LaTeX cells through (\\usepackage lines to the preamble) and drops other raw cells', async () => {
    const { tex } = await toLatex(features);
    const preamble = tex.slice(0, tex.indexOf('\\begin{document}'));
    assert.match(preamble, /^\\usepackage\{amsthm\}$/m);
    assert.match(tex, /Raw \\LaTeX\{\} with \\rawdefined\./);
    assert.doesNotMatch(tex, /raw html|no mimetype/);
    assert.doesNotMatch(preamble, /rawdefined/, 'a name a raw cell defines is not provided by nbx');
  });

  it('loads fonts only for the scripts the notebook uses', async () => {
    const plain = await toLatex(nbJson([md('just ASCII')]));
    assert.doesNotMatch(plain.tex, /\\nbxfirstfont\\nbx/);
    const { tex } = await toLatex(features);
    for (const script of ['CJK', 'Hebrew', 'Arabic', 'Greek', 'Symbols', 'Emoji']) assert.match(tex, new RegExp(`\\\\nbxfirstfont\\\\nbx${script}textfont`));
    assert.match(tex, /\\XeTeXlinebreaklocale "zh"/);
  });

  it('provides the math commands LaTeX may lack, and loads mhchem for \\ce when it is installed', async () => {
    const { tex } = await toLatex(features);
    assert.match(tex, /\\IfFileExists\{mhchem\.sty\}\{\\usepackage\[version=4\]\{mhchem\}\}\{\}/);
    assert.match(tex, /\\providecommand\{\\bbox\}\[2\]\[\]\{#2\}/);
    assert.match(tex, /\\providecommand\{\\ce\}/);
    assert.match(tex, /\\nbxprovide\{[^}]*notacommand/);
    assert.match(tex, /\\providecommand\{\\RR\}\{\}\\renewcommand\{\\RR\}\{\\mathbb\{R\}\}/);
  });
});

describe('LaTeX export: code cells and outputs', () => {
  const out = (o: Output) => o;

  it('prints In [n]: and Out[n]: prompts, or none with --no-prompt; --no-input drops the code', async () => {
    const nb = nbJson([code('1+1', [{ output_type: 'execute_result', execution_count: 7, data: { 'text/plain': '2' }, metadata: {} }], 7)]);
    const { tex } = await toLatex(nb);
    assert.match(tex, /\\nbxinprompt\{7\}\n\\begin\{nbxinput\}\n\\nbxhl\{number\}\{1\}\+\\nbxhl\{number\}\{1\}\n\\end\{nbxinput\}/);
    assert.match(tex, /\\nbxoutprompt\{7\}\n\\begin\{nbxoutput\}\n2\n\\end\{nbxoutput\}/);
    const bare = await toLatex(nb, { noPrompt: true });
    assert.doesNotMatch(bare.tex, /\\nbx(in|out)prompt\{/);
    const noInput = await toLatex(nb, { noInput: true });
    assert.doesNotMatch(noInput.tex, /\\begin\{nbxinput\}/);
    assert.match(noInput.tex, /\\begin\{nbxoutput\}\n2\n/);
  });

  it("follows nbconvert's LaTeX priority: latex › pdf › png › jpeg › svg › markdown › plain", async () => {
    const nb = nbJson([code('x', [
      display({ 'text/latex': '$x$', 'image/png': PNG_B64, 'text/plain': 'x' }),
      display({ 'text/html': '<b>x</b>', 'image/png': PNG_B64, 'text/plain': 'x' }),
      display({ 'text/markdown': '**md**', 'text/plain': 'x' }),
      display({ 'text/html': '<b>only html</b>' }),
    ])]);
    const r = await toLatex(nb);
    assert.match(r.tex, /^\$x\$$/m);
    assert.match(r.tex, /\\nbxoutputimage\{\\nbximage\{nb_files\/nb_0_1\.png\}\}/);
    assert.match(r.tex, /^\\textbf\{md\}$/m);
    assert.deepEqual(r.warnings, ['cells[0].outputs[3]: no representation nbx can show in LaTeX (text/html); output skipped']);
  });

  it('names extracted files as nbconvert does, honouring metadata.filename; --output-dir moves both', async () => {
    const nb = nbJson([md('text'), code('x', [display({ 'image/png': PNG_B64 }), display({ 'image/png': PNG_B64 }, { filename: 'chart.png' })])]);
    const r = await toLatex(nb);
    assert.deepEqual(r.files.map((f) => f.path), ['nb_files/nb_1_0.png', 'nb_files/chart.png']);
  });

  it('sizes images from output metadata (CSS pixels → points)', async () => {
    const r = await toLatex(nbJson([code('x', [display({ 'image/png': PNG_B64 }, { 'image/png': { width: 200, height: 100 } })])]));
    assert.match(r.tex, /\\nbximage\[width=150pt,height=75pt\]\{nb_files\/nb_0_0\.png\}/);
  });

  it('skips image data that is not the image it claims to be, with a warning', async () => {
    const r = await toLatex(nbJson([code('x', [display({ 'image/png': Buffer.from('GIF89a').toString('base64'), 'text/plain': 'fallback' })])]));
    assert.match(r.tex, /\\begin\{nbxoutput\}\nfallback\n/);
    assert.deepEqual(r.warnings, ['cells[0].outputs[0]: image/png data is not a valid PNG; using the next representation']);
  });

  it('never passes text/latex that would break the document', async () => {
    const r = await toLatex(nbJson([code('x', [display({ 'text/latex': '\\begin{itemize}\\item x', 'text/plain': 'safe' })])]));
    assert.match(r.tex, /\\begin\{nbxoutput\}\nsafe\n/);
    assert.equal(r.warnings.length, 1);
  });

  it('renders streams, stderr and tracebacks with ANSI colours as \\textcolor, no escape byte left', async () => {
    const nb = nbJson([code('x', [
      { output_type: 'stream', name: 'stdout', text: '\x1b[31mred\x1b[0m\n' },
      { output_type: 'stream', name: 'stderr', text: 'careful\n' },
      { output_type: 'error', ename: 'E', evalue: 'v', traceback: ['\x1b[0;31mE\x1b[0m: v'] },
    ])]);
    const { tex } = await toLatex(nb);
    assert.match(tex, /\\begin\{nbxoutput\}\n\\textcolor\{ansi-red\}\{red\}\n\\end\{nbxoutput\}/);
    assert.match(tex, /\\begin\{nbxstderr\}\ncareful\n\\end\{nbxstderr\}/);
    assert.match(tex, /\\begin\{nbxerror\}\n\\textcolor\{ansi-red\}\{E\}: v\n\\end\{nbxerror\}/);
    assert.doesNotMatch(tex, /\x1b/);
  });

  it('falls back from SVG to the next representation when no browser can convert it', async () => {
    const r = await toLatex(nbJson([code('x', [display({ 'image/svg+xml': SVG, 'text/plain': '<Figure>' })])]));
    assert.match(r.tex, /\\begin\{nbxoutput\}\n\\textless\{\}Figure\\textgreater\{\}|\\begin\{nbxoutput\}\n<Figure>/);
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0]!, /^cells\[0\]\.outputs\[0\]: SVG not converted to PDF \(no Chrome\/Chromium/);
  });

  const chrome = (() => {
    try {
      return findChrome();
    } catch {
      return null;
    }
  })();
  it('converts SVG outputs and SVG images to PDF with headless Chrome', { skip: !chrome && 'no Chrome/Chromium installed' }, async () => {
    const nb = nbJson([
      { cell_type: 'markdown', metadata: {}, source: '![s](attachment:s.svg)', attachments: { 's.svg': { 'image/svg+xml': SVG } } },
      code('x', [display({ 'image/svg+xml': SVG, 'text/plain': '<Figure>' })]),
    ]);
    const r = await toLatex(nb, { chromePath: chrome! });
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.files.map((f) => f.path), ['nb_files/nb_1_0.pdf', 'nb_files/s.pdf']);
    for (const f of r.files) assert.equal(Buffer.from(f.data as Uint8Array).subarray(0, 5).toString(), '%PDF-');
    assert.match(r.tex, /\\begin\{center\}\n\\nbximage\{nb_files\/s\.pdf\}\n\\end\{center\}/);
    assert.match(r.tex, /\\nbxoutputimage\{\\nbximage\{nb_files\/nb_1_0\.pdf\}\}/);
    const again = await toLatex(nb, { chromePath: chrome! });
    assert.deepEqual(again.files, r.files, 'the PDFs are reproducible (fixed dates)');
  });

  void out;
});

describe('LaTeX export: untrusted notebooks (--sanitize)', () => {
  it('keeps TeX that reads or writes files out of the .tex', async () => {
    const nb = nbJson([
      md('$\\input{/etc/passwd}$ and $x^^5c$ and $\\alpha$'),
      code('x', [display({ 'text/latex': '\\input{/etc/passwd}', 'text/plain': 'safe' })]),
      { cell_type: 'raw', metadata: { raw_mimetype: 'text/latex' }, source: '\\input{/etc/hostname}' },
    ]);
    const trusted = await toLatex(nb);
    assert.match(trusted.tex, /^\$\\input\{\/etc\/passwd\}\$/m, 'trusted: passed through, as nbconvert does');
    const r = await toLatex(nb, { sanitize: true });
    assert.doesNotMatch(r.tex, /(^|[^{])\\input\{/);
    assert.match(r.tex, /\$\\alpha\$/);
    assert.match(r.tex, /\\begin\{nbxoutput\}\nsafe\n/);
    assert.equal(r.warnings.length, 4, r.warnings.join('\n'));
  });
});

describe('LaTeX export: templates and command line', () => {
  it('lets --template override a partial by file name, with noEscape and the escape helper', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nbx-latex-tpl-'));
    writeFileSync(path.join(dir, 'cell_markdown.hbs'), '%% md: {{escape "50% & more"}} <{{latex}}>\n');
    const { tex } = await toLatex(nbJson([md('*x*')]), { templateDir: dir });
    assert.match(tex, /^%% md: 50\\% \\& more <\\emph\{x\}>$/m);
  });

  it('nbx convert --to latex --output-dir writes the .tex and its files there', { skip: !existsSync(path.join(repoRoot, 'dist', 'bundle', 'nbx.cjs')) && 'not built' }, () => {
    const src = mkdtempSync(path.join(tmpdir(), 'nbx-latex-cli-'));
    const out = path.join(src, 'out');
    mkdirSync(out);
    writeFileSync(path.join(src, 'my nb.ipynb'), JSON.stringify(nbJson([code('x', [display({ 'image/png': PNG_B64 })])])));
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'nbx.cjs'), 'convert', path.join(src, 'my nb.ipynb'), '--to', 'latex', '--output-dir', out, '--toc'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readdirSync(out).sort(), ['my nb.tex', 'my nb_files']);
    assert.deepEqual(readdirSync(path.join(out, 'my nb_files')), ['my nb_0_0.png']);
    assert.match(readFileSync(path.join(out, 'my nb.tex'), 'utf8'), /\\nbximage\{my nb_files\/my nb_0_0\.png\}/);
  });
});

describe('LaTeX export: model-level inputs', () => {
  it('exports a notebook built in memory, even one full of unusual outputs', async () => {
    const cells: Cell[] = [
      markdownCell('# T\n\n$$\\begin{foo}$$ {{ }} \\end{document}'),
      codeCell('x', [{ type: 'display_data', data: {}, metadata: {}, executionCount: null } as DisplayOutput]),
    ];
    const { latexExporter } = await import('../src/formats/latex/exporter.js');
    const { Diagnostics } = await import('../src/errors.js');
    const diag = new Diagnostics('mem');
    const r = await latexExporter.export(notebook(cells), { stem: 'mem', baseDir: null, diag, options: { chromePath: NO_CHROME } });
    assert.match(r.content as string, /\\end\{document\}\s*$/);
    assert.equal((r.content as string).match(/\\end\{document\}/g)!.length, 1);
  });
});
