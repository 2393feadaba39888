// Language names → Pygments lexer names, for `.. code:: <lexer>`. docutils
// and Sphinx warn about a lexer Pygments does not know, so anything not
// known here is `text`. nbconvert writes `ipython3`, which only IPython's
// Pygments plugin defines.
import { normalizeLanguage } from '../../notebook/language.js';

// Aliases present in Pygments for many years (checked against 2.14).
const PYGMENTS = new Set(
  ('python py python3 pycon pytb cython pyx r s splus julia jl bash sh shell zsh ksh console shell-session ' +
    'powershell ps1 pwsh javascript js typescript ts json jsonld yaml toml ini cfg xml html css scss sass less ' +
    'c cpp c++ cuda csharp c# fsharp f# objective-c objectivec objc go golang rust rs java scala kotlin haskell hs ' +
    'ruby rb perl pl php lua sql mysql postgresql psql plpgsql sqlite3 matlab octave swift clojure clj scheme scm ' +
    'common-lisp lisp racket ocaml erlang elixir ex fortran f90 dart groovy sas stata mathematica mma prolog tcl ' +
    'latex tex markdown md diff docker dockerfile make makefile cmake nginx text rst restructuredtext rest ' +
    'protobuf proto vim d vbnet verilog vhdl nasm llvm jinja django twig http glsl hlsl hy coffeescript ' +
    'coffee elm awk bat batch doscon postscript gnuplot idl nix pascal delphi ada erb haml handlebars ' +
    'bibtex bib qml rconsole rd sparql turtle').split(' '),
);

/** The Pygments lexer for a kernel language or a fence's info string; `text` when unknown. */
export function pygmentsLexer(language: string): string {
  const name = language.trim().toLowerCase();
  if (PYGMENTS.has(name)) return name;
  // Kernel names with versions and variants (julia-1.6, python3_mydev): the model's normalisation.
  const normalized = normalizeLanguage(name);
  return PYGMENTS.has(normalized) ? normalized : 'text';
}
