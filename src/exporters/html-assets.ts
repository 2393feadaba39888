// Stylesheets of the HTML export, read once per process: nbx's own CSS,
// highlight.js's theme, and KaTeX's CSS with its woff2 fonts as data URIs
// (only when the notebook has math), so the file opens offline.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

const cache = new Map<string, string>();
function once(key: string, load: () => string): string {
  let v = cache.get(key);
  if (v === undefined) cache.set(key, (v = load()));
  return v;
}

export const templatesDir = new URL('../../templates/', import.meta.url);

export function nbxCss(): string {
  return once('nbx', () => readFileSync(new URL('html/style.css', templatesDir), 'utf8'));
}

export function highlightCss(theme: 'light' | 'dark'): string {
  const file = theme === 'dark' ? 'github-dark.min.css' : 'github.min.css';
  return once(`hljs-${theme}`, () => readFileSync(path.join(packageDir('highlight.js'), 'styles', file), 'utf8'));
}

/** KaTeX CSS with only the woff2 fonts, inlined (browsers that run KaTeX all read woff2). */
export function katexCss(): string {
  return once('katex', () => {
    const dist = path.join(packageDir('katex'), 'dist');
    const css = readFileSync(path.join(dist, 'katex.min.css'), 'utf8');
    return css.replace(/src:\s*url\(fonts\/([\w-]+)\.woff2\)\s*format\("woff2"\)[^;}]*/g, (_m, name: string) => {
      const font = readFileSync(path.join(dist, 'fonts', `${name}.woff2`)).toString('base64');
      return `src:url(data:font/woff2;base64,${font}) format("woff2")`;
    });
  });
}

export function katexVersion(): string {
  return once('katex-version', () => String(require('katex/package.json').version));
}

export function highlightVersion(): string {
  return once('hljs-version', () => String(require('highlight.js/package.json').version));
}
