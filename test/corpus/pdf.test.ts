// PDFs of corpus notebooks (#5), read back with poppler: typeset math, the
// outline, metadata, the attached notebook, code and outputs in the text
// layer, CJK, paper options, and convert() without open() leaving nothing.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { convert, type ConvertOptions } from '../../src/convert.js';
import { pdfExporter } from '../../src/formats/pdf/exporter.js';
import { repoRoot } from '../helpers.js';
import {
  assertCodeInText, assertNothingCutOff, flattenOutline, gone, noFontFor, pdfAttachments, pdfImages, pdfInfo, pdfOutline, pdfTestsSkipped, pdfText, squeeze,
} from '../pdf-helpers.js';
import { corpusDir } from './corpus.js';

const skip = pdfTestsSkipped();
const noCjkFont = noFontFor('zh');
const tmp = mkdtempSync(path.join(tmpdir(), 'nbx-pdf-corpus-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const timeout = 60_000;

async function exportPdf(file: string, options: Partial<ConvertOptions> = {}) {
  const result = await convert(readFileSync(file), { to: 'pdf', file, ...options });
  const out = path.join(tmp, path.basename(file).replace(/\.ipynb$/, '') + (options.landscape ? '-landscape' : '') + '.pdf');
  writeFileSync(out, result.content);
  return { pdf: out, warnings: result.warnings.map((w) => w.message) };
}

// The suite's limit is the sum of its tests' (a hang still fails the test it is in).
describe('pdf export of corpus notebooks', { skip, timeout: 5 * timeout }, () => {
  before(() => pdfExporter.open!({}), { timeout });
  after(() => pdfExporter.close!(), { timeout });

  test('math notebook: typeset math, outline from the headings, metadata, notebook attached', { timeout }, async () => {
    const file = path.join(corpusDir, 'jupyter-notebook__Typesetting_Equations.ipynb');
    const { pdf } = await exportPdf(file);
    const text = pdfText(pdf);
    // The only `$` left are those the notebook shows as code (its "Source" blocks).
    const nb = JSON.parse(readFileSync(file, 'utf8')) as { cells: { cell_type: string; source: string[] }[] };
    let inCode = 0;
    for (const cell of nb.cells.filter((c) => c.cell_type === 'markdown')) {
      for (const m of cell.source.join('').matchAll(/```[\s\S]*?```|`[^`\n]+`/g)) inCode += m[0].split('$').length - 1;
    }
    assert.equal(text.split('$').length - 1, inCode, 'no raw $…$ math outside code');
    assert.equal(text.split('This expression $\\sqrt{3x-1}').length - 1, 1, 'the displayed copy of the inline math is typeset');
    assert.match(text, /σ\(y\s*−\s*x\)/, 'Lorenz equations typeset (σ, minus sign)');
    assert.match(text, /∇\s*×/, "Maxwell's equations typeset");

    const outline = pdfOutline(pdf);
    assert.equal(outline[0]?.title, 'Motivating Examples');
    assert.deepEqual(outline[0]!.children.slice(0, 2).map((i) => [i.title, i.children.map((c) => c.title)]), [
      ['The Lorenz Equations', ['Source', 'Display']],
      ['The Cauchy-Schwarz Inequality', ['Source', 'Display']],
    ]);
    assert.ok(flattenOutline(outline).includes("Maxwell's Equations"));

    const info = pdfInfo(pdf);
    assert.equal(info.Title, 'Motivating Examples');
    assert.equal(info.Creator, 'nbx');
    assert.equal(info['Page size'], '612 x 792 pts (letter)');
    assert.equal(info.Tagged, 'yes');

    const attached = pdfAttachments(pdf);
    assert.deepEqual([...attached.keys()], ['jupyter-notebook__Typesetting_Equations.ipynb']);
    assert.ok(attached.get('jupyter-notebook__Typesetting_Equations.ipynb')!.equals(readFileSync(file)), 'attachment is the notebook byte for byte');
  });

  test('corpus notebook with plots and LaTeX outputs: code and outputs in the text layer', { timeout }, async () => {
    const sympy = path.join(corpusDir, 'ipython__SymPy.ipynb');
    const { pdf } = await exportPdf(sympy);
    const text = pdfText(pdf);
    assertCodeInText(sympy, pdf);
    assert.ok(text.includes('262537412640768743.99999999999925007259719818568888'), 'text output');
    assert.ok(pdfImages(pdf).length >= 2, 'PNG plots embedded');
    assert.ok(!text.includes('\\frac') && !text.includes('\\left('), 'LaTeX outputs typeset');
    assertNothingCutOff(pdf);
  });

  test('corpus notebook in Chinese: CJK text, code and headings', { skip: noCjkFont, timeout }, async () => {
    const cjk = path.join(corpusDir, 'tf-docs-l10n__zh-cn_unicode.ipynb');
    const { pdf } = await exportPdf(cjk);
    assertCodeInText(cjk, pdf);
    assert.ok(squeeze(pdfText(pdf)).includes('本教程介绍了如何在TensorFlow中表示Unicode字符串'), 'Chinese markdown text');
    assert.ok(flattenOutline(pdfOutline(pdf)).includes('Unicode 字符串'), 'CJK heading in the outline');
    assertNothingCutOff(pdf);
  });

  test('--paper a4 --landscape, --no-attach', { timeout }, async () => {
    const file = path.join(corpusDir, 'nbconvert__notebook1.ipynb');
    const { pdf } = await exportPdf(file, { paper: 'a4', landscape: true, noAttach: true });
    assert.equal(pdfInfo(pdf)['Page size'], '841.92 x 595.92 pts (A4)');
    assert.equal(pdfAttachments(pdf).size, 0);
  });
});

describe('pdf export from the library, without open()', { skip, timeout }, () => {
  test('convert() starts and stops its own browser: the process ends by itself, nothing left', () => {
    const scratch = mkdtempSync(path.join(tmp, 'tmpdir-'));
    const script = `
      import { readFileSync } from 'node:fs';
      import { convert } from ${JSON.stringify(path.join(repoRoot, 'src/convert.ts'))};
      const file = ${JSON.stringify(path.join(corpusDir, 'nbconvert__notebook1.ipynb'))};
      const { content } = await convert(readFileSync(file), { to: 'pdf', file });
      console.log(content.length);
    `;
    // Were the browser left running, node would not exit: the timeout fails the test.
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, TMPDIR: scratch }, encoding: 'utf8', timeout: 60_000,
    });
    assert.ok(Number(out) > 1000, 'a PDF was made');
    return gone(scratch).then((left) => assert.deepEqual(left, [], 'no browser process left'));
  });
});
