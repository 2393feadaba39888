// Syntax highlighting at convert time with highlight.js: no JS in the page.
import hljs from 'highlight.js';
import { escapeHtml } from './escape.js';

/** highlight.js language name for a notebook language, or null when unknown. */
export function highlightLanguage(language: string): string | null {
  if (!language) return null;
  return hljs.getLanguage(language) ? language : null;
}

/** Highlighted HTML (hljs-* spans) for code; unknown languages are escaped plain text. */
export function highlightCode(code: string, language: string): string {
  const lang = highlightLanguage(language);
  if (!lang) return escapeHtml(code);
  return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
}
