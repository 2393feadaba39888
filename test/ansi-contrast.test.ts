// ANSI and code colours readable in both themes (issue 16), by the WCAG
// contrast computation: every ANSI text colour ≥ 4.5:1 on the page and on
// the error background (tracebacks), every background colour with the text
// colour it gets by default, and JupyterLab's code colours on the editor.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from './helpers.js';

const css = readFileSync(path.join(repoRoot, 'templates', 'html', 'style.css'), 'utf8');

/** Custom properties declared in the first rule with this selector. */
function variables(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  const body = css.slice(start, css.indexOf('\n}', start));
  return Object.fromEntries([...body.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));
}

function luminance(color: string): number {
  const hex = color.replace('#', '');
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  const channel = (i: number) => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

const COLOURS = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'].flatMap((c) => [c, `${c}-bright`]);
const light = variables(':root');
const themes = { light, dark: { ...light, ...variables('body.nbx-theme-dark') } };

describe('ANSI palette contrast', () => {
  for (const [name, vars] of Object.entries(themes)) {
    it(`${name}: every text colour ≥ 4.5:1 on the page and on the error background`, () => {
      for (const bg of ['--jp-layout-color0', '--jp-rendermime-error-background']) {
        for (const c of COLOURS) {
          const fg = vars[`--jp-ansi-${c}`]!;
          assert.ok(contrast(fg, vars[bg]!) >= 4.5, `${name} ${c} ${fg} on ${bg} ${vars[bg]}: ${contrast(fg, vars[bg]!).toFixed(2)}`);
        }
      }
    });
  }

  it('every background colour has a default text colour ≥ 4.5:1 on it', () => {
    for (const c of COLOURS) {
      const cls = c.endsWith('-bright') ? `bright-${c.replace('-bright', '')}` : c;
      const rule = new RegExp(`\\.ansi-${cls}-bg \\{ background-color: var\\((--[\\w-]+)\\); color: (#[0-9a-f]+); \\}`).exec(css);
      assert.ok(rule, `.ansi-${cls}-bg sets its text colour`);
      const bg = light[rule[1]!]!;
      assert.ok(contrast(rule[2]!, bg) >= 4.5, `${rule[2]} on ${c} ${bg}: ${contrast(rule[2]!, bg).toFixed(2)}`);
    }
  });
});

describe('code colours (JupyterLab\'s)', () => {
  it('keywords, strings, comments … ≥ 4.5:1 on the editor background in both themes', () => {
    for (const [name, vars] of Object.entries(themes)) {
      const names = Object.keys(vars).filter((v) => v.startsWith('--nbx-code-'));
      assert.ok(names.length >= 7);
      for (const v of names) {
        const ratio = contrast(vars[v]!, vars['--jp-cell-editor-background']!);
        assert.ok(ratio >= 4.5, `${name} ${v} ${vars[v]}: ${ratio.toFixed(2)}`);
      }
    }
    assert.equal(light['--nbx-code-keyword'], '#008000');
    assert.equal(light['--nbx-code-string'], '#ba2121');
    assert.match(css, /\.hljs-keyword[^{]*\{ color: var\(--nbx-code-keyword\); font-weight: bold; \}/);
    assert.match(css, /\.hljs-comment[^{]*\{ color: var\(--nbx-code-comment\); font-style: italic; \}/);
  });
});
