// Bundles the CLI into one CommonJS file (dist/bundle/nbx.cjs): loading ~300
// small files of dependencies costs more than converting a notebook. Then runs
// a few conversions in one process and saves V8's code cache of the bundle
// (dist/bundle/nbx.cjs.cache), which src/cli/load-bundle.ts hands to V8 so
// the next start skips compiling. The library (dist/index.js) stays unbundled.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist/bundle', { recursive: true, force: true });
await build({
  entryPoints: ['dist/cli/main.js'],
  outfile: 'dist/bundle/nbx.cjs',
  bundle: true,
  // Smaller to read and hash at every start; names stay, for --debug traces.
  minifyWhitespace: true,
  minifySyntax: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Loaded only by the browser-based exporters, and large.
  external: ['puppeteer-core'],
  // load-bundle.ts passes the bundle's own URL.
  define: { 'import.meta.url': '__nbxImportMetaUrl' },
  logLevel: 'warning',
});

// The script of the CLI's worker threads: the bundle again, with its code cache.
writeFileSync('dist/bundle/worker.js', "import { loadBundle } from '../cli/load-bundle.js';\n\nloadBundle().serveJobs();\n");

// The warm-up: what most calls run (reading, markdown, math, highlighting,
// templates) in the formats people convert to most.
const warm = `
  import { loadBundle, writeCodeCache } from './dist/cli/load-bundle.js';
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
