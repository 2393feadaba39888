'use strict';
// Loads the bundled CLI (dist/bundle/nbx.cjs) with V8's code cache.
//
// Node 20 has no compile cache for modules, and parsing and compiling the
// bundle costs more than converting a small notebook. So the bundle is
// CommonJS, run through vm.Script with a code cache: the functions a
// conversion uses are then deserialized instead of compiled.
//
// A cache is only valid for the Node/V8 (and V8 flags) that made it, so its
// file name carries that key (cacheKey()). Two places are looked at:
// - dist/bundle/<file>.<key>.cache: written by `npm run build` after warm-up
//   conversions (scripts/bundle.mjs), for the Node that built the checkout;
// - the user's cache directory ($XDG_CACHE_HOME/nbx or ~/.cache/nbx, by nbx
//   version): written by nbx itself after its first run with this Node, since
//   an installed package never runs our build. See saveCodeCache().
// Plain CommonJS, like bin/nbx.cjs: Node's ES module loader is never started.
const { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const vm = require('node:vm');

const bundleDir = path.join(__dirname, '..', 'dist', 'bundle');

/** Every bundle file loaded so far (nbx.cjs and its chunks), for the cache writers. */
const scripts = new Map();

/** What a code cache depends on besides the source: Node/V8, the CPU, the flags. */
function cacheKey(execArgv = process.execArgv) {
  const flags = [...execArgv, process.env.NODE_OPTIONS ?? ''].join(' ').trim();
  let hash = 0x811c9dc5; // FNV-1a: short, stable, no crypto module to load
  for (let i = 0; i < flags.length; i++) hash = Math.imul(hash ^ flags.charCodeAt(i), 0x01000193) >>> 0;
  return `node${process.versions.node}-${process.arch}${flags ? `-${hash.toString(16)}` : ''}`;
}

/** The user's cache directory for this nbx version; undefined if no home is known. */
function userCacheDir(env = process.env) {
  let root = env.XDG_CACHE_HOME;
  if (!root) {
    let home;
    try {
      home = os.homedir();
    } catch {
      return undefined;
    }
    if (!home) return undefined;
    if (process.platform === 'darwin') root = path.join(home, 'Library', 'Caches');
    else if (process.platform === 'win32') root = env.LOCALAPPDATA || path.join(home, 'AppData', 'Local');
    else root = path.join(home, '.cache');
  }
  return path.join(root, 'nbx', require('../package.json').version);
}

/**
 * Where the user cache of a bundle file lives: named by the file's size and
 * mtime as well, since V8 checks only the length of the source it is given.
 */
function userCachePath(file, key) {
  const dir = userCacheDir();
  if (!dir) return undefined;
  const { size, mtimeMs } = statSync(file);
  return path.join(dir, `${path.basename(file)}.${size}-${Math.floor(mtimeMs)}.${key}.cache`);
}

function readCache(file) {
  try {
    return readFileSync(file);
  } catch {
    return undefined; // no cache: compile
  }
}

/**
 * Runs a CommonJS file of the bundle with its code cache. Its require() loads
 * the other bundle files (`./katex.cjs`) the same way.
 */
function loadScript(file) {
  const done = scripts.get(file);
  if (done) return done.module.exports;
  const source = readFileSync(file, 'utf8');
  const key = cacheKey();
  let cachedData = readCache(`${file}.${key}.cache`);
  let userPath;
  if (!cachedData) {
    try {
      userPath = userCachePath(file, key);
    } catch {
      userPath = undefined;
    }
    if (userPath) cachedData = readCache(userPath);
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __nbxImportMetaUrl) {${source}\n})`, {
    filename: file,
    cachedData,
  });
  const module = { exports: {} };
  // A cache to write after this run: none was found, or V8 refused the one found.
  const stale = cachedData === undefined || script.cachedDataRejected === true;
  if (stale && !userPath) {
    try {
      userPath = userCachePath(file, key);
    } catch {
      userPath = undefined;
    }
  }
  scripts.set(file, { module, script, key, userPath: stale ? userPath : undefined });
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

/** Writes a file whole or not at all: readers never see half a cache. */
function writeAtomic(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // never written
    }
    throw err;
  }
}

/**
 * After a run: saves the code cache of each bundle file that had none (or a
 * rejected one) into the user cache directory, with what has run so far, and
 * removes that file's caches made for other builds. Never fails: a cache
 * directory that cannot be written only means the next start compiles again.
 */
function saveCodeCache() {
  for (const [file, entry] of scripts) {
    if (!entry.userPath) continue;
    try {
      const dir = path.dirname(entry.userPath);
      mkdirSync(dir, { recursive: true });
      writeAtomic(entry.userPath, entry.script.createCachedData());
      const prefix = `${path.basename(file)}.`;
      const suffix = `.${entry.key}.cache`;
      for (const name of readdirSync(dir)) {
        if (name.startsWith(prefix) && name.endsWith(suffix) && name !== path.basename(entry.userPath)) unlinkSync(path.join(dir, name));
      }
      entry.userPath = undefined;
    } catch {
      // read-only home, full disk, a race with another nbx: start slower next time
    }
  }
}

/**
 * Writes the code cache of each bundle file loaded into dist/bundle, for
 * `node bin/nbx.cjs` with this Node (the build's warm-up calls this).
 */
function writeCodeCache() {
  if (scripts.size === 0) throw new Error('the bundle is not loaded');
  const key = cacheKey([]);
  for (const [file, { script }] of scripts) writeAtomic(`${file}.${key}.cache`, script.createCachedData());
}

module.exports = { loadBundle, saveCodeCache, writeCodeCache, cacheKey, userCacheDir };
