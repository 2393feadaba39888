// XSS fixture for markdown: what JupyterLab's sanitizer removes, we remove.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadSanitizer, sanitizeMarkdownHtml } from '../src/markdown/sanitize.js';

before(loadSanitizer);

const attacks: [string, RegExp][] = [
  ['<script>alert(1)</script>', /script|alert/i],
  ['<img src=x onerror="alert(1)">', /onerror/i],
  ['<a href="javascript:alert(1)">x</a>', /javascript:/i],
  ['<a href="JaVaScRiPt:alert(1)">x</a>', /javascript:/i],
  ['<a href="&#106;avascript:alert(1)">x</a>', /javascript|&#106;/i],
  ['<iframe src="https://example.com"></iframe>', /iframe/i],
  ['<object data="x.swf"></object><embed src="x.swf">', /object|embed/i],
  ['<svg><script>alert(1)</script></svg>', /script|alert/i],
  ['<div style="background:url(javascript:alert(1))">x</div>', /url\(|javascript/i],
  ['<div style="width: expression(alert(1))">x</div>', /expression/i],
  ['<style>body{display:none}</style>', /display:none|<style/i],
  ['<form action="javascript:alert(1)"><button formaction="javascript:alert(2)">x</button></form>', /javascript|formaction|action=/i],
  ['<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>', /onerror/i],
  ['<a href="//evil.example/x">x</a>', /evil/i],
  ['<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', /meta|refresh/i],
  ['<base href="javascript:alert(1)//">', /<base/i],
  ['<input autofocus onfocus=alert(1)>', /onfocus/i],
];

describe('markdown HTML sanitizer', () => {
  for (const [attack, forbidden] of attacks) {
    it(`neutralizes ${attack}`, () => {
      assert.doesNotMatch(sanitizeMarkdownHtml(attack), forbidden);
    });
  }

  it('keeps what JupyterLab keeps: tables, details, styles, ids, images, safe links', () => {
    const html = '<details open><summary>s</summary><table><tr><td colspan="2" style="color: red">x</td></tr></table></details>'
      + '<h2 id="t">t</h2><img src="https://example.com/a.png" width="10" alt="a"><a href="https://jupyter.org">j</a>'
      + '<p dir="rtl">שלום</p><span style="font-weight:bold">b</span>';
    const clean = sanitizeMarkdownHtml(html);
    for (const kept of ['<details open', '<summary>', 'colspan="2"', 'style="color:red"', 'id="t"', 'width="10"', 'href="https://jupyter.org"', 'dir="rtl"', 'font-weight:bold']) {
      assert.ok(clean.includes(kept), `${kept} missing in ${clean}`);
    }
    assert.match(clean, /rel="nofollow"/);
  });

  it('resolves image sources through the resolver before checking them', () => {
    const clean = sanitizeMarkdownHtml('<img src="attachment:a.png">', () => 'data:image/png;base64,AAAA');
    assert.match(clean, /src="data:image\/png;base64,AAAA"/);
  });
});
