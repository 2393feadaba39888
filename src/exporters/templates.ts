// Handlebars templates of a format: `templates/<format>/*.hbs`, where
// `index.hbs` is the page and every other file is a partial named after it.
// `--template DIR` overrides any of them by file name. A format may build on
// another's templates (slides reuse the HTML cell partials).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { NbxError } from '../errors.js';
import { templatesDir } from './html-assets.js';

export type Render = (view: unknown) => string;

/** How a format's templates are compiled (the same for every call of one format). */
export interface TemplateOptions {
  /** `{{x}}` inserts x as it is: for formats that are not HTML (LaTeX), whose views hold rendered markup. */
  noEscape?: boolean;
  /** Extra helpers, e.g. LaTeX's `{{latex text}}` escaping. */
  helpers?: Record<string, (...args: never[]) => unknown>;
}

const compiled = new Map<string, Render>();

function templateFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.hbs')) files.set(name.slice(0, -4), path.join(dir, name));
  }
  return files;
}

/**
 * The page renderer of `format`, with `overrideDir`'s templates taking
 * precedence, and `base`'s (e.g. `html`) under both.
 */
export function loadTemplates(format: string, overrideDir?: string, base?: string, options: TemplateOptions = {}): Render {
  const key = `${format}\0${overrideDir ?? ''}\0${base ?? ''}`;
  const hit = compiled.get(key);
  if (hit) return hit;

  const builtIn = (name: string) => templateFiles(fileURLToPath(new URL(`${name}/`, templatesDir)));
  const files = new Map([...(base ? builtIn(base) : []), ...builtIn(format)]);
  if (overrideDir) {
    if (!existsSync(overrideDir) || !statSync(overrideDir).isDirectory()) {
      throw new NbxError(`--template: "${overrideDir}" is not a directory`, 2);
    }
    for (const [name, file] of templateFiles(overrideDir)) files.set(name, file);
  }
  const hb = Handlebars.create();
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  for (const [name, helper] of Object.entries(options.helpers ?? {})) hb.registerHelper(name, helper as Handlebars.HelperDelegate);
  let page: HandlebarsTemplateDelegate | undefined;
  for (const [name, file] of files) {
    const source = readFileSync(file, 'utf8');
    try {
      hb.parse(source); // compile() is lazy: parse now so a broken file is reported by name
      const template = hb.compile(source, { strict: false, preventIndent: true, noEscape: options.noEscape ?? false });
      if (name === 'index') page = template;
      else hb.registerPartial(name, template);
    } catch (e) {
      throw new NbxError(`${file}: template error: ${oneLine((e as Error).message)}`, 2);
    }
  }
  if (!page) throw new NbxError(`no index.hbs template for ${format}`, 2);
  const render: Render = (view) => {
    try {
      return page!(view);
    } catch (e) {
      throw new NbxError(`template error: ${oneLine((e as Error).message)}`);
    }
  };
  compiled.set(key, render);
  return render;
}

/** Handlebars messages span lines (source excerpt, caret, "Expecting …"): keep the words. */
function oneLine(message: string): string {
  return message.split('\n').filter((l) => l.trim() && !/^[\s.-]*\^$/.test(l)).map((l) => l.trim()).join(' ');
}
