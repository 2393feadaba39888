// Bundles the CLI into one ES module (dist/bundle/nbx.mjs): loading ~300
// small files of dependencies costs more than converting a notebook, and one
// file starts about 40% faster. The library (dist/index.js) stays unbundled.
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/cli/main.js'],
  outfile: 'dist/bundle/nbx.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Loaded only by the browser-based exporters, and large.
  external: ['puppeteer-core'],
  // CommonJS dependencies call require(); give the bundle a real one.
  banner: { js: "import { createRequire as __nbxCreateRequire } from 'node:module'; const require = __nbxCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
