// Kernel and language names as notebooks spell them ("ipython3", "R",
// "julia-1.1", "C++17", "Python [Root]") → highlight.js language names.

const ALIASES: Record<string, string> = {
  // Python and the kernels that run it.
  python: 'python',
  python2: 'python',
  python3: 'python',
  ipython: 'python',
  ipython2: 'python',
  ipython3: 'python',
  py: 'python',
  pypy: 'python',
  pypy3: 'python',
  pyspark: 'python',
  xpython: 'python',
  sage: 'python',
  sagemath: 'python',
  // R
  r: 'r',
  ir: 'r',
  // Shells
  bash: 'bash',
  sh: 'bash',
  zsh: 'bash',
  ksh: 'bash',
  shell: 'bash',
  powershell: 'powershell',
  pwsh: 'powershell',
  // JavaScript family
  javascript: 'javascript',
  js: 'javascript',
  node: 'javascript',
  nodejs: 'javascript',
  ijavascript: 'javascript',
  deno: 'typescript',
  typescript: 'typescript',
  ts: 'typescript',
  tslab: 'typescript',
  // C family
  c: 'c',
  'c++': 'cpp',
  cpp: 'cpp',
  xcpp: 'cpp',
  'c#': 'csharp',
  csharp: 'csharp',
  'f#': 'fsharp',
  fsharp: 'fsharp',
  'objective-c': 'objectivec',
  objectivec: 'objectivec',
  // Others with their own highlighter
  julia: 'julia',
  rust: 'rust',
  evcxr: 'rust',
  go: 'go',
  golang: 'go',
  gophernotes: 'go',
  java: 'java',
  ijava: 'java',
  scala: 'scala',
  almond: 'scala',
  kotlin: 'kotlin',
  haskell: 'haskell',
  ihaskell: 'haskell',
  ruby: 'ruby',
  iruby: 'ruby',
  perl: 'perl',
  php: 'php',
  lua: 'lua',
  sql: 'sql',
  matlab: 'matlab',
  octave: 'matlab',
  swift: 'swift',
  clojure: 'clojure',
  scheme: 'scheme',
  racket: 'scheme',
  lisp: 'lisp',
  'common-lisp': 'lisp',
  'common lisp': 'lisp',
  sbcl: 'lisp',
  ocaml: 'ocaml',
  erlang: 'erlang',
  elixir: 'elixir',
  fortran: 'fortran',
  dart: 'dart',
  groovy: 'groovy',
  sas: 'sas',
  stata: 'stata',
  mathematica: 'mathematica',
  wolfram: 'mathematica',
  'wolfram language': 'mathematica',
  maxima: 'maxima',
  prolog: 'prolog',
  tcl: 'tcl',
  tex: 'latex',
  latex: 'latex',
  markdown: 'markdown',
  html: 'xml',
  xml: 'xml',
  // Plain text: no highlighting.
  plaintext: '',
  text: '',
  'plain text': '',
  none: '',
};

/**
 * Map a kernel or language name to a highlight.js language name.
 * Unknown names come back lowercased; no name means plain text ("").
 */
export function normalizeLanguage(name: string | null | undefined): string {
  if (typeof name !== 'string') return '';
  const lower = name.trim().toLowerCase();
  if (!lower) return '';
  const exact = ALIASES[lower];
  if (exact !== undefined) return exact;
  // Kernel names carry versions and variants: "julia-1.1", "python3_mydev",
  // "c++17", "python [root]". Try the leading word without its digits.
  const word = /^[a-z][a-z+#]*/.exec(lower)?.[0];
  if (word) {
    const byWord = ALIASES[word];
    if (byWord !== undefined) return byWord;
  }
  return lower;
}
