// GFM tables → longtable with booktabs rules (breaks across pages, as pandoc's).
// Narrow tables keep l/c/r columns; when the text would not fit the line,
// columns become paragraph columns with widths in proportion to their longest
// cell, so the table wraps instead of running off the page.
import type Token from 'markdown-it/lib/token.mjs';
import { paragraphDirection } from './scripts.js';
import { plainText } from '../../markdown/headings.js';
import type { InlineOptions } from './markdown-inline.js';

type Align = 'l' | 'c' | 'r';
interface Cell {
  inline: Token | null;
  align: Align;
}

/** About the characters of running text a line holds, with the column gaps. */
const LINE_CHARACTERS = 90;
const RAGGED: Record<Align, string> = { l: '\\raggedright', c: '\\centering', r: '\\raggedleft' };

function alignOf(token: Token): Align {
  const style = token.attrGet('style') ?? '';
  return /text-align:\s*center/.test(style) ? 'c' : /text-align:\s*right/.test(style) ? 'r' : 'l';
}

/** The tokens of one table (table_open … table_close) → a longtable. */
export function renderTable(tokens: readonly Token[], render: (inline: Token, opts: InlineOptions) => string): string {
  const head: Cell[][] = [];
  const body: Cell[][] = [];
  let inHead = false;
  let row: Cell[] | null = null;
  let cell: Cell | null = null;
  for (const t of tokens) {
    if (t.type === 'thead_open') inHead = true;
    else if (t.type === 'thead_close') inHead = false;
    else if (t.type === 'tr_open') (inHead ? head : body).push((row = []));
    else if (t.type === 'th_open' || t.type === 'td_open') row?.push((cell = { inline: null, align: alignOf(t) }));
    else if (t.type === 'inline' && cell) cell.inline = t;
    else if (t.type === 'th_close' || t.type === 'td_close') cell = null;
  }
  const rows = [...head, ...body];
  const columns = Math.max(1, ...rows.map((r) => r.length));
  const aligns: Align[] = Array.from({ length: columns }, (_, i) => rows.find((r) => r[i])?.[i]?.align ?? 'l');
  const longest = aligns.map((_, i) => Math.max(1, ...rows.map((r) => textOf(r[i]).length)));
  const total = longest.reduce((a, b) => a + b, 0) + 3 * columns;
  const wrap = total > LINE_CHARACTERS;

  const spec = aligns
    .map((align, i) => {
      if (!wrap) return align;
      const share = Math.max(longest[i]! / (total - 3 * columns), 0.06);
      return `>{${RAGGED[align]}\\arraybackslash}p{\\dimexpr ${share.toFixed(3)}\\linewidth-2\\tabcolsep\\relax}`;
    })
    .join('');
  const line = (cells: Cell[]) =>
    Array.from({ length: columns }, (_, i) => {
      const inline = cells[i]?.inline;
      if (!inline) return '';
      const direction = paragraphDirection(textOf(cells[i]));
      const latex = render(inline, { restricted: true, direction, cellBreak: wrap ? '\\newline ' : ' ' }).trim();
      return direction === 'rtl' && latex ? `\\nbxRTL{${latex}}` : latex;
    }).join(' & ') + ' \\\\';

  const hasHead = head.some((r) => r.some((c) => textOf(c).trim()));
  const out = [`\\begin{longtable}{@{}${spec}@{}}`, '\\toprule'];
  if (hasHead) out.push(...head.map(line), '\\midrule', '\\endhead');
  out.push(...body.map(line), '\\bottomrule', '\\end{longtable}');
  return out.join('\n');
}

function textOf(cell: Cell | undefined): string {
  return cell?.inline ? plainText(cell.inline) : '';
}
