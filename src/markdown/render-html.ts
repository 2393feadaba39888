// Notebook markdown → safe HTML, in JupyterLab's order: take the math out,
// render the markdown, sanitize, then put the math back rendered by KaTeX
// (trusted, since KaTeX escapes its input; the sanitizer would strip it).
import type { Diagnostics } from '../errors.js';
import type { MimeBundle } from '../notebook/model.js';
import { plainText, type HeadingEnv } from './headings.js';
import { makeImageResolver } from './images.js';
import { markdownIt } from './markdown-it.js';
import { replaceMath } from './math-extract.js';
import type { MathRenderer } from './math-render.js';
import { sanitizeMarkdownHtml } from './sanitize.js';



export interface MarkdownHtmlContext {
  math: MathRenderer;
  diag: Diagnostics;
  /** JSON path for warnings, e.g. `cells[3]`. */
  where: string;
  attachments?: Record<string, MimeBundle>;
  baseDir: string | null;
  /** Heading ids used so far in the document. */
  usedIds: Set<string>;
  /** Untrusted notebook: local images only from inside its directory. */
  confine?: boolean;
}

/** Text with math taken out (`@@N@@` placeholders) and the math chunks. */
export interface ExtractedMarkdown {
  text: string;
  math: string[];
}

export function markdownToHtml(src: ExtractedMarkdown, ctx: MarkdownHtmlContext): string {
  const env: HeadingEnv = { usedIds: ctx.usedIds, math: src.math };
  const html = markdownIt().render(src.text, env);
  const clean = sanitizeMarkdownHtml(html, makeImageResolver({ ...ctx }));
  // replaceMath knows HTML: math inside <pre>/<code> and attributes goes back as escaped source.
  return replaceMath(clean, src.math, (tex) => ctx.math.render(tex, ctx.where));
}

/** The first heading (ATX or setext, never inside code) of a markdown source, or null. */
export function firstHeading(source: string): { level: number; text: string } | null {
  const tokens = markdownIt().parse(source, {});
  let found: { level: number; text: string } | null = null;
  tokens.forEach((t, i) => {
    const inline = tokens[i + 1];
    if (t.type !== 'heading_open' || !inline || (found && found.level <= Number(t.tag.slice(1)))) return;
    const text = plainText(inline).trim();
    if (text) found = { level: Number(t.tag.slice(1)), text };
  });
  return found;
}
