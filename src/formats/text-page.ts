// The page of a text format (rst, markdown, script): the body placed by the
// format's template (`templates/<format>/index.hbs`, overridable with
// `--template DIR`), ending with exactly one newline.
import { loadTemplates } from './templates.js';

export function renderTextPage(format: string, templateDir: string | undefined, view: { body: string } & Record<string, unknown>): string {
  const text = loadTemplates(format, templateDir)(view);
  return text.trim() ? `${text.trimEnd()}\n` : ''; // (not /\s*$/: quadratic on long inner runs of spaces)
}
