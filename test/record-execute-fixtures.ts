// Re-records test/fixtures/execute/<name>.expected.ipynb: each notebook of
// test/execute-notebooks.ts executed by `jupyter nbconvert --execute --to notebook`
// (Debian's, /usr/bin/jupyter), the reference nbx's execution is compared with.
//   node --import tsx test/record-execute-fixtures.ts [name…]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NOT_RECORDED, NOTEBOOKS } from './execute-notebooks.js';

const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'execute');
const jupyter = process.env.JUPYTER ?? '/usr/bin/jupyter';
const work = mkdtempSync(path.join(os.tmpdir(), 'nbx-record-'));
try {
  const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(NOTEBOOKS).filter((n) => !NOT_RECORDED.has(n));
  for (const name of names) {
    const make = NOTEBOOKS[name];
    if (!make) throw new Error(`no notebook ${name}`);
    const input = path.join(work, `${name}.ipynb`);
    writeFileSync(input, JSON.stringify(make(), null, 1) + '\n');
    execFileSync(jupyter, ['nbconvert', '--execute', '--to', 'notebook', '--output-dir', work, '--output', `${name}.out`, input], { stdio: ['ignore', 'ignore', 'inherit'], cwd: work });
    const text = readFileSync(path.join(work, `${name}.out.ipynb`), 'utf8');
    writeFileSync(path.join(outDir, `${name}.expected.ipynb`), text);
    console.log(`recorded ${name}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
