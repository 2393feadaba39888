import assert from 'node:assert/strict';
import { AnsiUp } from 'ansi_up';
import { describe, it } from 'node:test';
import { ansiToHtml, stripAnsi } from '../src/render/ansi.js';
import { highlightCode } from '../src/render/highlight.js';
import { HTML_PRIORITY, chooseMime } from '../src/render/mime.js';

describe('ANSI', () => {
  it('maps the 16 colours to JupyterLab classes', () => {
    assert.equal(ansiToHtml('\x1b[31mred\x1b[0m'), '<span class="ansi-red-fg">red</span>');
    assert.match(ansiToHtml('\x1b[1;91mx\x1b[0m'), /class="ansi-bright-red-fg"/);
    assert.match(ansiToHtml('\x1b[42mbg\x1b[0m'), /class="ansi-green-bg"/);
  });
  it('renders 256-colour, 24-bit, bold and underline', () => {
    assert.match(ansiToHtml('\x1b[38;5;200mx'), /style="color:rgb\(255,0,215\)"/);
    assert.match(ansiToHtml('\x1b[38;2;1;2;3my'), /style="color:rgb\(1,2,3\)"/);
    const bu = ansiToHtml('\x1b[1;4mbu\x1b[0m');
    assert.match(bu, /font-weight:bold/);
    assert.match(bu, /text-decoration:underline/);
  });
  it('escapes HTML and leaves no escape bytes', () => {
    const html = ansiToHtml('\x1b[31m<script>\x1b[0m & \x1b]8;;http://x\x07link\x1b]8;;\x07');
    assert.ok(!html.includes('<script>'));
    assert.ok(html.includes('&lt;script&gt;'));
    assert.ok(!html.includes('\x1b'));
  });
  it('text without escapes comes out as ansi_up writes it (escaped, no span)', () => {
    const viaAnsiUp = (t: string) => Object.assign(new AnsiUp(), { use_classes: true, escape_html: true }).ansi_to_html(t);
    for (const text of ['', 'plain', `a < b && c > "d" 'e'\n\ttab\r\n`, 'ünïcode ✓ \u0007 \u0000']) assert.equal(ansiToHtml(text), viaAnsiUp(text));
    assert.equal(ansiToHtml(`it's <b>`), 'it&#x27;s &lt;b&gt;');
  });
  it('stripAnsi removes every sequence', () => {
    assert.equal(stripAnsi('\x1b[0;31mError\x1b[0m: \x1b[38;5;241;43m1\x1b[39;49m'), 'Error: 1');
  });
});

describe('highlighting', () => {
  it('highlights known languages and escapes unknown ones', () => {
    assert.match(highlightCode('def f(): pass', 'python'), /<span class="hljs-keyword">def<\/span>/);
    assert.equal(highlightCode('<b>&', 'no-such-language'), '&lt;b&gt;&amp;');
    assert.equal(highlightCode('<b>', ''), '&lt;b&gt;');
  });
});

describe('MIME priority', () => {
  it("follows nbconvert's HTML order", () => {
    const all = { 'text/plain': 'p', 'image/png': new Uint8Array(), 'text/latex': 'l', 'image/svg+xml': 's', 'text/markdown': 'm', 'text/html': 'h', 'application/javascript': 'j' };
    assert.equal(chooseMime(all, HTML_PRIORITY), 'application/javascript');
    const { 'application/javascript': _j, ...noJs } = all;
    assert.equal(chooseMime(noJs, HTML_PRIORITY), 'text/html');
    assert.equal(chooseMime({ 'text/plain': 'p', 'image/png': new Uint8Array(), 'text/latex': 'l' }, HTML_PRIORITY), 'text/latex');
    assert.equal(chooseMime({ 'text/plain': 'p', 'image/jpeg': new Uint8Array(), 'image/png': new Uint8Array() }, HTML_PRIORITY), 'image/png');
    assert.equal(chooseMime({ 'text/plain': 'p', 'application/json': {} }, HTML_PRIORITY), 'text/plain');
    assert.equal(chooseMime({ 'application/json': {} }, HTML_PRIORITY), 'application/json');
    assert.equal(chooseMime({ 'application/vnd.custom+json': {} }, HTML_PRIORITY), null);
  });
});
