// The markdown → reStructuredText renderer (src/markdown/to-rst*.ts):
// fixtures in test/golden/rst hold each markdown input (`<case>.md`) beside
// the RST expected from it (`<case>.rst`), and docutils must read every
// expected file without a warning. After an intended change:
//
//   NBX_UPDATE_GOLDEN=1 node --import tsx --test test/rst.test.ts
//   git diff test/golden/rst/
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Diagnostics } from '../src/errors.js';
import { AttachmentFiles } from '../src/formats/attachment-files.js';
import { OutputFiles } from '../src/formats/output-files.js';
import { removeMath } from '../src/markdown/math-extract.js';
import { RstDocument, markdownToRst } from '../src/formats/rst/markdown.js';
import { escapeLineStarts, escapeText, joinPieces } from '../src/formats/rst/escape.js';
import { pygmentsLexer } from '../src/formats/rst/lexers.js';
import { repoRoot } from './helpers.js';
import { docutilsMessages, randomMarkdown } from './rst-docutils.js';

const goldenDir = path.join(repoRoot, 'test', 'golden', 'rst');
const update = process.env.NBX_UPDATE_GOLDEN === '1';
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

/** Markdown cells → one RST document, as the exporter assembles it (attachment `image.png` available). */
function toRst(...cells: string[]): { rst: string; files: string[]; diag: Diagnostics } {
  const doc = new RstDocument();
  const diag = new Diagnostics('test.ipynb');
  const files = new OutputFiles('nb');
  const attachments = new AttachmentFiles(files, diag);
  cells.forEach((source, i) => {
    const imagePath = attachments.resolver({ 'image.png': { 'image/png': PNG } }, `cells[${i}]`);
    doc.add(...markdownToRst(removeMath(source), { doc, sections: true, sanitize: false, imagePath }));
  });
  return { rst: doc.toString(), files: files.files.map((f) => f.path), diag };
}

const cases = readdirSync(goldenDir).filter((f) => f.endsWith('.md')).sort();

describe('markdown → RST golden files', () => {
  for (const file of cases) {
    it(file.replace(/\.md$/, ''), () => {
      const actual = toRst(readFileSync(path.join(goldenDir, file), 'utf8')).rst;
      const golden = path.join(goldenDir, file.replace(/\.md$/, '.rst'));
      if (update) return writeFileSync(golden, actual);
      assert.ok(existsSync(golden), `${golden} is missing: run with NBX_UPDATE_GOLDEN=1`);
      assert.equal(actual, readFileSync(golden, 'utf8'));
    });
  }

  it('docutils reads every golden file without a warning', (t) => {
    const result = docutilsMessages(cases.map((f) => path.join(goldenDir, f.replace(/\.md$/, '.rst'))));
    if (!result) return t.skip('python3 with docutils is not installed');
    const problems = Object.entries(result.messages).filter(([, lines]) => lines.length);
    assert.deepEqual(problems, []);
  });
});

describe('markdown → RST on random input', () => {
  it('gives RST docutils reads without a warning', (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nbx-rst-random-'));
    const sources = randomMarkdown(300, 42);
    const files = sources.map((source, i) => {
      const file = path.join(dir, `${i}.rst`);
      writeFileSync(file, toRst(source).rst);
      return file;
    });
    const result = docutilsMessages(files, 'null');
    if (!result) return t.skip('python3 with docutils is not installed');
    const problems = files.flatMap((f, i) => (result.messages[f]!.length ? [`${JSON.stringify(sources[i])}\n${result.messages[f]!.join('\n')}`] : []));
    assert.deepEqual(problems, []);
  });
});

describe('markdown → RST', () => {
  it('keeps section depths consistent across cells, whatever levels markdown skips', () => {
    const { rst } = toRst('## Starts at two', '#### Then four', '# One', '### Three', '## Two');
    const underlines = rst.split('\n').filter((l) => /^([=\-~^"'])\1*$/.test(l)).map((l) => l[0]);
    // depth 1, 2, 1, 2, 2: each depth always has the same adornment.
    assert.deepEqual(underlines, ['=', '-', '=', '-', '-']);
  });

  it('names hyperlinks once: reused for the same target, anonymous for another', () => {
    const { rst } = toRst('[x](https://a.org) [x](https://a.org)', '[X](https://b.org)');
    assert.match(rst, /`x <https:\/\/a\.org>`_ `x`_/);
    assert.match(rst, /`X <https:\/\/b\.org>`__/);
  });

  it('extracts attachments and numbers inline images as substitutions', () => {
    const { rst, files, diag } = toRst('A ![one](attachment:image.png) and ![two](attachment:image.png) ![gone](attachment:missing.png)');
    assert.deepEqual(files, ['nb_files/image.png'], 'the same attachment is written once');
    assert.match(rst, /A \|image1\| and \|image2\| \|image3\|/);
    assert.match(rst, /\.\. \|image1\| image:: nb_files\/image\.png/);
    assert.deepEqual(diag.warnings.map((w) => `${w.path}: ${w.message}`), ['cells[0]: attachment "missing.png" not found']);
  });

  it('writes base64 data-URI images to files (a data URI line would exceed docutils line limit)', () => {
    const data = Buffer.from(PNG).toString('base64');
    const { rst, files } = toRst(`![dot](data:image/png;base64,${data})`);
    assert.deepEqual(files, ['nb_files/image.png']);
    assert.match(rst, /^\.\. image:: nb_files\/image\.png$/m);
  });

  it('escapes what RST would read as markup', () => {
    assert.equal(escapeText('a*b `c` |d| e_ f__ snake_case \\'), 'a\\*b \\`c\\` \\|d\\| e\\_ f\\_\\_ snake_case \\\\');
    assert.equal(escapeLineStarts('- x\n---\ny'), '\\- x\n\\---\ny');
    assert.equal(joinPieces([{ text: 'x', markup: false }, { text: '**b**', markup: true }, { text: 'y', markup: false }]), 'x\\ **b**\\ y');
    assert.equal(joinPieces([{ text: '(', markup: false }, { text: '**b**', markup: true }, { text: ').', markup: false }]), '(**b**).');
  });

  it('maps languages to Pygments lexers Sphinx knows, text when unknown', () => {
    assert.equal(pygmentsLexer('ipython3'), 'python');
    assert.equal(pygmentsLexer('python3'), 'python3');
    assert.equal(pygmentsLexer('R'), 'r');
    assert.equal(pygmentsLexer('julia-1.6'), 'julia');
    assert.equal(pygmentsLexer('C++'), 'c++');
    assert.equal(pygmentsLexer('Python [Root]'), 'python');
    assert.equal(pygmentsLexer('no-such-language'), 'text');
    assert.equal(pygmentsLexer(''), 'text');
  });

  it('is deterministic and fast on a worst-case input', () => {
    const nested = '> '.repeat(200) + 'deep\n\n' + '- '.repeat(200) + 'list\n\n';
    const wide = '|' + ' a |'.repeat(200) + '\n|' + '---|'.repeat(200) + '\n' + ('|' + ' *x* $y$ |'.repeat(200) + '\n').repeat(50);
    const noise = '*_`[]()<>|$\\'.repeat(2000);
    const source = nested + wide + '\n' + noise;
    const start = performance.now();
    const first = toRst(source).rst;
    assert.ok(performance.now() - start < 5000, 'renders in under 5 s');
    assert.equal(toRst(source).rst, first);
  });
});
