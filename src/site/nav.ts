// The sidebar: a tree of the site's pages by folder, sorted by path unless the
// config's `nav` gives an order (and labels). Also the reading order that
// previous/next follow (the sidebar's, top to bottom).
import { escapeHtml } from '../render/escape.js';

export interface NavPage {
  /** Output path relative to the site root, with '/' (e.g. `intro/setup.html`). */
  url: string;
  title: string;
}

/** `nav` config: page source paths (relative to the site's dir) in order, optionally with a label. */
export type NavConfig = (string | { path: string; label?: string })[];

/** Pages in reading order: those `nav` lists first (in its order), the rest by path. */
export function orderPages<T extends NavPage & { source: string }>(pages: T[], nav: NavConfig = []): T[] {
  const rank = new Map<string, number>();
  nav.forEach((entry, i) => rank.set(typeof entry === 'string' ? entry : entry.path, i));
  const label = new Map(nav.flatMap((e) => (typeof e === 'object' && e.label ? [[e.path, e.label] as const] : [])));
  for (const p of pages) p.title = label.get(p.source) ?? p.title;
  const key = (p: T) => rank.get(p.source) ?? Infinity;
  return [...pages].sort((a, b) => key(a) - key(b) || (a.url === 'index.html' ? -1 : b.url === 'index.html' ? 1 : a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}

/** The sidebar's HTML for the page at `current`: nested lists by folder, links relative to it. */
export function navHtml(pages: readonly NavPage[], current: string, toRoot: string): string {
  let html = '<ul>';
  let open: string[] = [];
  for (const page of pages) {
    const dirs = page.url.split('/').slice(0, -1);
    let common = 0;
    while (common < open.length && common < dirs.length && open[common] === dirs[common]) common++;
    for (let i = open.length; i > common; i--) html += '</ul></li>';
    for (let i = common; i < dirs.length; i++) html += `<li class="nbx-nav-dir"><span>${escapeHtml(dirs[i]!)}</span><ul>`;
    open = dirs;
    const here = page.url === current ? ' aria-current="page"' : '';
    html += `<li><a href="${toRoot}${encodeURI(page.url)}"${here}>${escapeHtml(page.title)}</a></li>`;
  }
  for (let i = open.length; i > 0; i--) html += '</ul></li>';
  return html + '</ul>';
}
