// What TeX from an untrusted notebook (--sanitize) may contain: decided by an
// allowlist, never by a list of dangerous commands (there are too many
// spellings: \@input, \@@input, \csname…\endcsname, \begin{<name>} which is a
// \csname in disguise, ^^5c for a backslash…).
// The source is tokenized as TeX reads it (control words of letters, `@`
// counted as a letter as after \makeatletter, control symbols, ^^ notation),
// and every control sequence must be one of the commands below (math symbols
// and structures KaTeX supports, text formatting, tables), every environment one
// of the listed ones. No allowed command reads, writes, redefines catcodes or
// builds names at run time, so allowed TeX can only typeset.

/** KaTeX's math and text commands that are plain typesetting in LaTeX too (src/functions, symbols, macros of KaTeX 0.16+). */
const KATEX_COMMANDS = `
  AA AE Alpha And Bbb Bbbk Beta Big Bigg Biggl Biggm Biggr Bigl Bigm Bigr Box Bra Braket Bumpeq Cap Chi Colonapprox
  Coloneq Coloneqq Colonsim Complex Cup DOTSB DOTSI DOTSX Dagger Darr Delta Diamond Doteq Downarrow Epsilon Eqcolon
  Eqqcolon Eta Finv Game Gamma H Harr Huge Im Iota Join KaTeX Kappa Ket LARGE LaTeX Lambda Large Larr Leftarrow
  Leftrightarrow Lleftarrow Longleftarrow Longleftrightarrow Longrightarrow Lrarr Lsh Mu N Nu O OE Omega Omicron
  Overrightarrow P Phi Pi Pr Psi R Rarr Re Reals Rho Rightarrow Rrightarrow Rsh S Set Sigma Subset Supset Tau TeX
  Theta Uarr Uparrow Updownarrow Upsilon Vdash Vert Vvdash Xi Z Zeta aa above acute ae alef alefsym aleph allowbreak
  alpha amalg angl angle angln arccos arcctg arcsin arctan arctg arg argmax argmin ast asymp atop backepsilon
  backprime backslash bar barwedge bcancel because beta beth between bf big bigcap bigcirc bigcup bigg biggl
  biggm biggr bigl bigm bigodot bigoplus bigotimes bigr bigsqcup bigstar bigtriangledown bigtriangleup biguplus
  bigvee bigwedge binom blacklozenge blacksquare blacktriangle blacktriangledown blacktriangleleft
  blacktriangleright blue bm bmod bold boldsymbol bot bowtie boxdot boxed boxminus boxplus boxtimes bra brace brack
  braket breve bull bullet c cal cancel cap cdot cdotp cdots centerdot cfrac ch check checkmark chi choose circ
  circlearrowleft circlearrowright circledR circledS circledast circledcirc circleddash clap clubs clubsuit cnums
  coloncolonequals coloncolonminus colonequals colonminus color colorbox complement cong coprod copyright cos cosec
  cosh cot cotg coth csc ctg cth cup curlyeqprec curlyeqsucc curlyvee curlywedge curvearrowleft curvearrowright dArr
  dag dagger daleth darr dashv dbinom ddag ddagger ddddot dddot ddot ddots deg degree delta det dfrac diagdown
  diagup diamond diamonds diamondsuit digamma dim displaystyle div divideontimes dot doteqdot dotplus dots dotsb
  dotsc dotsi dotsm dotso dotsx doublebarwedge doublecap doublecup downharpoonleft downharpoonright ell emph empty
  emptyset enskip enspace epsilon eqcirc eqslantgtr eqslantless equiv eta eth exist exists exp fbox fcolorbox flat
  footnotesize forall frac frak frown gamma gcd ge genfrac geqslant gets gg ggg gggtr gimel grave gray green gt
  gtrdot gtreqless gtreqqless gtrless hArr harr hat hbar hdashline hearts heartsuit hline hom hphantom hslash
  hspace huge i iff iiint iint image imageof imath impliedby implies in inf infin infty injlim int intercal intop
  iota isin it j jmath kappa ker kern ket lArr lBrace lVert lambda land lang langle large larr lbrace lbrack lceil
  ldotp ldots le leadsto left leftarrowtail leftharpoondown leftharpoonup leftrightharpoons leftthreetimes
  leqslant lessdot lesseqgtr lesseqqgtr lessgtr lfloor lg lgroup lhd lim liminf limsup ll llap llbracket llcorner
  lll llless lmoustache ln lnot log longmapsto looparrowleft looparrowright lor lozenge lparen lq lrArr lrarr
  lrcorner lt ltimes lvert maltese mapsfrom mapsto mathbb mathbf mathbin mathcal mathchoice mathclap mathclose
  mathellipsis mathfrak mathinner mathit mathllap mathnormal mathop mathopen mathord mathpunct mathrel mathring
  mathrlap mathrm mathscr mathsf mathsfit mathsterling mathstrut mathtt max measuredangle medspace mho mid middle
  min minuso mkern mod models mp mskip mu multimap nLeftarrow nLeftrightarrow nRightarrow nVDash nVdash nabla
  natnums natural ncong ne neg negmedspace negthickspace negthinspace newline nexists ngeqslant ngtr ni nleqslant
  nless nmid nobreak nobreakspace nonumber normalsize not notag notin notni nparallel nprec nshortmid
  nshortparallel nsucc ntriangleleft ntriangleright nu nvDash nvdash o odot oe oiiint oiint oint omega omicron
  ominus operatorname operatornamewithlimits oplus orange origof oslash otimes over overbrace overbracket
  overgroup overleftharpoon overline overlinesegment overrightharpoon overset owns parallel partial perp phantom
  phase phi pi pink pitchfork plim plusmn pm pmb pmod pod pounds prec prime prod projlim propto psi purple qquad
  quad r rArr rBrace rVert raisebox rang rangle rarr ratio rbrace rbrack rceil real reals red rfloor rgroup rhd rho
  right rightarrowtail rightharpoondown rightharpoonup rightleftharpoons rightthreetimes rlap rm rmoustache rparen
  rq rrbracket rtimes rule rvert scriptscriptstyle scriptsize scriptstyle sdot sec sect set setminus sf sh sharp
  shortmid shortparallel sigma sin sinh small smallfrown smallint smallsetminus smallsmile smash smile sout space
  spades spadesuit sphericalangle sqcap sqcup sqrt sqsubset sqsupset square ss stackrel star sub sube subset
  substack succ sum sup supe supset surd tag tan tanh tau tbinom text textasciicircum textasciitilde textbackslash
  textbar textbardbl textbf textbraceleft textbraceright textcircled textcolor textcopyright textdagger
  textdaggerdbl textdegree textdollar textellipsis textemdash textendash textgreater textit textless textmd
  textnormal textquotedblleft textquotedblright textquoteleft textquoteright textregistered textrm textsf
  textsterling textstyle texttt textunderscore textup tfrac tg th therefore theta thetasym thickspace thinspace
  tilde times tiny tmspace to top triangle triangledown triangleleft triangleright tt u uArr uarr ulcorner underbar
  underbrace underbracket undergroup underline underlinesegment underset unlhd unrhd upharpoonleft upharpoonright
  uplus upsilon urcorner utilde v vDash varDelta varGamma varLambda varOmega varPhi varPi varPsi varSigma varTheta
  varUpsilon varXi varepsilon varinjlim varkappa varliminf varlimsup varnothing varphi varpi varprojlim varpropto
  varrho varsigma vartheta vartriangle vartriangleleft vartriangleright varvdots vcenter vdash vdots vec vee
  veebar vert vphantom wedge weierp widecheck widehat widetilde wp wr xLeftarrow xLeftrightarrow xRightarrow
  xcancel xi xleftequilibrium xleftharpoondown xleftharpoonup xleftrightharpoons xlongequal xmapsto
  xrightequilibrium xrightharpoondown xrightharpoonup xrightleftharpoons xtofrom yen zeta
`;

