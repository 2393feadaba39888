// The characters of Latin Modern Math (Debian: fonts-lmodern, installed with
// lmodern), the math font that unicode-math loads when math has Unicode in it.
// A character outside it would silently vanish from the PDF (xelatex only
// logs "Missing character"), so nbx warns at convert time instead.
// Made with: fc-query --format='%{charset}' latinmodern-math.otf

const RANGES = `20-7e a0-ac ae-b1 b4-b8 ba-bb bf-107 10c-110 112-113 116-11b 11e-11f 122-123 128-12b 12e-133 136-137
  139-13e 141-148 14a-14d 150-15b 15e-165 168-16b 16e-173 178-17f 1a0-1a1 1af-1b0 218-21b 237 2c6-2c7 2d8-2dd 300-30c 30f
  311 323 326 32c-333 338 33f 34d 391-3a1 3a3-3a9 3b1-3c9 3d1 3d5-3d6 3f0-3f1 3f4-3f5 1ea0-1ef9 2000-200d 2010 2012-201a
  201c-201e 2020-2022 2026 202f-2037 2039-203b 203d 2044 2052 2057 205f-2064 20a1 20ac 20d0-20d8 20db-20df 20e1 20e4-20e6
  20e8-20f0 2102-2103 2107 2109 210b-2113 2115-211e 2120 2122 2124 2126-2128 212a-212e 2130-2131 2133 2135-2138 213c-2140
  2145-2149 2190-219b 219e-21a7 21a9-21ae 21b0-21b7 21ba-21dd 21e6-21e9 21f3 21f5-21f6 2200-221a 221d-22af 22b2-22d3
  22d5-22f1 2300 2305-2306 2308-230b 2310 2319 231c-2323 2329-232a 239b-23ad 23b2-23b5 23b7 23d0 23dc-23e1 2422-2423 2500
  2502 250c 2510 2514 2518 251c 2524 252c 2534 253c 2581 2588 2591-2593 25a0-25a1 25aa-25ad 25b2-25b3 25b6-25b7 25bc-25bd
  25c0-25c1 25ca-25cb 25cf 25e6 25ef 2660-2667 266a 266d-266f 26ad-26ae 2713 2720 275a 27a1 27c2 27d8-27de 27e0-27e3
  27e6-27eb 27ee-27ef 27f4-27ff 2906-2907 2a00-2a06 2a09 2a0c 2a11 2a2f 2a3f 2a7d-2a7e 2a85-2a8c 2a95-2a96 2aaf-2ab0
  2b04-2b07 2b0c-2b0d 2b1a 2b31 2b33 2e18 3016-3017 fb00-fb04 feff 1d400-1d454 1d456-1d49c 1d49e-1d49f 1d4a2 1d4a5-1d4a6
  1d4a9-1d4ac 1d4ae-1d4b5 1d4d0-1d4e9 1d504-1d505 1d507-1d50a 1d50d-1d514 1d516-1d51c 1d51e-1d539 1d53b-1d53e 1d540-1d544
  1d546 1d54a-1d550 1d552-1d6a5 1d6a8-1d7c9 1d7ce-1d7ff`;

const ranges: [number, number][] = RANGES.trim().split(/\s+/).map((r) => {
  const [lo, hi] = r.split('-').map((h) => parseInt(h, 16)) as [number, number?];
  return [lo, hi ?? lo];
});

function inMathFont(code: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = ranges[mid]!;
    if (code < a) hi = mid - 1;
    else if (code > b) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Non-ASCII characters of math that the math font lacks (text in \text{…} & co. is set in the text fonts). */
export function missingMathChars(tex: string): string[] {
  const math = tex.replace(/\\(?:text[a-z]*|mbox|hbox)\s*\{(?:[^{}]|\{[^{}]*\})*\}/g, '');
  const missing = new Set<string>();
  for (const ch of math) if (ch.codePointAt(0)! > 0x7e && !inMathFont(ch.codePointAt(0)!)) missing.add(ch);
  return [...missing];
}
