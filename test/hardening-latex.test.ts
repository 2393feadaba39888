// Issue 17, LaTeX injection: nothing from a notebook reaches the .tex as TeX
// it could run. The file name (header comments, image paths), metadata, and
// under --sanitize math and text/latex outputs (an allowlist of commands).
// Checked for real: xelatex compiles the .tex, and pdftotext of the PDF must
// not hold the secret file's contents (/etc/passwd's "root:" line too).
// Skipped when xelatex or pdftotext is missing (Debian: see .ci/run).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { convert } from '../src/convert.js';
import { disallowedTex } from '../src/render/tex-allowlist.js';

const tools = spawnSync('xelatex', ['--version']).status === 0 && spawnSync('pdftotext', ['-v']).status === 0;
const work = mkdtempSync(path.join(tmpdir(), 'nbx-hardlatex-'));
after(() => rmSync(work, { recursive: true, force: true }));

// The secret: `secret.tex` next to each document (TeX finds `\input{secret}` there), and /etc/passwd.
const TOKEN = 'NBXSECRETTOKEN';
const secret = 'secret';
const PASSWD_ROOT = /^root:/m;
/** The log shows each file TeX opens: `(./secret.tex` or `(/etc/passwd`. */
const OPENED = /\((?:\.\/)?secret\.tex|\(\/etc\/passwd/;

// One way to read a file in TeX per line; `F` is the file.
const PAYLOADS = (f: string) => [
  `\\input{${f}}`, `\\input ${f} `, `\\makeatletter\\@input{${f}}\\makeatother`, `\\@@input ${f} `,
  `\\csname input\\endcsname{${f}}`, `\\csname @input\\endcsname{${f}}`, `\\begin{input}{${f}}\\end{input}`,
  `\\begin{@input}{${f}}\\end{@input}`, `^^5cinput{${f}}`, `\\^^5cinput{${f}}`, `^^5c^^69nput{${f}}`,
  `\\expandafter\\input\\string{${f}}`, `\\def\\x{\\input}\\x{${f}}`, `\\newcommand{\\x}{\\input{${f}}}\\x`,
  `\\renewcommand{\\alpha}{\\@input{${f}}}\\alpha`, `\\let\\x\\input\\x{${f}}`, `\\text{\\input{${f}}}`,
  `\\begin{aligned}\\input{${f}}\\end{aligned}`, `\\scantokens{\\input{${f}}}`, `\\IfFileExists{${f}}{\\input{${f}}}{}`,
  `\\InputIfFileExists{${f}}{}{}`, `\\UseName{@input}{${f}}`, `\\@nameuse{@input}{${f}}`, `\\catcode33=0 !input{${f}}`,
  `\\ExplSyntaxOn\\file_input:n{${f}}\\ExplSyntaxOff`, `\\openin5=${f}\\read5to\\x\\x`, `\\lowercase{\\INPUT{${f}}}`,
  `\\include{${f}}`, `\\verbatiminput{${f}}`, `\\lstinputlisting{${f}}`, `\\immediate\\write18{cat ${f}}`,
  `\\directlua{tex.print(io.open('${f}'):read('*a'))}`, `\\XeTeXinputencoding "bytes"\\input{${f}}`,
  `\\begin{filecontents}{x.tex}\\end{filecontents}`, `\\operatorname{\\input{${f}}}`, `\\string\\input{${f}}`,
];

function markdownCell(source: string) {
  return { cell_type: 'markdown', metadata: {}, source };
}
function latexOutput(latex: string) {
  return {
    cell_type: 'code', metadata: {}, execution_count: 1, source: 'x',
    outputs: [{ output_type: 'display_data', metadata: {}, data: { 'text/latex': latex, 'text/plain': 'plain' } }],
  };
}
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** Writes the .tex and its files into a folder of its own, compiles, returns the PDF's text and the .tex. */
function compile(name: string, tex: string, files: { path: string; data: string | Uint8Array }[]): { text: string; log: string; ok: boolean } {
  const dir = mkdtempSync(path.join(work, 'doc-'));
  writeFileSync(path.join(dir, 'secret.tex'), `${TOKEN}\n`);
  for (const f of files) {
    mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    writeFileSync(path.join(dir, f.path), f.data);
  }
  writeFileSync(path.join(dir, name), tex);
  const run = spawnSync('xelatex', ['-interaction=nonstopmode', '-no-shell-escape', name], { cwd: dir, timeout: 240_000, encoding: 'utf8' });
  const pdf = path.join(dir, name.replace(/\.tex$/, '.pdf'));
  const ok = run.status === 0 && existsSync(pdf);
  const text = ok ? execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }) : '';
  const log = readFileSync(path.join(dir, name.replace(/\.tex$/, '.log')), 'latin1');
  return { text, log, ok };
}

function assertNothingRead(out: { text: string; log: string }): void {
  assert.doesNotMatch(out.text, new RegExp(TOKEN));
  assert.doesNotMatch(out.text, PASSWD_ROOT);
  assert.doesNotMatch(out.log, OPENED);
}

