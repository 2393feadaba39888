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

const bundleFile = fileURLToPath(new URL('../bundle/nbx.cjs', import.meta.url));
const cacheFile = `${bundleFile}.cache`;

let loaded: { exports: BundleExports; script: vm.Script } | undefined;

export function loadBundle(): BundleExports {
  if (loaded) return loaded.exports;
  const source = readFileSync(bundleFile, 'utf8');
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // no cache: compile
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __nbxImportMetaUrl) {${source}\n})`, {
    filename: bundleFile,
    cachedData,
  });
  // import() inside a script from a code cache fails on Node 20: lend ours (see dynamic-import.ts).
  (globalThis as Record<symbol, unknown>)[Symbol.for('nbx.dynamicImport')] = (specifier: string) => import(specifier);
  const module = { exports: {} as BundleExports };
  const init = script.runInThisContext() as (...args: unknown[]) => void;
  init(module.exports, createRequire(bundleFile), module, bundleFile, path.dirname(bundleFile), pathToFileURL(bundleFile).href);
  loaded = { exports: module.exports, script };
  // Batch workers load the bundle the same way (written by scripts/bundle.mjs).
  module.exports.setWorkerScript(new URL('../bundle/worker.js', import.meta.url));
  return module.exports;
}

/** Writes the code cache of what has run so far (the build's warm-up calls this). */
export function writeCodeCache(): void {
  if (!loaded) throw new Error('the bundle is not loaded');
  writeFileSync(cacheFile, loaded.script.createCachedData());
}