/** Families KaTeX has in many spellings: arrows, negated and colon relations. */
const FAMILY = /^n?[A-Za-z]*(?:arrow|arrows|eq|eqq|sim|approx|colon)s?$/;

/** Text-mode LaTeX that outputs use (pandas, sympy, IRkernel tables and lists) and MathJax extras nbx provides. */
const TEXT_COMMANDS = `
  item toprule midrule bottomrule cmidrule addlinespace cline multicolumn multirow centering caption label ref eqref
  endhead endfirsthead endfoot endlastfoot par hfill vspace hspace noindent mbox hbox textsc textsl underline
  ensuremath nbsp relax bfseries itshape ttfamily rmfamily sffamily normalfont mdseries upshape slshape
  label limits nolimits displaylimits
  bbox class cssId style unicode lt ce pu bcancel cancelto Bra Ket mathbbm coloneqq eqqcolon Space Tiny
`;

const ALLOWED = new Set([...KATEX_COMMANDS.trim().split(/\s+/), ...TEXT_COMMANDS.trim().split(/\s+/)]);

/** Control symbols (a backslash and one non-letter) that only typeset or space. */
const ALLOWED_SYMBOLS = new Set([...' !"#$%&\',.:;=>\\]_`{|}~()[]-/^<*+', '\n', '\t']);

