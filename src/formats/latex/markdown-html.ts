// Raw HTML in notebook markdown, for LaTeX: markup has no LaTeX meaning, so it
// is dropped, but the text it holds is kept (Hebrew notebooks put whole
// paragraphs in `<p dir="rtl">`). Formatting tags with a LaTeX equivalent
// (<b>, <i>, <code>, <sub>, …) and <br> are kept as sentinel characters that
// the inline renderer turns into balanced commands and line breaks; <img>,
// <a href> and block tags become markdown. <script>/<style> content and comments are dropped whole.
import MarkdownIt from 'markdown-it';

const { unescapeAll } = new MarkdownIt().utils;

/** Formatting kinds with a LaTeX form; `restricted` is for moving arguments (ulem's commands break there). */
const KINDS: Record<string, { open: string; close: string; restricted?: [string, string] }> = {
  bold: { open: '\\textbf{', close: '}' },
  italic: { open: '\\emph{', close: '}' },
  code: { open: '\\nbxcode{', close: '}' },
  sub: { open: '\\textsubscript{', close: '}' },
  sup: { open: '\\textsuperscript{', close: '}' },
  strike: { open: '\\sout{', close: '}', restricted: ['{', '}'] },
  underline: { open: '\\uline{', close: '}', restricted: ['{', '}'] },
};
const KIND_NAMES = Object.keys(KINDS);
const TAG_KIND: Record<string, string> = {
  b: 'bold', strong: 'bold', i: 'italic', em: 'italic', dfn: 'italic', var: 'italic', cite: 'italic',
  code: 'code', tt: 'code', kbd: 'code', samp: 'code', sub: 'sub', sup: 'sup',
  s: 'strike', del: 'strike', strike: 'strike', u: 'underline', ins: 'underline',
};

// Unicode noncharacters (U+FDD0–U+FDEF) never occur in interchanged text, so
// they cannot clash with the notebook's: two per kind (open, close), then <br>.
const SENTINEL_BASE = 0xfdd0;
export const LINE_BREAK_SENTINEL = String.fromCharCode(SENTINEL_BASE + 2 * KIND_NAMES.length);

/** The formatting kind of an HTML tag (`strong` → `bold`), or null. */
export function formattingKind(tag: string): string | null {
  return (Object.hasOwn(TAG_KIND, tag) ? TAG_KIND[tag] : undefined) ?? null;
}

function formattingSentinel(tag: string, closing: boolean): string | null {
  const kind = formattingKind(tag);
  return kind ? String.fromCharCode(SENTINEL_BASE + 2 * KIND_NAMES.indexOf(kind) + (closing ? 1 : 0)) : null;
}

/** What a sentinel character stands for: a formatting kind opening or closing, or a line break. */
export function sentinelMeaning(ch: string): { kind: string; closing: boolean } | 'break' | null {
  if (ch === LINE_BREAK_SENTINEL) return 'break';
  const n = ch.charCodeAt(0) - SENTINEL_BASE;
  const kind = KIND_NAMES[n >> 1];
  return n >= 0 && kind ? { kind, closing: (n & 1) === 1 } : null;
}

/** The LaTeX that opens/closes a formatting kind. */
export function formattingLatex(kind: string, restricted: boolean): { open: string; close: string } {
  const f = KINDS[kind]!;
  return restricted && f.restricted ? { open: f.restricted[0], close: f.restricted[1] } : f;
}

export interface HtmlTag {
  name: string;
  closing: boolean;
  attrs: Record<string, string>;
}

