// Handlebars templates of a format: `templates/<format>/*.hbs`, where
// `index.hbs` is the page and every other file is a partial named after it.
// `--template DIR` overrides any of them by file name. A format may build on
// another's templates (slides reuse the HTML cell partials).
//
// The built-in templates are precompiled at build time (see
// scripts/precompile-templates.mjs) and run with the small Handlebars runtime;
// the compiler is loaded only for --template files and for templates edited
// since the build.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Handlebars from 'handlebars';
import runtime from 'handlebars/runtime.js';
import { NbxError } from '../errors.js';
import { templatesDir } from './html/assets.js';

const require = createRequire(import.meta.url);

export type Render = (view: unknown) => string;

/** How a format's templates are compiled (the same for every call of one format). */
export interface TemplateOptions {
  /** `{{x}}` inserts x as it is: for formats that are not HTML (LaTeX), whose views hold rendered markup. */
  noEscape?: boolean;
  /** Extra helpers, e.g. LaTeX's `{{latex text}}` escaping. */
  helpers?: Record<string, (...args: never[]) => unknown>;
}

const compiled = new Map<string, Render>();

interface Precompiled {
  noEscape: boolean;
  /** The .hbs text it was compiled from. */
  source: string;
  spec: TemplateSpecification;
}

/** dist/templates.precompiled.cjs, keyed by `format/name.hbs`; empty when running from src/ without a build. */
let precompiled: Record<string, Precompiled> | undefined;
function precompiledTemplates(): Record<string, Precompiled> {
  try {
    precompiled ??= require(fileURLToPath(new URL('../templates.precompiled.cjs', import.meta.url))) as Record<string, Precompiled>;
  } catch {
    precompiled = {};
  }
  return precompiled;
}

/** The full Handlebars (with the compiler), loaded when a template must be compiled. */
function handlebarsCompiler(): typeof Handlebars {
  return require('handlebars') as typeof Handlebars;
}

interface TemplateFile {
  path: string;
  /** Key in the precompiled templates (built-in ones only). */
  key?: string;
}

function templateFiles(dir: string, builtInPrefix?: string): Map<string, TemplateFile> {
  const files = new Map<string, TemplateFile>();
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.hbs')) files.set(name.slice(0, -4), { path: path.join(dir, name), key: builtInPrefix && builtInPrefix + name });
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

  const builtIn = (name: string) => templateFiles(fileURLToPath(new URL(`${name}/`, templatesDir)), `${name}/`);
  const files = new Map([...(base ? builtIn(base) : []), ...builtIn(format)]);
  if (overrideDir) {
    if (!existsSync(overrideDir) || !statSync(overrideDir).isDirectory()) {
      throw new NbxError(`--template: "${overrideDir}" is not a directory`, 2);
    }
    for (const [name, file] of templateFiles(overrideDir)) files.set(name, file);
  }
  const noEscape = options.noEscape ?? false;
  const sources = new Map([...files].map(([name, file]) => {
    const source = readFileSync(file.path, 'utf8');
    const pre = file.key ? precompiledTemplates()[file.key] : undefined;
    return [name, { ...file, source, spec: pre && pre.source === source && pre.noEscape === noEscape ? pre.spec : null }];
  }));
  const allPrecompiled = [...sources.values()].every((s) => s.spec);
  const hb = (allPrecompiled ? (runtime as unknown as typeof Handlebars) : handlebarsCompiler()).create();
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  for (const [name, helper] of Object.entries(options.helpers ?? {})) hb.registerHelper(name, helper as Handlebars.HelperDelegate);
  let page: HandlebarsTemplateDelegate | undefined;
  for (const [name, { path: file, source, spec }] of sources) {
    try {
      let template: HandlebarsTemplateDelegate;
      if (spec) {
        template = hb.template(spec);
      } else {
        const compiler = hb as typeof Handlebars;
        compiler.parse(source); // compile() is lazy: parse now so a broken file is reported by name
        template = compiler.compile(source, { strict: false, preventIndent: true, noEscape });
      }
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