/** Environments: KaTeX's math environments, and text lists and tables. */
const ALLOWED_ENVIRONMENTS = new Set([
  'Bmatrix', 'Bmatrix*', 'CD', 'Vmatrix', 'Vmatrix*', 'align', 'align*', 'alignat', 'alignat*', 'aligned', 'alignedat',
  'array', 'bmatrix', 'bmatrix*', 'cases', 'darray', 'dcases', 'drcases', 'equation', 'equation*', 'gather', 'gather*',
  'gathered', 'matrix', 'matrix*', 'pmatrix', 'pmatrix*', 'rcases', 'smallmatrix', 'split', 'subarray', 'vmatrix',
  'vmatrix*', 'multline', 'multline*', 'flalign', 'flalign*', 'eqnarray', 'eqnarray*', 'displaymath', 'math',
  'subequations',
  'tabular', 'tabular*', 'longtable', 'table', 'center', 'flushleft', 'flushright', 'itemize', 'enumerate',
  'description', 'itemize*', 'enumerate*', 'description*', 'quote',
]);

/** Commands that define a command: their first argument is a name, their body is checked like the rest. */
const DEFINERS = new Set(['newcommand', 'renewcommand', 'providecommand', 'DeclareMathOperator']);
/** Names a definition must never take: the document's own structure. */
const RESERVED_NAMES = /^(?:begin|end|document|par|item|label|ref|section|maketitle|nbx.*)$/;

const LETTER = /[A-Za-z@\p{L}]/u;

export interface AllowOptions {
  /** Names defined by earlier math of the same document (hoisted to the preamble): usable too. */
  defined?: { has(name: string): boolean };
}

/**
 * Why this TeX is not allowed from an untrusted notebook, or null when every
 * control sequence and environment in it is on the allowlist.
 */
export function disallowedTex(tex: string, opts: AllowOptions = {}): string | null {
  // ^^ notation spells any character, a backslash included: never from a notebook.
  if (tex.includes('^^')) return 'TeX ^^ notation is not allowed';
  const defined = new Set<string>();
  let expectName = false;
  for (let i = 0; i < tex.length; i++) {
    const c = tex[i]!;
    if (c !== '\\') {
      if (expectName && c !== '{' && c !== '*' && !/\s/.test(c)) expectName = false;
      continue;
    }
    const start = i + 1;
    let end = start;
    while (end < tex.length && LETTER.test(tex[end]!)) end++;
    if (end === start) {
      // A control symbol.
      const sym = tex[start] ?? '';
      i = start;
      if (!ALLOWED_SYMBOLS.has(sym)) return `\\${sym || '(end)'} is not allowed`;
      continue;
    }
    const name = tex.slice(start, end);
    i = end - 1;
    if (expectName) {
      // The name a definition defines.
      expectName = false;
      if (!/^[A-Za-z]+$/.test(name) || RESERVED_NAMES.test(name)) return `defining \\${name} is not allowed`;
      defined.add(name);
      continue;
    }
    if (DEFINERS.has(name)) {
      expectName = true;
      continue;
    }
    if (name === 'begin' || name === 'end') {
      const m = /^\s*\{([A-Za-z]+\*?)\}/.exec(tex.slice(end, end + 64));
      if (!m) return `\\${name} without a plain environment name is not allowed`;
      if (!ALLOWED_ENVIRONMENTS.has(m[1]!)) return `environment {${m[1]}} is not allowed`;
      i = end + m[0].length - 1;
      continue;
    }
    if (ALLOWED.has(name) || FAMILY.test(name) || defined.has(name) || opts.defined?.has(name)) continue;
    return `\\${name} is not allowed`;
  }
  if (expectName) return 'a definition without a name is not allowed';
  return null;
}
