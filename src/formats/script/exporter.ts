// Script exporter: the code cells as one source file in the kernel's
// language, markdown as comments in that language's syntax, `In[n]:` prompts
// as comments (as nbconvert's Python exporter writes them). Python cells lose
// their IPython-only lines (commented out, see script-python.ts), so the file
// runs with plain `python`.
import type { Cell, Notebook } from '../../notebook/model.js';
import { pythonFromIPython } from './python.js';
import { renderTextPage } from '../text-page.js';
import type { Exporter } from '../types.js';

type Comment = string | readonly [open: string, close: string];

interface ScriptLanguage {
  extension: string;
  comment: Comment;
}

// Keyed by the model's language names (highlight.js names, see notebook/language.ts).
const LANGUAGES: Record<string, ScriptLanguage> = {
  python: { extension: '.py', comment: '#' },
  r: { extension: '.R', comment: '#' },
  julia: { extension: '.jl', comment: '#' },
  bash: { extension: '.sh', comment: '#' },
  powershell: { extension: '.ps1', comment: '#' },
  ruby: { extension: '.rb', comment: '#' },
  perl: { extension: '.pl', comment: '#' },
  tcl: { extension: '.tcl', comment: '#' },
  elixir: { extension: '.exs', comment: '#' },
  javascript: { extension: '.js', comment: '//' },
  typescript: { extension: '.ts', comment: '//' },
  c: { extension: '.c', comment: '//' },
  cpp: { extension: '.cpp', comment: '//' },
  csharp: { extension: '.cs', comment: '//' },
  fsharp: { extension: '.fsx', comment: '//' },
  objectivec: { extension: '.m', comment: '//' },
  rust: { extension: '.rs', comment: '//' },
  go: { extension: '.go', comment: '//' },
  java: { extension: '.java', comment: '//' },
  scala: { extension: '.scala', comment: '//' },
  kotlin: { extension: '.kts', comment: '//' },
  swift: { extension: '.swift', comment: '//' },
  dart: { extension: '.dart', comment: '//' },
  groovy: { extension: '.groovy', comment: '//' },
  php: { extension: '.php', comment: '//' },
  stata: { extension: '.do', comment: '//' },
  haskell: { extension: '.hs', comment: '--' },
  lua: { extension: '.lua', comment: '--' },
  sql: { extension: '.sql', comment: '--' },
  matlab: { extension: '.m', comment: '%' },
  erlang: { extension: '.erl', comment: '%' },
  prolog: { extension: '.pl', comment: '%' },
  latex: { extension: '.tex', comment: '%' },
  clojure: { extension: '.clj', comment: ';;' },
  scheme: { extension: '.scm', comment: ';;' },
  lisp: { extension: '.lisp', comment: ';;' },
  fortran: { extension: '.f90', comment: '!' },
  ocaml: { extension: '.ml', comment: ['(*', '*)'] },
  mathematica: { extension: '.wl', comment: ['(*', '*)'] },
  sas: { extension: '.sas', comment: ['/*', '*/'] },
  maxima: { extension: '.mac', comment: ['/*', '*/'] },
};

export const scriptExporter: Exporter = {
  name: 'script',
  extension: '.txt', // the kernel's, per notebook: see ExportResult.extension
  description: "the code as a source file of the kernel's language (.py, .R, .jl, …)",
  mimePriority: [],
  async export(nb, ctx) {
    const language = LANGUAGES[nb.info.language];
    const extension = kernelExtension(nb.info.fileExtension) ?? language?.extension ?? '.txt';
    const python = nb.info.language === 'python';
    const comment = commenter(language?.comment ?? '#');
    let blocks = nb.cells.flatMap((cell) => cellText(cell, nb, comment, python));
    if (python) blocks = hoistFutureImports(blocks);
    let content = renderTextPage('script', ctx.options.templateDir, {
      body: blocks.join('\n\n'),
      shebang: python ? '#!/usr/bin/env python\n# coding: utf-8' : null,
      language: nb.info.language,
      extension,
      stem: ctx.stem,
    });
    // A NUL byte makes a source file unreadable to Python ("source code cannot
    // contain null bytes") and most other languages: written as the text `\x00`.
    if (content.includes('\0')) {
      ctx.diag.warn(null, 'NUL characters written as the text \\x00 (no source file may contain them)');
      content = content.replace(/\0/g, '\\x00');
    }
    return { content, files: [], extension };
  },
};

const FUTURE_IMPORT = /^from __future__ import [^\n]+\n?/gm;

/** `from __future__` imports may open a cell, but must open a file: they move to the top. */
function hoistFutureImports(blocks: string[]): string[] {
  const imports = new Set<string>();
  const rest = blocks.map((b) => b.replace(FUTURE_IMPORT, (line) => (imports.add(line.trim()), '')));
  return imports.size ? [[...imports].join('\n'), ...rest] : rest;
}

/** language_info.file_extension, if it is one (it names the output file: no path characters). */
function kernelExtension(ext: string | null): string | null {
  return ext && /^\.[A-Za-z0-9_+-]{1,16}$/.test(ext) ? ext : null;
}

function commenter(syntax: Comment): (text: string) => string {
  if (typeof syntax === 'string') {
    return (text) => text.split('\n').map((line) => (line.trim() ? `${syntax} ${line}` : syntax)).join('\n');
  }
  const [open, close] = syntax;
  // The closing delimiter inside the text would end the comment early.
  return (text) => `${open}\n${text.split(close).join(close.split('').join(' '))}\n${close}`;
}

function cellText(cell: Cell, nb: Notebook, comment: (text: string) => string, python: boolean): string[] {
  if (cell.view.input === 'remove') return [];
  const source = cell.source.replace(/\r\n?/g, '\n').replace(/^\s*\n/, '').trimEnd();
  if (!source.trim()) return [];
  switch (cell.type) {
    case 'markdown':
      return [comment(source)];
    case 'raw': {
      // A raw cell in this script's own language is code; one without a type is
      // kept as a comment (as text it would break the script); others are for other formats.
      const mime = (cell.mimeType ?? '').toLowerCase();
      if (mime === `text/x-${nb.info.language}`) return [source];
      return mime === '' ? [comment(source)] : [];
    }
    default: {
      const code = python ? pythonFromIPython(source) : source;
      return [cell.view.prompt ? `${comment(`In[${cell.executionCount ?? ' '}]:`)}\n\n\n${code}` : code];
    }
  }
}
