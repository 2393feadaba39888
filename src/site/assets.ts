// The site's shared assets, written once under <out>/_static/ with a content
// hash in each name (so a host can cache them forever), instead of inlined in
// every page as `nbx convert --to html` does. Libraries that only some pages
// need (widgets, Plotly, Vega: see `StaticAsset`) plug in through `extra`.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { writeFileBelow } from '../batch/write.js';
import { highlightCss, nbxCss, templatesDir } from '../formats/html/assets.js';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

/** A file to publish under _static/: its name gets the content's hash before the extension. */
export interface StaticAsset {
  name: string;
  data: string | Uint8Array;
}

export const hashOf = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex').slice(0, 10);

/** Writes `asset` as _static/<stem>.<hash><ext> and returns that path (relative to the site root). */
export function publish(outDir: string, asset: StaticAsset): string {
  const ext = path.extname(asset.name);
  const rel = `_static/${asset.name.slice(0, -ext.length || undefined)}.${hashOf(asset.data)}${ext}`;
  writeFileBelow(outDir, path.join(outDir, rel), asset.data);
  return rel;
}

export interface SiteAssets {
  css: string;
  siteCss: string;
  hljsLight: string;
  hljsDark: string;
  katex: string;
  js: string;
  minisearch: string;
}

/**
 * The assets every page links. KaTeX keeps its own folder (hashed), since its
 * CSS names its fonts as `fonts/<name>.woff2`; only the woff2 files are
 * copied (every browser that runs KaTeX reads woff2, which the CSS lists first).
 */
export function writeSharedAssets(outDir: string): SiteAssets {
  const site = (name: string) => readFileSync(new URL(`site/${name}`, templatesDir));
  const katexDist = path.join(packageDir('katex'), 'dist');
  const katexCss = readFileSync(path.join(katexDist, 'katex.min.css'));
  const katexDir = `_static/katex.${hashOf(katexCss)}`;
  writeFileBelow(outDir, path.join(outDir, katexDir, 'katex.min.css'), katexCss);
  for (const font of readdirSync(path.join(katexDist, 'fonts')).filter((f) => f.endsWith('.woff2')).sort()) {
    writeFileBelow(outDir, path.join(outDir, katexDir, 'fonts', font), readFileSync(path.join(katexDist, 'fonts', font)));
  }
  return {
    css: publish(outDir, { name: 'nbx.css', data: nbxCss() }),
    siteCss: publish(outDir, { name: 'site.css', data: site('site.css') }),
    hljsLight: publish(outDir, { name: 'hljs-light.css', data: highlightCss('light') }),
    hljsDark: publish(outDir, { name: 'hljs-dark.css', data: highlightCss('dark') }),
    katex: `${katexDir}/katex.min.css`,
    js: publish(outDir, { name: 'site.js', data: site('site.js') }),
    minisearch: publish(outDir, { name: 'minisearch.js', data: readFileSync(miniSearchUmd()) }),
  };
}

/** MiniSearch's browser build (its package.json is not exported: found from its main entry). */
function miniSearchUmd(): string {
  const main = require.resolve('minisearch'); // …/minisearch/dist/cjs/index.cjs
  return path.join(main.slice(0, main.lastIndexOf(`${path.sep}dist${path.sep}`)), 'dist', 'umd', 'index.js');
}
