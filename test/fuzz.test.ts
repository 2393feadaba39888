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

const CASES = 30;
const FORMATS = ['html', 'latex', 'rst', 'markdown', 'script', 'json'];

function generator(seed: number) {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  return { random, pick };
}

const FRAGMENTS = [
  '<img src=x onerror="alert(1)">', '<script>alert(1)</script>', '[x](javascript:alert(1))', '<svg onload=alert(1)>',
  '$\\input{/etc/passwd}$', '$$\\makeatletter\\@input{/etc/passwd}$$', '$\\csname input\\endcsname{/etc/passwd}$',
  '$^^5cinput{/etc/passwd}$', '\\begin{input}{/etc/passwd}\\end{input}', '$\\def\\x{\\input}\\x{/etc/passwd}$',
  '`'.repeat(3000), '# same\n\n'.repeat(2000), '**b'.repeat(5000), '$x'.repeat(5000), '~~~\n', '```x\n',
  '\u0000', '\u2028', '\r', '%', '\\', '{', '}', '@@3@@', '<a href="#x">', 'x'.repeat(20000), ' '.repeat(20000),
  '$$\\begin{array}{cc}' + '1&2\\\\'.repeat(6000) + '\\end{array}$$',
];

function hostileNotebook(seed: number): { json: string; stem: string } {
  const { random, pick } = generator(seed);
  const text = () => Array.from({ length: 1 + Math.floor(random() * 5) }, () => pick(FRAGMENTS)).join(pick([' ', '\n', '\n\n', '']));
  const keys = () => Object.fromEntries([pick(['constructor', 'toString', '__proto__x', 'tags', 'hasOwnProperty'])].map((k) => [k, pick([1, 'x', {}, []])]));
  const cells = Array.from({ length: 1 + Math.floor(random() * 4) }, () => {
    const kind = pick(['markdown', 'code', 'raw']);
    if (kind === 'markdown') return { cell_type: 'markdown', metadata: keys(), source: text() };
    if (kind === 'raw') return { cell_type: 'raw', metadata: { raw_mimetype: pick(['text/latex', 'text/html', 'text/restructuredtext', '']) }, source: text() };
    const data: Record<string, string> = { 'text/plain': text() };
    data[pick(['text/latex', 'text/markdown', 'text/html', 'image/svg+xml', 'constructor'])] = text();
    return {
      cell_type: 'code', metadata: keys(), execution_count: 1, source: text(),
      outputs: [{ output_type: 'display_data', metadata: { filename: pick(['../../x.png', '/etc/x', 'a.png', '']) }, data },
        { output_type: 'stream', name: 'stdout', text: text() }],
    };
  });
  let nb: object = { nbformat: 4, nbformat_minor: 4, metadata: { title: text().slice(0, 200), authors: [{ name: pick(FRAGMENTS) }] }, cells };
  if (random() < 0.1) nb = { ...nb, deep: JSON.parse('['.repeat(2000) + ']'.repeat(2000)) };
  const stem = pick(['nb', 'a\nb\\input{x}%', 'x^^5cinput', 'ünï cödé', 'a}b{c', '..']);
  return { json: JSON.stringify(nb), stem };
}

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
