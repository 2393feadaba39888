// Stylesheets of the HTML export, read once per process: nbx's own CSS,
// highlight.js's theme, and KaTeX's CSS with its woff2 fonts as data URIs
// (only when the notebook has math), so the file opens offline.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { packageRoot } from '../../package-root.js';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

const cache = new Map<string, string>();
function once(key: string, load: () => string): string {
  let v = cache.get(key);
  if (v === undefined) cache.set(key, (v = load()));
  return v;
}

export const templatesDir = new URL('templates/', packageRoot);

export function nbxCss(): string {
  return once('nbx', () => readFileSync(new URL('html/style.css', templatesDir), 'utf8'));
}

export function highlightCss(theme: 'light' | 'dark'): string {
  const file = theme === 'dark' ? 'github-dark.min.css' : 'github.min.css';
  return once(`hljs-${theme}`, () => readFileSync(path.join(packageDir('highlight.js'), 'styles', file), 'utf8'));
}

// Which KaTeX font families a page needs, from the class names KaTeX put in
// its HTML (katex.css maps these classes to the families). Including only
// those saves ~150 KB per page; KaTeX_Main is the base font, always needed.
const FAMILY_CLASSES: Record<string, RegExp> = {
  KaTeX_Math: /\b(mathnormal|boldsymbol)\b/,
  KaTeX_AMS: /\b(amsrm|mathbb|textbb)\b/,
  KaTeX_Caligraphic: /\bmathcal\b/,
  KaTeX_Fraktur: /\b(mathfrak|textfrak|mathboldfrak|textboldfrak)\b/,
  KaTeX_SansSerif: /\b(textsf|mathsf|mathboldsf|textboldsf|mathitsf|mathsfit|textitsf)\b/,
  KaTeX_Script: /\b(mathscr|textscr)\b/,
  KaTeX_Typewriter: /\b(texttt|mathtt)\b/,
  KaTeX_Size1: /\b(size1|small-op|delim-size1)\b/,
  KaTeX_Size2: /\b(size2|large-op)\b/,
  KaTeX_Size3: /\bsize3\b/,
  KaTeX_Size4: /\b(size4|delim-size4)\b/,
};

/**
 * KaTeX CSS for a page whose rendered math is `mathHtml`: the @font-face rules
 * of the families it uses, with their woff2 files as data URIs (every browser
 * that runs KaTeX reads woff2), and no rule for the others.
 */
export function katexCss(mathHtml: string): string {
  const css = once('katex', () => readFileSync(path.join(packageDir('katex'), 'dist', 'katex.min.css'), 'utf8'));
  const classes = new Set<string>();
  for (const m of mathHtml.matchAll(/class="([^"]*)"/g)) for (const c of m[1]!.split(' ')) classes.add(c);
  const used = (family: string) => family === 'KaTeX_Main' || [...classes].some((c) => FAMILY_CLASSES[family]?.test(c));
  return css.replace(/@font-face\{([^}]*)\}/g, (_rule, body: string) => {
    const family = /font-family:\s*(KaTeX_\w+)/.exec(body)?.[1];
    const file = /url\(fonts\/([\w-]+)\.woff2\)/.exec(body)?.[1];
    if (!family || !file || !used(family)) return '';
    const src = once(`font-${file}`, () => readFileSync(path.join(packageDir('katex'), 'dist', 'fonts', `${file}.woff2`)).toString('base64'));
    return `@font-face{${body.replace(/src:[^;}]*/, `src:url(data:font/woff2;base64,${src}) format("woff2")`)}}`;
  });
}

export function katexVersion(): string {
  return once('katex-version', () => String(require('katex/package.json').version));
}

export function highlightVersion(): string {
  return once('hljs-version', () => String(require('highlight.js/package.json').version));
}
