// reveal.js files a deck inlines (from the installed npm package, read once
// per process), so the deck opens offline: the core CSS and script, one
// theme, and the speaker-notes plugin.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { templatesDir } from '../html/assets.js';

const require = createRequire(import.meta.url);

const cache = new Map<string, string>();
function once(key: string, load: () => string): string {
  let v = cache.get(key);
  if (v === undefined) cache.set(key, (v = load()));
  return v;
}

const read = (specifier: string) => once(specifier, () => readFileSync(require.resolve(specifier), 'utf8'));

export function revealVersion(): string {
  // The package's exports do not list package.json: find it beside dist/.
  return once('reveal-version', () => {
    const pkg = path.join(path.dirname(require.resolve('reveal.js')), '..', 'package.json');
    return String((JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version);
  });
}

/** Themes shipped with reveal.js (white, black, simple, …). */
export function revealThemes(): string[] {
  const dir = path.dirname(require.resolve('reveal.js/theme/white.css'));
  return readdirSync(dir).filter((f) => f.endsWith('.css')).map((f) => f.slice(0, -4)).sort();
}

export const revealCss = () => read('reveal.js/reveal.css');

/**
 * A theme's CSS. Several themes import Google Fonts; offline those rules only
 * cost a failing request, so they are kept only when `webFonts` is set (--cdn)
 * and the theme's fallback fonts are used otherwise. white and black embed theirs.
 */
export function revealThemeCss(theme: string, webFonts: boolean): string {
  const css = read(`reveal.js/theme/${theme}.css`);
  return webFonts ? css : css.replace(/@import\s+(url\()?["']?https?:[^;]*;/g, '');
}

export const revealJs = () => inlineScript(read('reveal.js'));
export const revealNotesJs = () => inlineScript(read('reveal.js/plugin/notes'));

export function slidesCss(): string {
  return once('slides-css', () => readFileSync(new URL('slides/style.css', templatesDir), 'utf8'));
}

/** The script that zooms out (or scrolls) slides taller than the slide height. */
export function slidesFitJs(): string {
  return once('slides-fit', () => inlineScript(readFileSync(new URL('slides/fit.js', templatesDir), 'utf8')));
}

/**
 * Script text safe inside <script>…</script>: the HTML parser would end the
 * element at `</script` and treat `<!--`…`<script` specially. In these
 * libraries they only occur in strings, templates and regexps, where `\x3C`
 * means the same `<`.
 */
export function inlineScript(js: string): string {
  return js.replace(/<(\/script|!--|script)/gi, '\\x3C$1');
}
