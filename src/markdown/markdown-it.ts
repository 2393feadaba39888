// The markdown-it instance used for notebook markdown: CommonMark + GFM
// tables and strikethrough, raw HTML (sanitized afterwards), bare-URL links,
// and JupyterLab-style heading anchors.
import MarkdownIt from 'markdown-it';
import { headingAnchors } from './headings.js';

export function createMarkdownIt(): MarkdownIt {
  const md = new MarkdownIt('default', { html: true, linkify: true, typographer: false });
  headingAnchors(md);
  return md;
}
