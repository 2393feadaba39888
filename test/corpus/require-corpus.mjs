// `npm run test:corpus` starts here: without the corpus it stops at once with
// one line saying where it looked (NBX_CORPUS, default ../shared/corpus).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = path.resolve(process.env.NBX_CORPUS || path.join(root, '../shared/corpus'));
if (!existsSync(path.join(dir, 'MANIFEST.tsv'))) {
  console.error(`nbx test:corpus: no corpus at ${dir} (set NBX_CORPUS to a folder with MANIFEST.tsv)`);
  process.exit(1);
}
