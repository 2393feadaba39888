// Golden files: a few notebooks converted and compared byte for byte with
// `test/golden/<name>.html` (only the `<main>…</main>` part: the inlined CSS
// and fonts are checked separately below) and `test/golden/tour.json`.
//
// After an intended change, regenerate them and review the diff:
//
//   NBX_UPDATE_GOLDEN=1 node --import tsx --test test/golden.test.ts
//   git diff test/golden/
//
// With NBX_UPDATE_GOLDEN=1 the tests write the files instead of comparing.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { convert, type ConvertOptions } from '../src/convert.js';
import { fixture, repoRoot } from './helpers.js';
import { generated } from './notebooks/index.js';

const goldenDir = path.join(repoRoot, 'test', 'golden');
const update = process.env.NBX_UPDATE_GOLDEN === '1';

interface GoldenCase {
  golden: string;
  input: string;
  options?: Partial<ConvertOptions>;
  /** Whether the notebook has math, i.e. whether KaTeX's CSS and fonts must be inlined. */
  math: boolean;
}

const cases: GoldenCase[] = [
  { golden: 'tour.html', input: fixture('tour.ipynb'), math: true },
  // Notebooks written in test/notebooks/ (golden files are only ever of notebooks written here).
  { golden: 'inject.html', input: generated('inject.ipynb'), math: true },
  { golden: 'inject.sanitized.html', input: generated('inject.ipynb'), options: { sanitize: true }, math: true },
  { golden: 'v3.html', input: generated('v3.ipynb'), math: true },
  { golden: 'tags.html', input: generated('tags.ipynb'), math: false },
  { golden: 'math.html', input: generated('math.ipynb'), math: true },
  { golden: 'i18n.html', input: generated('i18n.ipynb'), math: false },
  { golden: 'widgets.html', input: generated('widgets.ipynb'), math: false },
];

/** The page's `<main>…</main>`, with a final newline so the golden files end with one. */
function mainPart(page: string): string {
  const start = page.indexOf('<main>');
  const end = page.indexOf('</main>');
  assert.ok(start >= 0 && end > start, 'the page has one <main>…</main>');
  assert.equal(page.indexOf('<main>', start + 1), -1, 'only one <main>');
  return page.slice(start, end + '</main>'.length) + '\n';
}

/** Compares with (or, with NBX_UPDATE_GOLDEN=1, writes) a golden file; on mismatch shows the first differing line. */
function checkGolden(name: string, actual: string): void {
  const file = path.join(goldenDir, name);
  if (update) {
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `${path.relative(repoRoot, file)} is missing: run with NBX_UPDATE_GOLDEN=1 to create it`);
  const expected = readFileSync(file, 'utf8');
  if (actual === expected) return;
  const a = actual.split('\n');
  const e = expected.split('\n');
  let line = 0;
  while (line < Math.min(a.length, e.length) && a[line] === e[line]) line++;
  const clip = (s: string | undefined) => (s === undefined ? '(end of file)' : s.length > 300 ? `${s.slice(0, 300)}…` : s);
  assert.fail(
    `${name} differs from the golden file at line ${line + 1} (${a.length} lines vs ${e.length}):\n` +
      `  expected: ${clip(e[line])}\n  actual:   ${clip(a[line])}\n` +
      'If the change is intended: NBX_UPDATE_GOLDEN=1 node --import tsx --test test/golden.test.ts',
  );
}

async function toHtml(c: GoldenCase): Promise<string> {
  const result = await convert(readFileSync(c.input), { to: 'html', file: c.input, ...c.options });
  assert.equal(typeof result.content, 'string');
  return result.content as string;
}

describe('golden HTML (<main> only)', () => {
  for (const c of cases) {
    test(c.golden, async () => {
      checkGolden(c.golden, mainPart(await toHtml(c)));
    });
  }
});

describe('the head of the golden pages', () => {
  for (const c of cases) {
    test(`${c.golden}: KaTeX @font-face data URIs ${c.math ? 'inlined' : 'absent'}`, async () => {
      const page = await toHtml(c);
      const head = page.slice(0, page.indexOf('</head>'));
      assert.ok(head.length > 0 && head.startsWith('<!DOCTYPE html>'));
      const faces = head.match(/@font-face\s*\{[^}]*\}/g) ?? [];
      const inlined = faces.filter((f) => /src:url\(data:font\/woff2;base64,[A-Za-z0-9+/=]+\)/.test(f));
      if (c.math) {
        assert.ok(inlined.some((f) => /font-family:\s*KaTeX_Main/.test(f)), "KaTeX's base font is inlined");
        assert.equal(inlined.length, faces.length, 'every @font-face is a data URI');
        assert.match(head, /\.katex\{/, "KaTeX's CSS rules");
        assert.doesNotMatch(head, /url\(fonts\//, 'no font left pointing at a relative file');
      } else {
        assert.equal(faces.length, 0);
        assert.doesNotMatch(head, /\.katex\{|data:font\//, "no KaTeX stylesheet (nbx's own .katex-display rule is fine)");
      }
      // The body never carries stylesheets of its own.
      assert.doesNotMatch(page.slice(page.indexOf('<main>')), /@font-face/);
    });
  }
});

test('golden --to json of tour.ipynb (the model after transforms)', async () => {
  const file = fixture('tour.ipynb');
  const result = await convert(readFileSync(file), { to: 'json', file });
  assert.equal(result.extension, '.json');
  const text = result.content as string;
  // Sanity before comparing: the dump is JSON, transforms ran, bytes are base64.
  const model = JSON.parse(text) as { cells: Array<{ id: string }> };
  assert.ok(!model.cells.some((c) => c.id === 'hidden'), 'remove-cell applied');
  assert.match(text, /"base64": "iVBORw0KGgo/);
  checkGolden('tour.json', text);
});
