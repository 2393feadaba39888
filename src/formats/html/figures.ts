// Plotly, Vega and Vega-Lite outputs drawn in the page from their JSON (no
// RequireJS, no network): each library is read from node_modules when a page
// first needs it (never at start-up, never in the CLI bundle) and inlined once
// per page; with --cdn a <script src> links the same pinned version instead.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { jsonForScript } from '../../render/escape.js';

export const PLOTLY = 'application/vnd.plotly.v1+json';
export const VEGA = 'application/vnd.vega.v5+json';
export const VEGALITE_V4 = 'application/vnd.vegalite.v4+json';
export const VEGALITE_V5 = 'application/vnd.vegalite.v5+json';
export const FIGURE_MIMES = [PLOTLY, VEGA, VEGALITE_V5, VEGALITE_V4];

/** The partial of each figure family, and the scripts (package, file) it needs, in load order. */
const LIBRARIES: Record<'plotly' | 'vega', [string, string][]> = {
  plotly: [['plotly.js-dist-min', 'plotly.min.js']],
  vega: [['vega', 'build/vega.min.js'], ['vega-lite', 'build/vega-lite.min.js'], ['vega-embed', 'build/vega-embed.min.js']],
};
export type FigureKind = keyof typeof LIBRARIES;

export function figureKind(mime: string): FigureKind {
  return mime === PLOTLY ? 'plotly' : 'vega';
}

/** The output's body: an empty box and its figure as JSON, drawn by the page's FIGURE_BOOT script. */
export function figureHtml(mime: string, value: unknown, domId: string): string {
  const kind = figureKind(mime);
  return `<div class="nbx-figure nbx-${kind}" id="${domId}-figure"></div>`
    + `<script type="${mime}" data-nbx-figure="${domId}-figure">${jsonForScript(value)}</script>`;
}

const require = createRequire(import.meta.url);
/** A package's directory; found from its main file, since some packages' exports hide package.json. */
function packageDir(name: string): string {
  let dir = path.dirname(require.resolve(name));
  while (path.basename(dir) !== name && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

const cache = new Map<string, string>();
function once(key: string, load: () => string): string {
  let v = cache.get(key);
  if (v === undefined) cache.set(key, (v = load()));
  return v;
}

/** `<script>` elements loading the libraries of `kinds` (inlined, or linked with --cdn). */
export function figureScripts(kinds: Set<FigureKind>, cdn: boolean): string {
  const parts: string[] = [];
  for (const kind of (['plotly', 'vega'] as const).filter((k) => kinds.has(k))) {
    for (const [name, file] of LIBRARIES[kind]) {
      if (cdn) {
        const version = once(`${name}@`, () => String(JSON.parse(readFileSync(path.join(packageDir(name), 'package.json'), 'utf8')).version));
        parts.push(`<script data-nbx-lib="${name}" src="https://cdn.jsdelivr.net/npm/${name}@${version}/${file}"></script>`);
      } else {
        // A library's own "</script>" strings would end the element early.
        const js = once(name, () => readFileSync(path.join(packageDir(name), file), 'utf8').replace(/<\/script/gi, '<\\/script'));
        parts.push(`<script data-nbx-lib="${name}">${js}</script>`);
      }
    }
  }
  parts.push(`<script>${FIGURE_BOOT}</script>`);
  return parts.join('\n');
}

// Draws every figure; window.nbxFiguresReady settles when all are drawn (PDF
// printing waits for it). A figure that fails keeps its box empty and logs why.
const FIGURE_BOOT = `(function () {
  var drawn = [];
  document.querySelectorAll('script[data-nbx-figure]').forEach(function (s) {
    var box = document.getElementById(s.getAttribute('data-nbx-figure'));
    var spec = JSON.parse(s.textContent);
    var p;
    if (s.type === ${JSON.stringify(PLOTLY)}) {
      p = window.Plotly.newPlot(box, spec.data || [], spec.layout || {}, Object.assign({ responsive: true, displaylogo: false }, spec.config || {}));
    } else {
      p = window.vegaEmbed(box, spec, { renderer: 'svg', actions: false, mode: s.type.indexOf('vegalite') >= 0 ? 'vega-lite' : 'vega' });
    }
    drawn.push(Promise.resolve(p).catch(function (e) { console.warn('nbx: figure not drawn: ' + e); }));
  });
  window.nbxFiguresReady = Promise.all(drawn);
})();`;
