'use strict';
// Loads the bundled CLI (dist/bundle/nbx.cjs) with V8's code cache.
//
// Node 20 has no compile cache for modules, and parsing and compiling the
// bundle costs more than converting a small notebook. So the bundle is
// CommonJS, run through vm.Script with the cache that `npm run build` wrote
// after warm-up conversions (scripts/bundle.mjs): the functions a conversion
// uses are then deserialized instead of compiled. A cache made by another
// Node/V8 version is rejected by V8 and the bundle compiles as usual.
// Plain CommonJS, like bin/nbx.cjs: Node's ES module loader is never started.
const { readFileSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const vm = require('node:vm');

const bundleDir = path.join(__dirname, '..', 'dist', 'bundle');

/** Every bundle file loaded so far (nbx.cjs and its chunks), for writeCodeCache(). */
const scripts = new Map();

/**
 * Runs a CommonJS file of the bundle with its code cache (`<file>.cache`).
 * Its require() loads the other bundle files (`./katex.cjs`) the same way.
 */
function loadScript(file) {
  const done = scripts.get(file);
  if (done) return done.module.exports;
  const source = readFileSync(file, 'utf8');
  let cachedData;
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
  scripts.set(file, { module, script });
  const nodeRequire = createRequire(file);
  const bundleRequire = (id) => (id.startsWith('./') && id.endsWith('.cjs') ? loadScript(path.join(bundleDir, id)) : nodeRequire(id));
  script.runInThisContext()(module.exports, bundleRequire, module, file, path.dirname(file), pathToFileURL(file).href);
  return module.exports;
}

/** The CLI's exports: main(), and serveJobs() for the worker threads of a batch. */
function loadBundle() {
  // import() inside a script from a code cache fails on Node 20: lend ours (see src/dynamic-import.ts).
  globalThis[Symbol.for('nbx.dynamicImport')] ??= (specifier) => import(specifier);
  const first = !scripts.has(path.join(bundleDir, 'nbx.cjs'));
  const exports = loadScript(path.join(bundleDir, 'nbx.cjs'));
  // Batch workers load the bundle the same way (the script is written by scripts/bundle.mjs).
  if (first) exports.setWorkerScript(pathToFileURL(path.join(bundleDir, 'worker.cjs')));
  return exports;
}

/** Writes the code cache of each bundle file loaded, with what has run so far (the build's warm-up calls this). */
function writeCodeCache() {
  if (scripts.size === 0) throw new Error('the bundle is not loaded');
  for (const [file, { script }] of scripts) writeFileSync(`${file}.cache`, script.createCachedData());
}

module.exports = { loadBundle, writeCodeCache };
