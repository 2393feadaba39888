// Syntax highlighting at convert time with highlight.js: no JS in the page.
// Only the core is loaded; each language's grammar is required the first
// time a cell needs it (loading all ~190 grammars costs ~0.2 s per run).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import hljs from 'highlight.js/lib/core';
import type { LanguageFn } from 'highlight.js';
import { escapeHtml } from './escape.js';

const require = createRequire(import.meta.url);
const languagesDir = path.join(path.dirname(require.resolve('highlight.js/package.json')), 'lib', 'languages');

// Names notebooks use that are aliases inside a grammar file of another name.
const ALIASES: Record<string, string> = {
  py: 'python', ipython: 'python', python3: 'python', sh: 'bash', shell: 'bash', zsh: 'bash', js: 'javascript',
  ts: 'typescript', jl: 'julia', rs: 'rust', 'c++': 'cpp', cc: 'cpp', html: 'xml', svg: 'xml', xhtml: 'xml',
  tex: 'latex', md: 'markdown', rb: 'ruby', kt: 'kotlin', cs: 'csharp', 'c#': 'csharp', 'f#': 'fsharp',
  ps1: 'powershell', yml: 'yaml', golang: 'go', hs: 'haskell', pl: 'perl', m: 'matlab', octave: 'matlab',
};

const tried = new Set<string>();

/** highlight.js language name for a notebook language, or null when unknown. */
export function highlightLanguage(language: string): string | null {
  if (!language) return null;
  const name = ALIASES[language.toLowerCase()] ?? language.toLowerCase();
  if (hljs.getLanguage(name)) return name;
  if (tried.has(name) || !/^[a-z0-9_-]+$/.test(name)) return null;
  tried.add(name);
  const file = path.join(languagesDir, `${name}.js`);
  if (!existsSync(file)) return null;
  const mod = require(file) as LanguageFn | { default: LanguageFn };
  hljs.registerLanguage(name, typeof mod === 'function' ? mod : mod.default);
  return name;
}

/** Highlighted HTML (hljs-* spans) for code; unknown languages are escaped plain text. */
export function highlightCode(code: string, language: string): string {
  const lang = highlightLanguage(language);
  if (!lang) return escapeHtml(code);
  return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
}
