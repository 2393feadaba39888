// Loads the bundled CLI (dist/bundle/nbx.cjs) with V8's code cache.
//
// Node 20 has no compile cache for ES modules, and parsing and compiling the
// bundle costs more than converting a small notebook. So the bundle is
// CommonJS, run through vm.Script with the cache that `npm run build` wrote
// after a warm-up conversion (scripts/bundle.mjs): the functions a conversion
// uses are then deserialized instead of compiled. A cache made by another
// Node/V8 version is rejected by V8 and the bundle compiles as usual.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';

export interface BundleExports {
  main(argv?: string[]): Promise<number>;
  /** Run by a worker thread of a batch (dist/bundle/worker.js). */
  serveJobs(): void;
  setWorkerScript(url: URL): void;
}

const bundleDir = fileURLToPath(new URL('../bundle/', import.meta.url));

/** Every bundle file loaded so far (nbx.cjs and its chunks), for writeCodeCache(). */
const scripts = new Map<string, { exports: unknown; script: vm.Script }>();

/**
 * Runs a CommonJS file of the bundle with its code cache (`<file>.cache`).
 * Its require() loads the other bundle files (`./katex.cjs`) the same way.
 */
function loadScript(file: string): unknown {
  const done = scripts.get(file);
  if (done) return done.exports;
  const source = readFileSync(file, 'utf8');
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(`${file}.cache`);
  } catch {
    // no cache: compile
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __nbxImportMetaUrl) {${source}\n})`, {
    filename: file,
    cachedData,
  });
  const module = { exports: {} };
  scripts.set(file, { exports: module.exports, script });
  const nodeRequire = createRequire(file);
  const require = (id: string) => (id.startsWith('./') && id.endsWith('.cjs') ? loadScript(path.join(bundleDir, id)) : nodeRequire(id));
  const init = script.runInThisContext() as (...args: unknown[]) => void;
  init(module.exports, require, module, file, path.dirname(file), pathToFileURL(file).href);
  scripts.get(file)!.exports = module.exports;
  return module.exports;
}

export function loadBundle(): BundleExports {
  // import() inside a script from a code cache fails on Node 20: lend ours (see dynamic-import.ts).
  (globalThis as Record<symbol, unknown>)[Symbol.for('nbx.dynamicImport')] ??= (specifier: string) => import(specifier);
  const first = !scripts.has(path.join(bundleDir, 'nbx.cjs'));
  const exports = loadScript(path.join(bundleDir, 'nbx.cjs')) as BundleExports;
  // Batch workers load the bundle the same way (written by scripts/bundle.mjs).
  if (first) exports.setWorkerScript(new URL('../bundle/worker.js', import.meta.url));
  return exports;
}

/** Writes the code cache of each bundle file loaded, with what has run so far (the build's warm-up calls this). */
export function writeCodeCache(): void {
  if (scripts.size === 0) throw new Error('the bundle is not loaded');
  for (const [file, { script }] of scripts) writeFileSync(`${file}.cache`, script.createCachedData());
}