/** Parses one tag (`<a href="x">`, `</b>`, `<br/>`); null for comments, doctypes, processing instructions. */
export function parseTag(html: string): HtmlTag | null {
  const m = /^<(\/?)([A-Za-z][A-Za-z0-9-]*)([^]*?)\/?>$/.exec(html.trim());
  if (!m) return null;
  const attrs: Record<string, string> = {};
  for (const a of m[3]!.matchAll(/([^\s=/"'>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    attrs[a[1]!.toLowerCase()] = decodeEntities(a[2] ?? a[3] ?? a[4] ?? '');
  }
  return { name: m[2]!.toLowerCase(), closing: m[1] === '/', attrs };
}

export function decodeEntities(text: string): string {
  // unescapeAll also removes markdown backslash escapes: double the backslashes to keep them.
  return unescapeAll(text.replace(/\\/g, '\\\\'));
}

const BLOCK_TAGS = new Set(['p', 'div', 'ul', 'ol', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'blockquote', 'figure',
  'figcaption', 'section', 'article', 'header', 'footer', 'center', 'dl', 'dt', 'dd', 'details', 'summary', 'main',
  'nav', 'aside', 'caption', 'address', 'hr']);
/** Tags whose effect the conversion keeps (so they are not reported as dropped). */
const CONVERTED = new Set([...BLOCK_TAGS, ...Object.keys(TAG_KIND), 'br', 'img', 'a', 'li', 'td', 'th', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const TOKEN = /<!--[^]*?(?:-->|$)|<(script|style|textarea)\b[^]*?(?:<\/\1\s*>|$)|<[!?][^>]*>|<\/?[A-Za-z][A-Za-z0-9-]*(?:"[^"]*"|'[^']*'|[^'">])*>|[^<]+|</gi;

/** Backslash-escapes ASCII punctuation so that text from HTML stays text when parsed as markdown. */
function markdownLiteral(text: string): string {
  return text.replace(/[!-/:-@[-`{-~]/g, (c) => (c === '@' ? c : `\\${c}`)); // `@` stays: math placeholders
}

/** Markdown image syntax for an <img>, with the URL made safe for `(…)`. */
function imageMarkdown(tag: HtmlTag): string {
  const src = (tag.attrs.src ?? '').replace(/[\s()<>\\]/g, (c) => encodeURIComponent(c));
  return src ? `![${markdownLiteral(tag.attrs.alt ?? '')}](${src})` : '';
}

/**
 * An HTML block as markdown: text kept (escaped so it stays literal), block
 * tags as paragraph breaks, headings, list items, images and links as markdown,
 * formatting tags as sentinels. Returns the tags that had no equivalent.
 */
export function htmlBlockToMarkdown(html: string): { markdown: string; dropped: string[] } {
  const dropped = new Set<string>();
  const links: (string | null)[] = [];
  let out = '';
  let pre = 0;
  let heading = false;
  for (const m of html.matchAll(TOKEN)) {
    const token = m[0];
    if (token.startsWith('<!--') || m[1]) continue;
    if (!token.startsWith('<') || token === '<') {
      const text = decodeEntities(token);
      if (pre) out += text;
      // Indentation would make an indented code block of the text: drop it.
      else out += markdownLiteral(heading ? text.replace(/\s*\n\s*/g, ' ') : text.replace(/\n[ \t]+/g, '\n'));
      continue;
    }
    const tag = parseTag(token);
    if (!tag) continue;
    const { name, closing } = tag;
    if (!CONVERTED.has(name)) dropped.add(name);
    const sentinel = formattingSentinel(name, closing);
    if (sentinel) out += sentinel;
    else if (name === 'pre') {
      pre += closing ? -1 : 1;
      out += closing ? '\n```\n\n' : '\n\n```\n';
    } else if (/^h[1-6]$/.test(name)) {
      heading = !closing;
      out += closing ? '\n\n' : `\n\n${'#'.repeat(Number(name[1]))} `;
    } else if (name === 'br') out += LINE_BREAK_SENTINEL;
    else if (name === 'li' && !closing) out += '\n\n- ';
    else if ((name === 'td' || name === 'th') && !closing) out += ' ';
    else if (name === 'img') out += imageMarkdown(tag);
    else if (name === 'a' && !closing) {
      const href = tag.attrs.href;
      links.push(href ? href.replace(/[\s()<>\\]/g, (c) => encodeURIComponent(c)) : null);
      if (href) out += '[';
    } else if (name === 'a') {
      const href = links.pop();
      if (href) out += `](${href})`;
    } else if (BLOCK_TAGS.has(name)) out += '\n\n';
  }
  for (const href of links.reverse()) if (href) out += `](${href})`;
  if (pre) out += '\n```\n';
  return { markdown: out, dropped: [...dropped].sort() };
}
