// Handlebars templates of a format: `templates/<format>/*.hbs`, where
// `index.hbs` is the page and every other file is a partial named after it.
// `--template DIR` overrides any of them by file name.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { NbxError } from '../errors.js';
import { templatesDir } from './html-assets.js';

export type Render = (view: unknown) => string;

const compiled = new Map<string, Render>();

function templateFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.hbs')) files.set(name.slice(0, -4), path.join(dir, name));
  }
  return files;
}

/** The page renderer of `format`, with `overrideDir`'s templates taking precedence. */
export function loadTemplates(format: string, overrideDir?: string): Render {
  const key = `${format}\0${overrideDir ?? ''}`;
  const hit = compiled.get(key);
  if (hit) return hit;

  const files = templateFiles(fileURLToPath(new URL(`${format}/`, templatesDir)));
  if (overrideDir) {
    if (!existsSync(overrideDir) || !statSync(overrideDir).isDirectory()) {
      throw new NbxError(`--template: "${overrideDir}" is not a directory`, 2);
    }
    for (const [name, file] of templateFiles(overrideDir)) files.set(name, file);
  }
  const hb = Handlebars.create();
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  let page: HandlebarsTemplateDelegate | undefined;
  for (const [name, file] of files) {
    const source = readFileSync(file, 'utf8');
    try {
      hb.parse(source); // compile() is lazy: parse now so a broken file is reported by name
      const template = hb.compile(source, { strict: false, preventIndent: true });
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
