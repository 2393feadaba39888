// Exporter plugins: `--to ./my-exporter.js` or `--to foo` (the installed
// package nbx-exporter-foo). A --to value is first resolved to a spec that a
// worker thread can load again on its own (a built-in name or a file URL),
// then loaded and checked once, so a broken plugin is one line, not a crash.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ExitCode, NbxError } from '../errors.js';
import { dynamicImport } from '../dynamic-import.js';
import { HTML_PRIORITY } from '../render/mime.js';
import { exporters, getExporter } from './index.js';
import type { ExportResult, Exporter } from './types.js';

const PACKAGE_PREFIX = 'nbx-exporter-';

/** A --to value that names a file rather than a format or a package. */
export function isExporterPath(spec: string): boolean {
  return spec.startsWith('file:') || (/[\\/]/.test(spec) && !spec.startsWith('@')) || /\.[cm]?js$/i.test(spec);
}

/**
 * A --to value as a spec a worker can load again: a built-in format's name,
 * or the file URL of a plugin (a path, or the package nbx-exporter-<name>
 * installed where `cwd` resolves packages). Throws a usage NbxError.
 */
export function resolveExporterSpec(spec: string, cwd: string): string {
  if (isExporterPath(spec)) {
    const file = spec.startsWith('file:') ? fileURLToPath(spec) : path.resolve(cwd, spec);
    if (!isFile(file)) throw new NbxError(`exporter ${spec}: no such file`, ExitCode.usage);
    return pathToFileURL(file).href;
  }
  try {
    return getExporter(spec).name;
  } catch {
    // not built in: an installed plugin package, perhaps
  }
  // A scoped name (@org/nbx-exporter-x) is taken as written.
  const pkg = spec.startsWith('@') ? spec : PACKAGE_PREFIX + spec;
  const file = resolvePackage(pkg, cwd);
  if (!file) {
    throw new NbxError(`unknown format "${spec}": choose one of ${[...exporters.keys()].join(', ')}, or install ${pkg}`, ExitCode.usage);
  }
  return pathToFileURL(file).href;
}

/** The entry file of an installed package, for require or import; null when not installed. */
function resolvePackage(pkg: string, cwd: string): string | null {
  const require = createRequire(path.join(cwd, 'package.json'));
  try {
    return require.resolve(pkg);
  } catch {
    // ESM-only packages ("exports" with only an "import" condition) are not
    // require-resolvable: find the package folder and read its entry point.
  }
  for (const dir of require.resolve.paths(pkg) ?? []) {
    const manifest = path.join(dir, pkg, 'package.json');
    if (!existsSync(manifest)) continue;
    const entry = esmEntry(JSON.parse(readFileSync(manifest, 'utf8')) as PackageManifest);
    const file = path.join(dir, pkg, entry);
    return isFile(file) ? file : null;
  }
  return null;
}

interface PackageManifest {
  exports?: unknown;
  module?: string;
  main?: string;
}

function esmEntry(manifest: PackageManifest): string {
  const root = exportTarget(manifest.exports);
  return root ?? manifest.module ?? manifest.main ?? 'index.js';
}

/** The file "exports" maps "." to, preferring the import conditions. */
function exportTarget(exports: unknown): string | null {
  if (typeof exports === 'string') return exports;
  if (Array.isArray(exports)) return exports.map(exportTarget).find((t) => t) ?? null;
  if (!exports || typeof exports !== 'object') return null;
  const map = exports as Record<string, unknown>;
  if ('.' in map) return exportTarget(map['.']);
  for (const condition of ['import', 'node', 'default', 'require']) {
    const target = exportTarget(map[condition]);
    if (target) return target;
  }
  return null;
}

const isFile = (file: string) => {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
};

/** Loads a spec from resolveExporterSpec: a built-in exporter, or a plugin module checked for the Exporter shape. */
export async function loadExporter(spec: string): Promise<Exporter> {
  if (!spec.startsWith('file:')) return getExporter(spec);
  const file = fileURLToPath(spec);
  const fail = (why: string): never => {
    throw new NbxError(`exporter ${shownPath(file)}: ${why}`, ExitCode.usage);
  };
  let module: Record<string, unknown>;
  try {
    module = (await dynamicImport(spec)) as Record<string, unknown>;
  } catch (e) {
    return fail(importProblem(e, file));
  }
  const plugin = module.default ?? module.exporter;
  if (!plugin || typeof plugin !== 'object') return fail('exports no exporter (a default export or a named export "exporter" with name, extension and export())');
  return checkedExporter(plugin as Record<string, unknown>, fail);
}

/** The plugin as an Exporter, defaults filled in; its methods are called on the plugin itself. */
function checkedExporter(plugin: Record<string, unknown>, fail: (why: string) => never): Exporter {
  const { name, extension, description = '', mimePriority = HTML_PRIORITY, defaultToStdout, concurrency, open, close } = plugin;
  if (typeof name !== 'string' || !name) fail('"name" must be a non-empty string');
  if (typeof extension !== 'string' || !extension.startsWith('.')) fail('"extension" must be a string starting with "."');
  if (typeof plugin.export !== 'function') fail('"export" must be a function (notebook, context) => { content, files }');
  if (typeof description !== 'string') fail('"description" must be a string');
  if (!Array.isArray(mimePriority) || !mimePriority.every((m) => typeof m === 'string')) fail('"mimePriority" must be an array of MIME types');
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && (concurrency as number) > 0)) fail('"concurrency" must be a positive whole number');
  if (open !== undefined && typeof open !== 'function') fail('"open" must be a function');
  if (close !== undefined && typeof close !== 'function') fail('"close" must be a function');
  const target = plugin as unknown as Exporter;
  return {
    name: name as string,
    extension: extension as string,
    description: description as string,
    mimePriority: mimePriority as string[],
    defaultToStdout: defaultToStdout === true,
    concurrency: concurrency as number | undefined,
    export: async (nb, ctx) => checkedResult(await target.export(nb, ctx), fail),
    open: open ? (options) => target.open!(options) : undefined,
    close: close ? () => target.close!() : undefined,
  };
}

/** A result nbx can write; a plain string is taken as the content. */
function checkedResult(result: unknown, fail: (why: string) => never): ExportResult {
  if (typeof result === 'string' || result instanceof Uint8Array) return { content: result, files: [] };
  const r = result as Partial<ExportResult> | null;
  if (!r || typeof r !== 'object' || !(typeof r.content === 'string' || r.content instanceof Uint8Array)) {
    return fail('export() must return { content: string or Uint8Array, files: [] }');
  }
  const files = r.files ?? [];
  if (!Array.isArray(files) || !files.every((f) => f && typeof f.path === 'string' && (typeof f.data === 'string' || f.data instanceof Uint8Array))) {
    return fail('export() returned "files" that are not a list of { path, data }');
  }
  return { ...r, content: r.content, files };
}

/** One line about a module that would not load; syntax errors get their line (which import() does not give). */
function importProblem(e: unknown, file: string): string {
  const err = e as Error;
  const message = `${err?.name ?? 'Error'}: ${firstLine(err?.message ?? String(e))}`;
  if (!(e instanceof SyntaxError)) return message;
  const check = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
  const line = /:(\d+)\r?\n/.exec(check.stderr ?? '')?.[1];
  return line ? `line ${line}: ${message}` : message;
}

const firstLine = (text: string) => text.split('\n')[0]!.trim();

/** The file as the user would type it: relative to the current directory when inside it. */
function shownPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? `.${path.sep}${rel}` : file;
}
