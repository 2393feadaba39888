// buildSite(): a static documentation site from a folder of notebooks (and
// .md files): one page per file, shared hashed assets in _static/, sidebar,
// prev/next, per-page TOC, search index, sitemap. Every link is relative, so
// the site works from disk (file://) and under any sub-path of a host.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { glob } from 'tinyglobby';
import { writeFileBelow } from '../batch/write.js';
import { describeError } from '../batch/convert-file.js';
import { ExitCode, NbxError } from '../errors.js';
import type { ExportOptions } from '../formats/types.js';
import { loadTemplates } from '../formats/templates.js';
import { escapeHtml } from '../render/escape.js';
import type { TransformOptions } from '../transforms/index.js';
import { writeSharedAssets, publish, type StaticAsset } from './assets.js';
import { navHtml, orderPages, type NavConfig } from './nav.js';
import { markdownNotebook, renderPage, rewriteNotebookLinks, type PageContent } from './page.js';

export interface BuildSiteOptions extends ExportOptions, TransformOptions {
  outputDir: string;
  /** Absolute URL the site is published at: enables sitemap.xml. */
  baseUrl?: string;
  /** Sidebar order and labels (paths relative to the site's dir). */
  nav?: NavConfig;
  /** Site title (default: the folder's name). */
  siteTitle?: string;
  /** Extra files for _static/ (libraries pages load); their paths are linked from every page. */
  extraAssets?: StaticAsset[];
  debug?: boolean;
  onResult?: (r: SitePageResult) => void;
}

export interface SitePageResult {
  input: string;
  status: 'converted' | 'failed';
  outputs: string[];
  warnings: string[];
  error?: string;
}

export interface SiteReport {
  results: SitePageResult[];
  exitCode: number;
  pages: number;
}

interface SitePage {
  source: string;
  url: string;
  title: string;
  content?: PageContent;
  error?: string;
  warnings: string[];
}

const SEARCH_FIELDS = ['title', 'headings', 'text', 'code'];

