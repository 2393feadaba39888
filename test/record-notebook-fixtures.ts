// Records what Debian's `jupyter nbconvert` writes for the notebooks of
// test/notebook-format-notebooks.ts, once: `node --import tsx test/record-notebook-fixtures.ts`.
// Writes test/fixtures/notebook/<name>.ipynb (the input), <name>.nbconvert.ipynb
// (--to notebook) and <name>.cleared.ipynb (--clear-output).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NOTEBOOKS, V3 } from './notebook-format-notebooks.js';

const dir = path.join(import.meta.dirname, 'fixtures', 'notebook');
const nbconvert = (...args: string[]) => execFileSync('/usr/bin/jupyter-nbconvert', args, { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
mkdirSync(dir, { recursive: true });
for (const [name, nb] of Object.entries({ ...NOTEBOOKS, v3: V3 })) {
  writeFileSync(path.join(dir, `${name}.ipynb`), JSON.stringify(nb));
  nbconvert('--to', 'notebook', `${name}.ipynb`);
  copyFileSync(path.join(dir, `${name}.ipynb`), path.join(dir, `${name}.tmp.ipynb`));
  nbconvert('--clear-output', `${name}.tmp.ipynb`);
  renameSync(path.join(dir, `${name}.tmp.ipynb`), path.join(dir, `${name}.cleared.ipynb`));
}
