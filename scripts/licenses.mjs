// THIRD_PARTY_LICENSES.txt: the licence of every package bundled into
// dist/bundle. esbuild copies their code into our files, so their notices must
// travel with them (the packages nbx loads from node_modules bring their own).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The package directory of a bundled file: the part of its path up to the last node_modules/<name>. */
function packageDir(input) {
  const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input.replaceAll('\\', '/'));
  return m?.[1];
}

function licenseText(dir) {
  const file = readdirSync(dir).sort().find((name) => /^(licen[cs]e|copying|notice)(\.|$|-)/i.test(name));
  return file ? readFileSync(path.join(dir, file), 'utf8').trim() : undefined;
}

/** The file's text, from esbuild's metafile input paths (relative to the working directory). */
export function thirdPartyLicenses(inputs) {
  const dirs = [...new Set(inputs.map(packageDir).filter(Boolean))];
  const packages = dirs
    .filter((dir) => existsSync(path.join(dir, 'package.json')))
    .map((dir) => {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      const license = typeof pkg.license === 'string' ? pkg.license : pkg.license?.type ?? 'see the package';
      const text = licenseText(dir);
      if (!text) throw new Error(`licenses: ${pkg.name}@${pkg.version} (${license}) has no licence file to ship: add its notice by hand`);
      return { name: pkg.name, version: pkg.version, license, text };
    })
    // One entry per name and version, even when npm installed it in two places.
    .filter((p, i, all) => all.findIndex((q) => q.name === p.name && q.version === p.version) === i)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : 1));
  const header = [
    'Third-party software bundled into dist/bundle/ of nbx-cli.',
    `${packages.length} packages: ${packages.map((p) => `${p.name}@${p.version}`).join(', ')}.`,
  ].join('\n');
  return [header, ...packages.map((p) => `${'='.repeat(78)}\n${p.name}@${p.version} (${p.license})\n${'-'.repeat(78)}\n${p.text}`)].join('\n\n') + '\n';
}
