// The markdown-it instance used for notebook markdown: CommonMark + GFM
// tables and strikethrough, raw HTML (sanitized afterwards), bare-URL links,
// and JupyterLab-style heading anchors.
import MarkdownIt from 'markdown-it';
import { highlightCode, highlightLanguage } from '../render/highlight.js';
import { headingAnchors } from './headings.js';

export function createMarkdownIt(): MarkdownIt {
  const md = new MarkdownIt('default', {
    html: true,
    linkify: true,
    typographer: false,
    // Fenced code with a known language is highlighted like code cells ('' lets markdown-it escape the rest).
    highlight: (code, lang) => (highlightLanguage(lang) ? highlightCode(code, lang) : ''),
  });
  headingAnchors(md);
  return md;
}

let shared: MarkdownIt | undefined;

/** One instance for every format, built on first use: building one (linkify's patterns) costs at start-up. */
export function markdownIt(): MarkdownIt {
  return (shared ??= createMarkdownIt());
}
