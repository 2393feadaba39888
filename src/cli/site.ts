// `nbx site <dir> --output-dir <out>`: a static docs site from a folder of
// notebooks (see src/site/). Exit 1 when a notebook failed (it still gets a
// page saying so), 2 on usage errors.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { ExitCode, NbxError } from '../errors.js';
import { buildSite } from '../site/build.js';
import type { NavConfig } from '../site/nav.js';

export interface SiteCliOptions {
  outputDir: string;
  baseUrl?: string;
  title?: string;
  json?: boolean;
  quiet?: boolean;
  debug?: boolean;
  sanitize?: boolean;
}

export function siteCommand(action: (dir: string, opts: SiteCliOptions) => Promise<void>): Command {
  return new Command('site')
    .description('build a static site (sidebar, search, prev/next) from a folder of notebooks')
    .argument('<dir>', 'folder of notebooks (and .md pages)')
    .requiredOption('-o, --output-dir <dir>', 'where to write the site')
    .option('--base-url <url>', 'absolute URL the site is published at (writes sitemap.xml)')
    .option('--title <title>', 'site title (default: the folder name)')
    .option('--sanitize', 'sanitize HTML outputs (untrusted notebooks)')
    .option('--json', 'print a JSON report on stdout')
    .option('-q, --quiet', 'no warnings')
    .addOption(new Option('--debug', 'stack traces on errors').hideHelp())
    .action(action);
}

/** Site config: `nbx.config.json` in <dir>, key "site": { "nav": [...], "title": "..." }. */
function siteConfig(dir: string): { nav?: NavConfig; title?: string } {
  const file = path.join(dir, 'nbx.config.json');
  if (!existsSync(file)) return {};
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new NbxError(`${file}: not JSON: ${(e as Error).message}`, ExitCode.usage);
  }
  const site = (json as { site?: unknown }).site;
  if (site === undefined) return {};
  if (!site || typeof site !== 'object') throw new NbxError(`${file}: "site" must be an object`, ExitCode.usage);
  const { nav, title } = site as { nav?: unknown; title?: unknown };
  if (nav !== undefined && !(Array.isArray(nav) && nav.every((e) => typeof e === 'string' || (e && typeof e === 'object' && typeof e.path === 'string')))) {
    throw new NbxError(`${file}: site.nav must be a list of paths or { "path", "label" } objects`, ExitCode.usage);
  }
  if (title !== undefined && typeof title !== 'string') throw new NbxError(`${file}: site.title must be a string`, ExitCode.usage);
  return { nav: nav as NavConfig | undefined, title: title as string | undefined };
}

export async function runSite(dir: string, opts: SiteCliOptions): Promise<number> {
  if (opts.baseUrl && !/^https?:\/\//.test(opts.baseUrl)) throw new NbxError(`--base-url must be an absolute http(s) URL: ${opts.baseUrl}`, ExitCode.usage);
  const config = siteConfig(dir);
  const report = await buildSite(dir, {
    outputDir: opts.outputDir, baseUrl: opts.baseUrl, nav: config.nav, siteTitle: opts.title ?? config.title,
    sanitize: opts.sanitize, debug: opts.debug,
    onResult: (r) => {
      if (r.error) process.stderr.write(`nbx: ${r.error}\n`);
      if (!opts.quiet) for (const w of r.warnings) process.stderr.write(`nbx: warning: ${w}\n`);
    },
  });
  if (opts.json) process.stdout.write(JSON.stringify({ pages: report.pages, results: report.results }, null, 2) + '\n');
  else if (!opts.quiet) process.stderr.write(`nbx: site: ${report.pages} pages in ${opts.outputDir}\n`);
  return report.exitCode;
}

export interface ServeCliOptions { port?: string; host?: string; sanitize?: boolean }

export function serveCommand(action: (dir: string, opts: ServeCliOptions) => Promise<void>): Command {
  return new Command('serve')
    .description('serve a folder of notebooks locally: listings, rendered notebooks, live reload')
    .argument('[dir]', 'folder to serve', '.')
    .option('-p, --port <n>', 'port (default: a free one)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--sanitize', 'sanitize HTML outputs (untrusted notebooks)')
    .action(action);
}

/** Serves until Ctrl-C; prints the URL on stdout. */
export async function runServe(dir: string, opts: ServeCliOptions): Promise<number> {
  const port = opts.port === undefined ? 0 : Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new NbxError(`--port must be a port number: ${opts.port}`, ExitCode.usage);
  if (!existsSync(dir)) throw new NbxError(`${dir}: no such directory`, ExitCode.usage);
  const { serve } = await import('../serve/server.js');
  const server = await serve(dir, { port, host: opts.host, sanitize: opts.sanitize });
  process.stdout.write(`nbx: serving ${dir} at ${server.url} (Ctrl-C stops)\n`);
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  await server.close();
  return ExitCode.ok;
}
