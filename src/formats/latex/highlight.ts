// Highlighted code for LaTeX: highlight.js's token spans (as render/highlight.ts
// produces them) → styled segments, each wrapped in `\nbxhl{<scope>}{…}`.
// The preamble maps scopes to colours; a scope without a style prints plain.
import { highlightCode } from '../../render/highlight.js';
import type { StyledText } from './verbatim.js';

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#39;': "'" };
const TOKEN = /<span class="([^"]*)">|<\/span>|&(?:amp|lt|gt|quot|#x27|#39);|[^<&]+|[<&]/g;

/** `hljs-title function_` → `title`; `hljs-built_in` → `builtin` (LaTeX command names are letters). */
function scopeName(classes: string): string | null {
  const first = classes.split(' ')[0] ?? '';
  const name = first.replace(/^hljs-/, '').replace(/[^A-Za-z]/g, '');
  return name || null;
}

/** Code → segments styled by highlight.js scope (innermost scope wins); unknown languages give one plain segment. */
export function highlightSegments(code: string, language: string): StyledText[] {
  const html = highlightCode(code, language);
  const segments: (StyledText & { scope: string | null })[] = [];
  const scopes: (string | null)[] = [];
  for (const m of html.matchAll(TOKEN)) {
    const token = m[0];
    if (m[1] !== undefined) {
      scopes.push(scopeName(m[1]));
    } else if (token === '</span>') {
      scopes.pop();
    } else {
      const text = (Object.hasOwn(ENTITIES, token) ? ENTITIES[token] : undefined) ?? token;
      const scope = [...scopes].reverse().find((s) => s) ?? null;
      const prev = segments[segments.length - 1];
      if (prev && prev.scope === scope) prev.text += text;
      else segments.push({ text, scope, style: scope ? (latex) => `\\nbxhl{${scope}}{${latex}}` : undefined });
    }
  }
  return segments;
}
