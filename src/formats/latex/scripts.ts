// Which characters the main LaTeX fonts (Latin Modern, DejaVu Sans Mono) lack,
// and which installed fonts show them. XeTeX has no per-glyph font fallback,
// so nbx wraps runs of such characters in a font command (`\nbxfontCJK{…}`);
// the preamble picks the first font of each list that exists on the machine.
// Only fonts of Debian's fonts-noto-core, fonts-noto-cjk and fonts-dejavu-core
// are named: asking XeTeX for a font that is not installed runs mktextfm.

export interface ScriptFont {
  /** Suffix of the LaTeX commands: `\nbxfont<name>{…}`, `\nbx<name>textfont`. */
  name: string;
  /** Code point ranges, inclusive. */
  ranges: readonly (readonly [number, number])[];
  /** Right-to-left script: runs are laid out with TeX--XeT's \beginR…\endR. */
  rtl?: boolean;
  /** fontspec features, e.g. `Script=Arabic` (shaping). */
  features: string;
  /** Candidates for running text and for code, first installed one wins. */
  text: readonly string[];
  mono: readonly string[];
}

const SYMBOL_RANGES: readonly (readonly [number, number])[] = [
  [0x0250, 0x02af], // IPA
  [0x2070, 0x209f], // super- and subscripts
  [0x20a0, 0x20ab], [0x20ad, 0x20cf], // currency signs (Latin Modern has €)
  [0x2100, 0x214f], // letterlike symbols
  [0x2150, 0x218f], // number forms
  [0x2190, 0x23ff], // arrows, mathematical operators, technical
  [0x2400, 0x25ff], // control pictures, enclosed alphanumerics, box drawing, blocks, shapes
  [0x2600, 0x27bf], // miscellaneous symbols, dingbats
  [0x27c0, 0x2bff], // more arrows and mathematical symbols
  [0x2800, 0x28ff], // braille
];

/** Script classes in the order they are tried; CJK text fonts are chosen per language below. */
export const SCRIPT_FONTS: readonly ScriptFont[] = [
  {
    name: 'CJK',
    ranges: [[0x1100, 0x11ff], [0x2e80, 0x2fdf], [0x3000, 0x9fff], [0xa960, 0xa97f], [0xac00, 0xd7ff],
      [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff00, 0xffef], [0x20000, 0x3ffff]],
    features: '',
    text: ['Noto Serif CJK SC', 'Noto Sans CJK SC'],
    mono: ['Noto Sans Mono CJK SC', 'Noto Sans CJK SC'],
  },
  {
    name: 'Hebrew',
    ranges: [[0x0590, 0x05ff], [0xfb1d, 0xfb4f]],
    rtl: true,
    features: 'Script=Hebrew',
    text: ['Noto Serif Hebrew', 'Noto Sans Hebrew', 'DejaVu Sans'],
    mono: ['Noto Sans Hebrew', 'DejaVu Sans'], // no monospaced Hebrew font in Debian's common packages
  },
  {
    name: 'Arabic',
    ranges: [[0x0600, 0x06ff], [0x0750, 0x077f], [0x08a0, 0x08ff], [0xfb50, 0xfdff], [0xfe70, 0xfeff]],
    rtl: true,
    features: 'Script=Arabic',
    text: ['Noto Naskh Arabic', 'Noto Sans Arabic', 'DejaVu Sans'],
    mono: ['Noto Sans Arabic', 'DejaVu Sans Mono', 'DejaVu Sans'],
  },
  {
    name: 'Greek',
    ranges: [[0x0370, 0x03ff], [0x0400, 0x052f], [0x1f00, 0x1fff]], // Greek, Cyrillic, polytonic Greek
    features: '',
    text: ['Noto Serif', 'DejaVu Serif'],
    mono: ['DejaVu Sans Mono'],
  },
  { name: 'Armenian', ranges: [[0x0530, 0x058f]], features: '', text: ['Noto Serif Armenian', 'Noto Sans Armenian', 'DejaVu Sans'], mono: ['DejaVu Sans Mono', 'Noto Sans Armenian'] },
  { name: 'Georgian', ranges: [[0x10a0, 0x10ff]], features: '', text: ['Noto Serif Georgian', 'Noto Sans Georgian', 'DejaVu Sans'], mono: ['DejaVu Sans Mono', 'Noto Sans Georgian'] },
  { name: 'Devanagari', ranges: [[0x0900, 0x097f]], features: 'Script=Devanagari', text: ['Noto Serif Devanagari', 'Noto Sans Devanagari'], mono: ['Noto Sans Devanagari'] },
  { name: 'Bengali', ranges: [[0x0980, 0x09ff]], features: 'Script=Bengali', text: ['Noto Serif Bengali', 'Noto Sans Bengali'], mono: ['Noto Sans Bengali'] },
  { name: 'Tamil', ranges: [[0x0b80, 0x0bff]], features: 'Script=Tamil', text: ['Noto Serif Tamil', 'Noto Sans Tamil'], mono: ['Noto Sans Tamil'] },
  { name: 'Thai', ranges: [[0x0e00, 0x0e7f]], features: 'Script=Thai', text: ['Noto Serif Thai', 'Noto Sans Thai'], mono: ['Noto Sans Thai'] },
  {
    name: 'Symbols',
    ranges: SYMBOL_RANGES,
    features: '',
    text: ['DejaVu Sans', 'Noto Sans Math', 'Noto Sans Symbols2'],
    mono: ['DejaVu Sans Mono', 'DejaVu Sans'],
  },
  {
    name: 'Emoji',
    ranges: [[0x1f000, 0x1faff]],
    // XeTeX cannot embed colour (CBDT) glyphs; DejaVu Sans has the common emoticons in black and white.
    features: '',
    text: ['DejaVu Sans', 'Noto Sans Symbols2'],
    mono: ['DejaVu Sans', 'Noto Sans Symbols2'],
  },
];

