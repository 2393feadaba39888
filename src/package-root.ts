// Where the package's own files are (package.json, templates/). The library runs
// from dist/<folder>/…/x.js and the CLI bundle from dist/bundle/nbx.cjs (whose
// import.meta.url is the bundle's), at different depths: walk up to package.json.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

function findRoot(): URL {
  let dir = new URL('./', import.meta.url);
  for (;;) {
    if (existsSync(fileURLToPath(new URL('package.json', dir)))) return dir;
    const parent = new URL('../', dir);
    if (parent.href === dir.href) throw new Error('nbx: package.json not found above ' + import.meta.url);
    dir = parent;
  }
}

/** The package's root directory, as a URL ending in "/". */
export const packageRoot: URL = findRoot();

let version: string | undefined;
/** nbx's version, from its package.json. */
export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('package.json', packageRoot), 'utf8')) as { version: string }).version;
  return version;
}
