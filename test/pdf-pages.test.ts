// PDF pages without large gaps (issue 16): pages are rendered by pdftoppm and
// the blank share at the end of each page but the last is measured. Long
// cells break across pages, small ones and headings with what follows stay
// together; what cannot wrap is scaled to fit, with a warning below 60 %.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { convert } from '../src/convert.js';
import { blankShares, mean } from './pdf-blank.js';
import { code, html, ipynb, md, pdfTestsSkipped, pdfText, squeeze, stream } from './pdf-helpers.js';

const skip = pdfTestsSkipped();
const work = mkdtempSync(path.join(tmpdir(), 'nbx-pdf-pages-'));
after(() => rmSync(work, { recursive: true, force: true }));

async function printed(name: string, notebook: string) {
  const result = await convert(notebook, { to: 'pdf', file: `${name}.ipynb` });
  const file = path.join(work, `${name}.pdf`);
  writeFileSync(file, result.content);
  return { file, warnings: result.warnings.map((w) => w.message) };
}

const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag} line ${i + 1}: some output of the computation\n`).join('');
const prose = 'A paragraph of explanation between the cells, long enough to wrap over two lines of the printed page at its width.';

describe('PDF pages', { skip }, () => {
  it('end with small gaps: long cells break, headings stay with what follows', async () => {
    const cells = [md('# Report')];
    for (let i = 1; i <= 8; i++) {
      cells.push(md(`## Section ${i}\n\n${prose}`));
      cells.push(code(`for step in range(${20 + i}):\n    print(step)`, [stream(lines(20 + 2 * i, `s${i}`))], i));
      cells.push(code(`x${i} = ${i}`, [], i));
    }
    const { file } = await printed('gaps', ipynb(cells));
    const shares = blankShares(file);
    assert.ok(shares.length >= 3, `${shares.length + 1} pages`);
    assert.ok(mean(shares) <= 0.1, `mean blank share ${mean(shares).toFixed(2)}: ${shares.map((s) => s.toFixed(2))}`);
    assert.ok(Math.max(...shares) <= 0.25, `worst blank share ${Math.max(...shares).toFixed(2)}`);
    // No page ends with a heading: it stays with its section.
    for (const page of pdfText(file, true).split('\f').slice(0, -1)) {
      const last = page.trim().split('\n').at(-2) ?? ''; // the last line is the page number
      assert.doesNotMatch(last, /^\s*Section \d+\s*$/, `a page ends with a heading:\n${page.slice(-300)}`);
    }
  });

  it('what cannot wrap is scaled to fit, never cut; below 60 % with a warning', async () => {
    const row = (n: number) => `<tr>${Array.from({ length: n }, (_, i) => `<td>column_value_${i}</td>`).join('')}</tr>`;
    const { warnings: fine } = await printed('fits', ipynb([code('df', [html(`<table>${row(6)}</table>`)])]));
    assert.deepEqual(fine.filter((w) => /wide element/.test(w)), []);
    const { warnings } = await printed('too-wide', ipynb([code('df', [html(`<table>${row(40)}</table>`)])]));
    assert.ok(warnings.some((w) => /1 wide element .* printed below 60 % of its size/.test(w)), warnings.join('\n'));
    assert.ok(squeeze(pdfText(path.join(work, 'too-wide.pdf'))).includes('column_value_39'), 'the last column is printed, not cut');
  });
});
