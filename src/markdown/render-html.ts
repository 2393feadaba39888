// Notebook markdown → safe HTML, in JupyterLab's order: take the math out,
// render the markdown, sanitize, then put the math back rendered by KaTeX
// (trusted, since KaTeX escapes its input; the sanitizer would strip it).
import type { Diagnostics } from '../errors.js';
import type { MimeBundle } from '../notebook/model.js';
import { escapeHtml } from '../render/escape.js';
import type { HeadingEnv } from './headings.js';
import { makeImageResolver } from './images.js';
import { createMarkdownIt } from './markdown-it.js';
import type { MathRenderer } from './math-render.js';
import { sanitizeMarkdownHtml } from './sanitize.js';

const md = createMarkdownIt();

export interface MarkdownHtmlContext {
  math: MathRenderer;
  diag: Diagnostics;
  /** JSON path for warnings, e.g. `cells[3]`. */
  where: string;
  attachments?: Record<string, MimeBundle>;
  baseDir: string | null;
  /** Heading ids used so far in the document. */
  usedIds: Set<string>;
}

/** Text with math taken out (`@@N@@` placeholders) and the math chunks. */
export interface ExtractedMarkdown {
  text: string;
  math: string[];
}

export function markdownToHtml(src: ExtractedMarkdown, ctx: MarkdownHtmlContext): string {
  const env: HeadingEnv = { usedIds: ctx.usedIds, math: src.math };
  const html = md.render(src.text, env);
  const clean = sanitizeMarkdownHtml(html, makeImageResolver({ ...ctx }));
  return restoreMath(clean, src.math, (tex) => ctx.math.render(tex, ctx.where));
}

/**
 * Puts math back into sanitized HTML: rendered in text, as escaped TeX inside
 * tag attributes (where markup cannot go). sanitize-html escapes `<`/`>` in text
 * and attribute values, so splitting on tags is exact here.
 */
export function restoreMath(html: string, math: string[], render: (tex: string) => string): string {
  if (math.length === 0) return html;
  return html.replace(/(<[^>]*>)|@@(\d+)@@/g, (whole, tag: string | undefined, index: string | undefined) => {
    if (tag) return tag.replace(/@@(\d+)@@/g, (m, i: string) => (math[Number(i)] !== undefined ? escapeHtml(math[Number(i)]!) : m));
    const tex = math[Number(index)];
    return tex === undefined ? whole : render(tex);
  });
}
