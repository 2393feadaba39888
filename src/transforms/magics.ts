// A cell magic on the first line (`%%bash`) switches that cell's language,
// as JupyterLab's highlighting does.
import type { Notebook } from '../notebook/model.js';

const MAGIC_LANGUAGES: Record<string, string> = {
  bash: 'bash', sh: 'bash', script: 'bash', html: 'xml', svg: 'xml', javascript: 'javascript', js: 'javascript',
  latex: 'latex', markdown: 'markdown', perl: 'perl', ruby: 'ruby', r: 'r', sql: 'sql', python: 'python',
  python2: 'python', python3: 'python', pypy: 'python', writefile: '', file: '', cython: 'python',
};

/** Language named by a leading cell magic, '' for "unknown/plain", or null when there is none. */
export function magicLanguage(source: string): string | null {
  const m = /^%%([A-Za-z0-9_]+)/.exec(source);
  if (!m) return null;
  const name = m[1]!.toLowerCase();
  if (name === 'writefile' || name === 'file') {
    const ext = /\.([A-Za-z0-9]+)\s*$/.exec(source.split('\n', 1)[0]!)?.[1]?.toLowerCase();
    return ext ?? '';
  }
  return Object.hasOwn(MAGIC_LANGUAGES, name) ? MAGIC_LANGUAGES[name]! : null; // own keys: not `constructor`
}

export function applyCellMagics(nb: Notebook): void {
  for (const cell of nb.cells) {
    if (cell.type !== 'code') continue;
    const lang = magicLanguage(cell.source);
    if (lang !== null) cell.language = lang;
  }
}
