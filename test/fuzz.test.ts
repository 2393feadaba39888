// Issue 17: a seeded generator of hostile notebooks mixing the content
// classes (XSS in markdown and outputs, LaTeX injection in math, outputs and
// file names, huge and deep inputs, prototype-named keys, odd characters).
// A fixed number of cases, each converted to every text format, with and
// without --sanitize. Invariants: a result or a one-line NbxError (never a
// stack), extracted files stay inside the output's folder, bounded CPU time,
// and under --sanitize no script or handler in HTML and no disallowed TeX
// command in the .tex. (The file-system and browser classes are tested by
// the hardening tests of those parts.)
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Parser } from 'htmlparser2';
import { convert } from '../src/convert.js';
import { NbxError } from '../src/errors.js';
import { hostileNotebook } from './helpers-fuzz.js';

const CASES = 30;
const FORMATS = ['html', 'latex', 'rst', 'markdown', 'script', 'json'];

/** Event handlers and javascript: URLs in a page, as a browser's parser finds them. */
function activeHtml(html: string): string[] {
  const found: string[] = [];
  const parser = new Parser({
    onopentag(name, attribs) {
      for (const [key, value] of Object.entries(attribs)) {
        if (/^on/i.test(key) || /^\s*(?:javascript|vbscript):/i.test(value)) found.push(`<${name} ${key}="${value.slice(0, 40)}">`);
      }
    },
  }, { decodeEntities: true });
  parser.write(html);
  parser.end();
  return found;
}

describe('fuzz: hostile notebooks', () => {
  for (let seed = 1; seed <= CASES; seed++) {
    it(`case ${seed}`, async () => {
      const { json, stem } = hostileNotebook(seed);
      for (const to of FORMATS) {
        for (const sanitize of [false, true]) {
          const start = process.cpuUsage();
          try {
            const result = await convert(json, { to, stem, sanitize });
            for (const file of result.files) {
              const resolved = path.posix.normalize(file.path);
              assert.ok(!path.posix.isAbsolute(resolved) && !resolved.startsWith('../') && resolved.startsWith(`${stem}_files/`), `${to}: ${file.path}`);
            }
            const content = typeof result.content === 'string' ? result.content : '';
            if (sanitize && to === 'html') assert.deepEqual(activeHtml(content), [], to);
            if (sanitize && to === 'latex') assert.doesNotMatch(content, /\\(?:input|@input|@@input|csname|makeatletter)\{?\s*\/etc/);
          } catch (err) {
            assert.ok(err instanceof NbxError, `${to}: ${(err as Error).stack}`);
            assert.doesNotMatch(err.message, /\n|Maximum call stack|is not a function/);
          }
          const used = process.cpuUsage(start);
          assert.ok((used.user + used.system) / 1000 < 10_000, `${to}: ${(used.user + used.system) / 1000} ms of CPU`);
        }
      }
    });
  }
});