/** CJK text fonts by language: kana means Japanese, hangul Korean (glyph shapes differ). */
export function cjkFonts(text: string): { text: string[]; mono: string[] } {
  const region = /[\u3040-\u30ff]/.test(text) ? 'JP' : /[\uac00-\ud7af\u1100-\u11ff]/.test(text) ? 'KR' : 'SC';
  return {
    text: [`Noto Serif CJK ${region}`, `Noto Sans CJK ${region}`],
    mono: [`Noto Sans Mono CJK ${region}`, `Noto Sans CJK ${region}`],
  };
}

const byName = new Map(SCRIPT_FONTS.map((s) => [s.name, s]));

export function scriptFont(name: string): ScriptFont | undefined {
  return byName.get(name);
}

/** The script class of a code point, or null when the main fonts show it. */
export function scriptOf(cp: number): ScriptFont | null {
  if (cp < 0x0250) return null; // Basic Latin to Latin Extended-B
  for (const script of SCRIPT_FONTS) {
    for (const [lo, hi] of script.ranges) if (cp >= lo && cp <= hi) return script;
  }
  return null;
}

/** Marks that belong to the character before them (combining accents, joiners, variation selectors, skin tones). */
export function isAttached(cp: number): boolean {
  return (cp >= 0x0300 && cp <= 0x036f) || cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0x1f3fb && cp <= 0x1f3ff) || (cp >= 0x0591 && cp <= 0x05bd) || (cp >= 0x064b && cp <= 0x065f) ||
    (cp >= 0x20d0 && cp <= 0x20ff) || (cp >= 0xe0020 && cp <= 0xe007f);
}

export type Direction = 'ltr' | 'rtl';

/** Strong direction of a character: 'rtl' for Hebrew/Arabic letters, 'ltr' for letters of other scripts, null for neutrals. */
export function strongDirection(ch: string): Direction | null {
  const cp = ch.codePointAt(0)!;
  const script = scriptOf(cp);
  if (script?.rtl) return /\p{L}/u.test(ch) ? 'rtl' : null;
  return /\p{L}/u.test(ch) ? 'ltr' : null;
}

/** The direction of a paragraph: that of its first strong character (Unicode bidi rule P2). */
export function paragraphDirection(text: string): Direction {
  for (const ch of text) {
    const dir = strongDirection(ch);
    if (dir) return dir;
  }
  return 'ltr';
}
