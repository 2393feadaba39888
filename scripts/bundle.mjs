// Bundles the CLI into CommonJS files (dist/bundle/nbx.cjs): loading ~300
// small files of dependencies costs more than converting a notebook. What only
// some notebooks need is in chunks of its own (KaTeX, the sanitizer, pdf-lib), so a
// plain notebook reads and maps half as much. Then runs a few conversions in
// one process and saves V8's code cache of each file (*.cjs.cache), which
// bin/load-bundle.cjs hands to V8 so the next start skips compiling.
// The library (dist/index.js) stays unbundled.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';
import { thirdPartyLicenses } from './licenses.mjs';

// import() of a chunk (or puppeteer-core) becomes require(): import() does not
// work in a script run from a code cache on Node 20, and load-bundle.cjs's
// require loads the chunks with their caches.
const CHUNKS = { katex: './katex.cjs', 'katex/contrib/mhchem': './katex.cjs', 'pdf-lib': './pdf-lib.cjs', 'sanitize-html': './sanitize-html.cjs' };
const chunks = {
  name: 'nbx-chunks',
  setup(b) {
    b.onResolve({ filter: /^(katex|katex\/contrib\/mhchem|pdf-lib|sanitize-html)$/ }, (args) =>
      args.importer.includes('scripts/chunks/') ? undefined : { path: CHUNKS[args.path], external: true });
  },
};

// fdir (under tinyglobby) tries to require picomatch at start-up for a feature
// nbx does not use; bundled, that require would load picomatch's files again
// from node_modules at every start.
const noOptionalPicomatch = {
  name: 'nbx-fdir-without-picomatch',
  setup(b) {
    b.onLoad({ filter: /[\\/]fdir[\\/]dist[\\/]index\.(m?js|cjs)$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      return { contents: source.replace(/(?:__)?require\.resolve\("picomatch"\);\s*pm = (?:__)?require\("picomatch"\);/, ''), loader: 'js' };
    });
  },
};

const common = {
  bundle: true,
  // Smaller to read and hash at every start; names stay, for --debug traces.
  minifyWhitespace: true,
  minifySyntax: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Loaded only by the browser-based exporters, and large; zeromq (executing
  // notebooks) is a native addon that require() finds in node_modules.
  external: ['puppeteer-core', 'zeromq'],
  // load-bundle.cjs passes the bundle's own URL.
  define: { 'import.meta.url': '__nbxImportMetaUrl' },
  supported: { 'dynamic-import': false },
  logLevel: 'warning',
  // Which files of node_modules went into the bundle: their licences ship with it.
  metafile: true,
};

rmSync('dist/bundle', { recursive: true, force: true });
const builds = [
  await build({ ...common, entryPoints: ['dist/cli/main.js'], outfile: 'dist/bundle/nbx.cjs', plugins: [chunks, noOptionalPicomatch] }),
  await build({ ...common, entryPoints: ['scripts/chunks/katex.cjs'], outfile: 'dist/bundle/katex.cjs' }),
  await build({ ...common, entryPoints: ['scripts/chunks/pdf-lib.mjs'], outfile: 'dist/bundle/pdf-lib.cjs' }),
  await build({ ...common, entryPoints: ['scripts/chunks/sanitize-html.cjs'], outfile: 'dist/bundle/sanitize-html.cjs' }),
];
writeFileSync('dist/bundle/THIRD_PARTY_LICENSES.txt', thirdPartyLicenses(builds.flatMap((b) => Object.keys(b.metafile.inputs))));

// Node built-ins that only some runs use (spawning, worker threads, hashing, file
// watching) are required at the bundle's top level by the modules that import them;
// loading them costs ~20 ms at every start. Each such require becomes a proxy that
// requires the module at its first property read. Only plain property reads are
// safe (what esbuild emits for named imports of a built-in, and what commander and
// chokidar do); a namespace or default import (__toESM) would copy the properties
// eagerly, so the build stops if one appears.
const LAZY_BUILTINS = ['child_process', 'worker_threads', 'crypto', 'fs/promises', 'stream'];
{
  const file = 'dist/bundle/nbx.cjs';
  let source = readFileSync(file, 'utf8');
  const ids = LAZY_BUILTINS.flatMap((m) => [m, `node:${m}`]).map((id) => id.replace(/[/]/g, '\\/')).join('|');
  if (new RegExp(`__toESM\\(require\\("(?:${ids})"\\)`).test(source)) throw new Error('bundle: a lazy built-in is imported as a namespace or default');
  source = source.replace(new RegExp(`\\brequire\\("(${ids})"\\)`, 'g'), '__nbxLazy("$1")');
  const lazy = 'var __nbxLazy=(id)=>{let m;return new Proxy({},{get:(_,k)=>(m??=require(id))[k]})};';
  writeFileSync(file, source.replace(/^("use strict";)?/, (strict) => strict + lazy));
}

// The script of the CLI's worker threads: the bundle again, with its code cache.
writeFileSync('dist/bundle/worker.cjs', "require('../../bin/load-bundle.cjs').loadBundle().serveJobs();\n");

// The warm-up: what most calls run (reading, markdown, math, highlighting,
// templates) in the formats people convert to most.
const warm = `
  import { createRequire } from 'node:module';
  const { loadBundle, writeCodeCache } = createRequire(import.meta.url)('./bin/load-bundle.cjs');
  const { main } = loadBundle();
  for (const to of ['html', 'latex', 'rst', 'markdown', 'script']) {
    const code = await main(['node', 'nbx', 'convert', 'fixtures/tour.ipynb', '--to', to, '--stdout', '--quiet']);
    if (code !== 0) throw new Error('warm-up conversion to ' + to + ' failed');
  }
  writeCodeCache();
`;
const run = spawnSync(process.execPath, ['--input-type=module', '-e', warm], { stdio: ['ignore', 'ignore', 'inherit'] });
if (run.status !== 0) {
  console.error('bundle: the warm-up failed; nbx works without the code cache, only starts slower');
  process.exitCode = 1;
}
