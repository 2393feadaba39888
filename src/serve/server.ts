// `nbx serve`: a local nbviewer. Directories are listed, notebooks rendered on
// request as HTML pages (cached until the file's mtime changes), other files
// served as they are. Pages reload when their notebook changes on disk
// (server-sent events). Only files below the root are served: a path that
// decodes to `..`, or resolves (symlinks included) outside the root, is refused.
import { readdirSync, realpathSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { watch } from 'chokidar';
import { convert } from '../convert.js';
import { escapeHtml } from '../render/escape.js';

export interface ServeOptions {
  host?: string;
  /** 0 (default): a free port. */
  port?: number;
  sanitize?: boolean;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif',
  '.svg': 'image/svg+xml', '.txt': 'text/plain; charset=utf-8', '.md': 'text/plain; charset=utf-8', '.pdf': 'application/pdf',
};

const EVENTS = '/_nbx/events';

/** Reloads the page when the server says its notebook changed. */
const reloadScript = (rel: string) =>
  `<script>new EventSource(${JSON.stringify(EVENTS)}).onmessage=function(e){if(e.data===${JSON.stringify(rel).replace(/</g, '\\u003c')})location.reload()}</script>`;

export async function serve(dir: string, options: ServeOptions = {}): Promise<RunningServer> {
  const root = realpathSync(path.resolve(dir));
  const cache = new Map<string, { mtimeMs: number; html: string }>();
  const clients = new Set<http.ServerResponse>();
  const watcher = watch(root, { ignoreInitial: true, ignored: (p) => /(^|[/\\])(\.|node_modules)/.test(path.relative(root, p)) });
  watcher.on('change', (file) => {
    const rel = path.relative(root, file).split(path.sep).join('/');
    cache.delete(rel);
    for (const res of clients) res.write(`data: ${rel}\n\n`);
  });

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => send(res, 500, page('Error', `<p>${escapeHtml(String((e as Error)?.message ?? e))}</p>`)));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = (req.url ?? '/').split('?')[0]!;
    if (raw === EVENTS) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      res.write(': connected\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    const rel = safePath(raw);
    if (rel === null) return send(res, 403, page('Forbidden', '<p>Only files below the served folder are served.</p>'));
    const file = path.join(root, rel);
    let real: string;
    try {
      real = realpathSync(file);
    } catch {
      return notFound(res, rel);
    }
    if (real !== root && !real.startsWith(root + path.sep)) return send(res, 403, page('Forbidden', '<p>Only files below the served folder are served.</p>'));
    const stat = statSync(real);
    if (stat.isDirectory()) {
      if (raw !== '/' && !raw.endsWith('/')) { res.writeHead(301, { location: raw + '/' }); res.end(); return; }
      return send(res, 200, listing(real, rel));
    }
    if (rel.endsWith('.ipynb') && !new URLSearchParams((req.url ?? '').split('?')[1] ?? '').has('raw')) {
      const hit = cache.get(rel);
      if (hit && hit.mtimeMs === stat.mtimeMs) return send(res, 200, hit.html);
      let html: string;
      try {
        const result = await convert(real, { to: 'html', file: real, sanitize: options.sanitize });
        html = String(result.content);
      } catch (e) {
        html = page('Cannot render', `<p>${escapeHtml(rel)} could not be rendered:</p><pre>${escapeHtml((e as Error).message)}</pre>`);
      }
      html = html.replace(/<\/body>/i, `${reloadScript(rel)}</body>`);
      cache.set(rel, { mtimeMs: stat.mtimeMs, html });
      return send(res, 200, html);
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(real).toLowerCase()] ?? 'application/octet-stream' });
    res.end(readFileSync(real));
  }

  function listing(real: string, rel: string): string {
    const entries = readdirSync(real, { withFileTypes: true }).filter((e) => !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : 1));
    const items = entries.map((e) => {
      const name = e.name + (e.isDirectory() ? '/' : '');
      return `<li><a href="${encodeURIComponent(e.name)}${e.isDirectory() ? '/' : ''}">${escapeHtml(name)}</a></li>`;
    });
    return page(`/${rel}`, `${rel ? '<p><a href="../">../</a></p>' : ''}<ul>${items.join('')}</ul>`);
  }

  function notFound(res: http.ServerResponse, rel: string): void {
    send(res, 404, page('Not found', `<p>There is no <code>${escapeHtml(rel)}</code> in the served folder.</p><p><a href="/">Back to the listing</a></p>`));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as { port: number; address: string };
  return {
    url: `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}/`,
    async close() {
      for (const res of clients) res.end();
      server.closeAllConnections();
      await Promise.all([new Promise((r) => server.close(r)), watcher.close()]);
    },
  };
}

/** The request path as a relative path below the root, or null when it would leave it (raw or %-encoded `..`, NUL, backslash). */
export function safePath(raw: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const parts = decoded.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) return null;
  return parts.join('/');
}

function send(res: http.ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(html);
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} - nbx serve</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>\n`;
}