describe('LaTeX: the file name never runs as TeX', { skip: !tools && 'xelatex or pdftotext not installed' }, () => {
  // Each stem (a file name: no `/`) escapes a different place: the `%` header lines, \title, image paths.
  const stems = [
    `x\n\\AtBeginDocument{\\input{${secret}}}%`,
    `x\r\\AtBeginDocument{\\input{${secret}}}%`,
    `x\u2028\\AtBeginDocument{\\input{${secret}}}%`,
    `x\u0085\\AtBeginDocument{\\input{${secret}}}%`,
    `x^^5cinput^^7b${secret}^^7d`,
    `x^^5cinput^^7b^^2fetc^^2fpasswd^^7d`,
    `x}\\input{${secret}}{`,
    `x%\n\\input{${secret}}`,
    `x\n\\input ^^2fetc^^2fpasswd `,
  ];
  for (const stem of stems) {
    it(`stem ${JSON.stringify(stem).slice(0, 50)}`, async () => {
      const nb = {
        nbformat: 4, nbformat_minor: 4, metadata: {},
        cells: [{
          cell_type: 'code', metadata: {}, execution_count: 1, source: 'plot()',
          outputs: [{ output_type: 'display_data', metadata: {}, data: { 'image/png': PNG, 'text/plain': 'fig' } }],
        }],
      };
      const result = await convert(JSON.stringify(nb), { to: 'latex', stem });
      const tex = String(result.content);
      // The header comments stay two comment lines.
      const [first, second] = tex.split(/\r\n|\r|\n|\u2028/);
      assert.match(first!, /^% Generated by nbx/);
      assert.match(second!, /^% Compile with: xelatex /);
      // A backslash in the folder name of the images is lost by xdvipdfmx (no PDF), not run.
      const out = compile('doc.tex', tex, result.files);
      if (!stem.includes('\\')) assert.ok(out.ok, 'xelatex compiled the document');
      assertNothingRead(out);
    });
  }

  it('metadata title and authors are text', async () => {
    const nb = {
      nbformat: 4, nbformat_minor: 4,
      metadata: { title: `\\input{${secret}} ^^5cinput{${secret}}`, authors: [{ name: `\\input{/etc/passwd}` }] },
      cells: [markdownCell(`Text \\input{${secret}} and \`\\input{/etc/passwd}\``)],
    };
    const result = await convert(JSON.stringify(nb), { to: 'latex', stem: 'meta' });
    const out = compile('meta.tex', String(result.content), result.files);
    assert.ok(out.ok);
    assert.match(out.text, /input\{/, 'the commands are printed as text');
    assertNothingRead(out);
  });
});

describe('LaTeX --sanitize: math and text/latex are allowlisted', { skip: !tools && 'xelatex or pdftotext not installed' }, () => {
  it('the harness sees a read when one happens (without --sanitize a text/latex output reads the file)', async () => {
    const nb = { nbformat: 4, nbformat_minor: 4, metadata: {}, cells: [latexOutput(`\\input{${secret}}`)] };
    const result = await convert(JSON.stringify(nb), { to: 'latex', stem: 'control' });
    const out = compile('control.tex', String(result.content), result.files);
    assert.match(out.text, new RegExp(TOKEN));
    assert.match(out.log, OPENED);
  });

  for (const file of [secret, '/etc/passwd']) {
    it(`no payload reads ${file === secret ? 'a local file' : '/etc/passwd'}`, async () => {
      const payloads = PAYLOADS(file);
      const cells = payloads.flatMap((p) => [markdownCell(`$${p}$ and $$${p}$$`), latexOutput(p), latexOutput(`$${p}$`)]);
      const nb = { nbformat: 4, nbformat_minor: 4, metadata: {}, cells };
      const result = await convert(JSON.stringify(nb), { to: 'latex', stem: 'math', sanitize: true });
      const tex = String(result.content);
      // Every payload was refused: three math chunks and two outputs each.
      const refused = result.warnings.filter((w) => /not allowed/.test(w.message));
      assert.equal(refused.length, payloads.length * 4, result.warnings.map((w) => w.message).join('\n'));
      const out = compile('math.tex', tex, result.files);
      assert.ok(out.ok, 'xelatex compiled the document');
      assertNothingRead(out);
      // The math is shown as its source.
      assert.match(out.text, /input/);
    });
  }

  it('ordinary math and tables still typeset', async () => {
    const cells = [
      markdownCell('$\\newcommand{\\R}{\\mathbb{R}} x \\in \\R$, $$\\begin{aligned} a &= \\frac{1}{2} \\\\ b &\\leq \\sqrt{\\alpha_i^2} \\end{aligned}$$'),
      markdownCell('$\\R^n$ and $\\left(\\begin{pmatrix} 1 & 0 \\\\ 0 & 1 \\end{pmatrix}\\right)$ $\\operatorname{tr} A \\xrightarrow{f} B$'),
      latexOutput('\\begin{tabular}{lr}\n\\toprule\n{} & a \\\\\n\\midrule\n0 & 1 \\\\\n\\bottomrule\n\\end{tabular}'),
      latexOutput('$\\displaystyle \\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}$'),
    ];
    const nb = { nbformat: 4, nbformat_minor: 4, metadata: {}, cells };
    const result = await convert(JSON.stringify(nb), { to: 'latex', stem: 'ok', sanitize: true });
    assert.deepEqual(result.warnings.map((w) => w.message), []);
    const out = compile('ok.tex', String(result.content), result.files);
    assert.ok(out.ok);
    assert.doesNotMatch(out.text, /newcommand|begin\{/);
  });
});

describe('disallowedTex', () => {
  it('decides by allowlist', () => {
    assert.equal(disallowedTex('\\frac{a}{b} \\alpha \\\\ \\, \\{'), null);
    assert.equal(disallowedTex('\\begin{pmatrix}a\\end{pmatrix}'), null);
    assert.match(disallowedTex('\\foo')!, /\\foo is not allowed/);
    assert.match(disallowedTex('\\begin{input}')!, /environment \{input\}/);
    assert.match(disallowedTex('\\begin\\input')!, /without a plain environment name/);
    assert.match(disallowedTex('\\@input')!, /\\@input/);
    assert.match(disallowedTex('\\newcommand{\\begin}{x}')!, /defining \\begin/);
    assert.match(disallowedTex('a^^5c')!, /\^\^/);
    assert.equal(disallowedTex('\\myop x', { defined: new Set(['myop']) }), null);
  });
});