export async function buildSite(dir: string, options: BuildSiteOptions): Promise<SiteReport> {
  const root = path.resolve(dir);
  if (!existsSync(root)) throw new NbxError(`${dir}: no such directory`, ExitCode.usage);
  const outDir = path.resolve(options.outputDir);
  const rel = path.relative(outDir, root);
  const ignore = ['**/.ipynb_checkpoints/**', '**/node_modules/**', '**/_build/**'];
  if (rel === '' || !rel.startsWith('..')) ignore.push(`${path.relative(root, outDir).replace(/\\/g, '/')}/**`);
  const sources = (await glob(['**/*.ipynb', '**/*.md'], { cwd: root, ignore, dot: false })).sort();
  if (sources.length === 0) throw new NbxError(`no notebooks found in ${dir}`, ExitCode.usage);

  // The index page: index.ipynb, else README.ipynb / README.md at the top, else a generated list.
  const indexSource = ['index.ipynb', 'index.md', 'README.ipynb', 'README.md'].find((s) => sources.includes(s));
  const urlOf = (source: string) => (source === indexSource ? 'index.html' : source.replace(/\.(ipynb|md)$/i, '.html'));
  let pages: SitePage[] = [];
  for (const source of sources) {
    const file = path.join(root, source);
    const page: SitePage = { source, url: urlOf(source), title: path.basename(source).replace(/\.(ipynb|md)$/i, ''), warnings: [] };
    try {
      const input = source.endsWith('.md') ? markdownNotebook(readFileSync(file, 'utf8')) : file;
      page.content = await renderPage(input, file, options);
      page.title = page.content.title;
      page.warnings.push(...page.content.warnings);
    } catch (e) {
      page.error = describeError(e, file, options.debug ?? false).message;
      page.title += ' (failed)';
    }
    pages.push(page);
  }
  pages = orderPages(pages, options.nav);
  if (!indexSource) pages.unshift({ source: '', url: 'index.html', title: options.siteTitle ?? path.basename(root), warnings: [] });

  // Links between notebooks, resolved once every page's ids are known.
  const bySource = new Map(pages.map((p) => [p.source, p]));
  for (const page of pages) {
    if (!page.content) continue;
    const here = path.posix.dirname(page.source);
    const pageFor = (href: string) => {
      const target = bySource.get(path.posix.normalize(path.posix.join(here, href)));
      return target ? target.source : null;
    };
    const links = rewriteNotebookLinks(page.content.cells, pageFor);
    for (const link of links) {
      const target = bySource.get(link.page);
      if (!target) page.warnings.push(`${page.source}: link to a missing notebook: ${link.href}`);
      else if (link.fragment && target.content && !target.content.ids.has(decodeURIComponent(link.fragment))) {
        page.warnings.push(`${page.source}: link to a missing heading: ${link.href}`);
      }
    }
    // An index page moved to the root keeps its links working only if it already was at the root.
  }

  const assets = writeSharedAssets(outDir);
  const extra = (options.extraAssets ?? []).map((a) => publish(outDir, a));
  const search = writeSearchIndex(outDir, pages);
  const render = loadTemplates('site', options.templateDir, 'html');
  const siteTitle = options.siteTitle ?? path.basename(root);
  const results: SitePageResult[] = [];
  pages.forEach((page, i) => {
    const depth = page.url.split('/').length - 1;
    const toRoot = '../'.repeat(depth);
    const link = (p: SitePage | undefined) => (p ? { href: toRoot + encodeURI(p.url), title: p.title } : null);
    const html = render({
      title: page.title,
      siteTitle,
      toRoot,
      assets: Object.fromEntries(Object.entries(assets).map(([k, v]) => [k, toRoot + v])),
      extraScripts: extra.filter((e) => e.endsWith('.js')).map((e) => toRoot + e),
      extraStyles: extra.filter((e) => e.endsWith('.css')).map((e) => toRoot + e),
      search: toRoot + search,
      math: page.content?.math ?? false,
      nav: navHtml(pages, page.url, toRoot),
      toc: page.content?.headings.filter((h) => h.level <= 3) ?? [],
      prev: link(pages[i - 1]),
      next: link(pages[i + 1]),
      cells: page.content?.cells ?? [],
      error: page.error ?? null,
      generatedIndex: page.source === '' ? pages.slice(1).map((p) => ({ href: toRoot + encodeURI(p.url), title: p.title, source: p.source })) : null,
      theme: 'light',
    });
    const out = path.join(outDir, page.url);
    writeFileBelow(outDir, out, html);
    if (page.source === '') return;
    const result: SitePageResult = { input: page.source, status: page.error ? 'failed' : 'converted', outputs: [out], warnings: page.warnings };
    if (page.error) result.error = page.error;
    results.push(result);
    options.onResult?.(result);
  });
  if (options.baseUrl) writeFileBelow(outDir, path.join(outDir, 'sitemap.xml'), sitemap(options.baseUrl, pages));
  const failed = results.some((r) => r.status === 'failed');
  return { results, exitCode: failed ? ExitCode.failed : ExitCode.ok, pages: pages.length };
}

/**
 * The search index (MiniSearch, built here), written as a script that sets a
 * global: pages load it with <script>, which works from file:// where fetch does not.
 */
function writeSearchIndex(outDir: string, pages: SitePage[]): string {
  const index = new MiniSearch({ fields: SEARCH_FIELDS, storeFields: ['title', 'url'] });
  index.addAll(pages.filter((p) => p.content).map((p, id) => ({
    id, url: p.url, title: p.title,
    headings: p.content!.headings.map((h) => h.html.replace(/<[^>]*>/g, '')).join('\n'),
    text: p.content!.text, code: p.content!.code,
  })));
  const js = `window.NBX_SEARCH=${JSON.stringify({ fields: SEARCH_FIELDS, index: JSON.stringify(index) })};\n`;
  return publish(outDir, { name: 'search-index.js', data: js });
}

function sitemap(baseUrl: string, pages: SitePage[]): string {
  const base = baseUrl.endsWith('/') ? baseUrl : baseUrl + '/';
  const urls = pages.map((p) => `  <url><loc>${escapeHtml(base + encodeURI(p.url))}</loc></url>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`;
}
