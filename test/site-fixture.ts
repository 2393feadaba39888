// A generated docs folder for the site tests: 20 notebooks in nested folders,
// cross-notebook links (one to a heading in another folder), a hide-input
// cell, a word that appears only in one notebook's code, and an index.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { code, md, notebook, stream, tagged } from './html-page-helper.js';

/** The word that appears only in the code of `part2/deep/nb03.ipynb`. */
export const CODE_ONLY_WORD = 'zanzibarquux';
export const CODE_ONLY_PAGE = 'part2/deep/nb03.html';

export function writeSiteFolder(dir: string, options: { broken?: boolean } = {}): string[] {
  const files: string[] = [];
  const put = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
    files.push(rel);
  };
  put('index.md', '# Demo docs\n\nStart with [the first notebook](part1/nb00.ipynb).\n');
  const folders = ['part1', 'part1/sub', 'part2', 'part2/deep'];
  for (let i = 0; i < 20; i++) {
    const folder = folders[i % folders.length]!;
    const name = `${folder}/nb${String(i).padStart(2, '0')}.ipynb`;
    const cells = [
      md(`# Notebook ${i}\n\nIntro text for notebook ${i}.`),
      md(`## Setup ${i}\n\nSome setup.`),
      code(i === 3 ? `${CODE_ONLY_WORD} = ${i}\nprint(${CODE_ONLY_WORD})` : `x = ${i}\nprint(x)`, [stream(`${i}\n`)]),
      md(`## Results ${i}\n\nSee [setup of notebook 7](${path.posix.relative(folder, 'part2/deep/nb07.ipynb')}#Setup-7).`),
      code('hidden = True', [], tagged('hide-input')),
    ];
    put(name, notebook(cells));
  }
  if (options.broken) put('part2/broken.ipynb', '{"cells": [');
  return files;
}
