// Shared by the tests: building small models by hand. (Notebook files written
// in code: test/notebooks/; the corpus of npm run test:corpus: test/corpus/corpus.ts.)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Cell, CodeCell, MarkdownCell, Notebook, Output } from '../src/notebook/model.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const fixture = (name: string) => path.join(repoRoot, 'fixtures', name);

const view = () => ({ cell: 'show' as const, input: 'show' as const, outputs: 'show' as const, prompt: true });

export function codeCell(source: string, outputs: Output[] = [], extra: Partial<CodeCell> = {}): CodeCell {
  return { type: 'code', id: `c${Math.random()}`, index: 0, source, tags: [], metadata: {}, view: view(), executionCount: 1, outputs, language: 'python', ...extra };
}

export function markdownCell(source: string, extra: Partial<MarkdownCell> = {}): MarkdownCell {
  return { type: 'markdown', id: `m${Math.random()}`, index: 0, source, tags: [], metadata: {}, view: view(), attachments: {}, ...extra };
}

export function notebook(cells: Cell[]): Notebook {
  cells.forEach((c, i) => { c.index = i; c.id = `cell-${i}`; });
  return {
    nbformat: 4, nbformatMinor: 5, metadata: {}, cells,
    info: { title: null, authors: [], language: 'python', fileExtension: '.py', kernelName: 'python3', kernelDisplayName: 'Python 3' },
  };
}
