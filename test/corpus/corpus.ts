// The real-world notebooks of `npm run test:corpus`: a folder with
// MANIFEST.tsv (file, validation, exercises, … per notebook), from NBX_CORPUS
// or ../shared/corpus beside the repository. Never copied into the repository.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../helpers.js';

export const corpusDir = path.resolve(process.env.NBX_CORPUS || path.join(repoRoot, '../shared/corpus'));
if (!existsSync(path.join(corpusDir, 'MANIFEST.tsv'))) {
  // The same line as require-corpus.mjs, for a corpus test run on its own.
  throw new Error(`nbx test:corpus: no corpus at ${corpusDir} (set NBX_CORPUS to a folder with MANIFEST.tsv)`);
}

export interface CorpusEntry {
  file: string;
  path: string;
  valid: boolean;
  exercises: string;
}

/** Rows of MANIFEST.tsv. */
export function corpus(): CorpusEntry[] {
  const [header, ...rows] = readFileSync(path.join(corpusDir, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const cols = header!.split('\t');
  return rows.map((row) => {
    const f = Object.fromEntries(row.split('\t').map((v, i) => [cols[i], v]));
    return { file: f.file!, path: path.join(corpusDir, f.file!), valid: !f.validation!.startsWith('invalid'), exercises: f.exercises! };
  });
}

/** The path of a corpus notebook. */
export const corpusFile = (name: string) => path.join(corpusDir, name);
