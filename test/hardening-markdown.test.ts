// Issue 17, the text formats under --sanitize (and what holds without it),
// and odd notebooks that used to crash: deep JSON, metadata keys named like
// Object.prototype's, NUL bytes in a script. The RST output goes through
// docutils (rst2html) when it is installed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import MarkdownIt from 'markdown-it';
import { convert } from '../src/convert.js';

const work = mkdtempSync(path.join(tmpdir(), 'nbx-hardmd-'));
after(() => rmSync(work, { recursive: true, force: true }));
const python = spawnSync('python3', ['--version']).status === 0;
const docutils = spawnSync('rst2html', ['--version']).status === 0;

const XSS_MD = '<img src=x onerror="alert(1)"> [click](javascript:alert(2)) <a href="javascript:alert(3)">a</a> <script>alert(4)</script>';
const display = (data: Record<string, string>) => ({
  cell_type: 'code', metadata: {}, execution_count: 1, source: 'x', outputs: [{ output_type: 'display_data', metadata: {}, data }],
});
const nbOf = (cells: object[]) => JSON.stringify({ nbformat: 4, nbformat_minor: 4, metadata: {}, cells });
const text = (content: string | Uint8Array) => (typeof content === 'string' ? content : Buffer.from(content).toString('utf8'));

describe('--to markdown --sanitize', () => {
  it('text/markdown and text/latex outputs hold no script, handler or javascript: link', async () => {
    const result = await convert(nbOf([display({ 'text/markdown': XSS_MD }), display({ 'text/latex': `$x$ ${XSS_MD} [l](javascript:alert(5))\n[r]: javascript:alert(6)` })]), { to: 'markdown', sanitize: true });
    // Rendered as a permissive CommonMark renderer would (raw HTML kept, any link scheme accepted).
    const renderer = new MarkdownIt({ html: true });
    renderer.validateLink = () => true;
    const html = renderer.render(text(result.content));
    assert.doesNotMatch(html, /onerror|<script|href="javascript:/i);
    assert.match(html, /\$x\$/);
  });
  it('extracted SVG files lose their scripts and handlers', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)"><rect width="5" height="5" onclick="alert(4)"/></a></svg>';
    const result = await convert(nbOf([display({ 'image/svg+xml': svg })]), { to: 'markdown', sanitize: true });
    const file = result.files.find((f) => f.path.endsWith('.svg'));
    assert.ok(file);
    const saved = text(file.data as string | Uint8Array);
    assert.match(saved, /<rect/);
    assert.doesNotMatch(saved, /script|onload|onclick|javascript:/i);
  });
});

describe('--to rst', () => {
  it('--sanitize: raw LaTeX cells and math are allowlisted', async () => {
    const cells = [
      { cell_type: 'raw', metadata: { raw_mimetype: 'text/latex' }, source: '\\input{/etc/passwd}' },
      { cell_type: 'markdown', metadata: {}, source: '$$\\input{/etc/passwd}$$ and $\\@@input /etc/passwd $ and $x^2$' },
      display({ 'text/latex': '$$\\makeatletter\\@input{/etc/passwd}$$' }),
    ];
    const result = await convert(nbOf(cells), { to: 'rst', sanitize: true });
    const rst = text(result.content);
    assert.doesNotMatch(rst, /\.\. raw:: latex/);
    assert.doesNotMatch(rst, /\.\. math::\s+\\(?:input|makeatletter)|:math:`\\@@input/);
    assert.match(rst, /:math:`x\^2`/);
    assert.equal(result.warnings.filter((w) => /shown as its source/.test(w.message)).length, 4);
    if (docutils) {
      const file = path.join(work, 'sanitized.rst');
      writeFileSync(file, rst);
      const html = spawnSync('rst2html', ['--no-raw', '--report=5', file], { encoding: 'utf8' }).stdout;
      assert.doesNotMatch(html, /root:/);
    }
  });
  it('without --sanitize, markdown raw HTML reaching .. raw:: html is sanitized', async () => {
    const result = await convert(nbOf([{ cell_type: 'markdown', metadata: {}, source: `<div onclick="alert(1)">x</div>\n\n<script>alert(2)</script>\n\ntext <img src=x onerror=alert(3)> more` }]), { to: 'rst' });
    const rst = text(result.content);
    assert.doesNotMatch(rst, /onclick|<script|onerror/);
  });
});

describe('odd notebooks fail in one line or work', () => {
  it('JSON nested 100,000 deep', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const nb = `{"nbformat":4,"nbformat_minor":4,"metadata":{"x":${deep}},"cells":[]}`;
    await assert.rejects(convert(Buffer.from(nb), { to: 'html', file: 'deep.ipynb' }), (err: Error) => {
      assert.equal(err.name === 'RangeError', false);
      assert.match(err.message, /^deep\.ipynb: JSON nested more than 500 levels deep/);
      assert.doesNotMatch(err.message, /\n/);
      return true;
    });
  });
  it('metadata keys constructor, toString, __proto__', async () => {
    const nb = '{"nbformat":4,"nbformat_minor":4,"metadata":{},"cells":[{"cell_type":"markdown","metadata":{"constructor":1,"toString":2,"__proto__":{"a":1}},"source":"# a $\\\\constructor \\\\toString$"},'
      + '{"cell_type":"code","metadata":{"constructor":{},"toString":"x","__proto__":[1]},"source":"x","execution_count":1,"outputs":[{"output_type":"display_data","metadata":{},"data":{"text/plain":"x","constructor":"y"}}]}]}';
    for (const to of ['html', 'latex', 'rst', 'markdown', 'script', 'json']) {
      const result = await convert(Buffer.from(nb), { to });
      assert.ok(text(result.content as string).length > 0, to);
      if (to === 'latex') assert.doesNotMatch(text(result.content), /function Object|native code/);
    }
  });
  it('a NUL byte in markdown gives a script Python compiles', { skip: !python && 'python3 not installed' }, async () => {
    const nb = nbOf([{ cell_type: 'markdown', metadata: {}, source: 'a\u0000b' }, { cell_type: 'code', metadata: {}, execution_count: 1, source: 'x = "\u0000"', outputs: [] }]);
    const result = await convert(nb, { to: 'script' });
    const file = path.join(work, 'nul.py');
    writeFileSync(file, text(result.content));
    const run = spawnSync('python3', ['-c', 'import sys; compile(open(sys.argv[1]).read(), sys.argv[1], "exec")', file], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
  });
});
