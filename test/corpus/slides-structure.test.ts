// The decks of the corpus notebooks with slide metadata have nbconvert's
// <section> / fragment / notes structure: compared with `jupyter-nbconvert
// --to slides` run now (no structure of a corpus notebook is stored in the
// repository). Skipped only when jupyter-nbconvert is absent (.ci/run installs it).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { convert } from '../../src/convert.js';
import { Diagnostics } from '../../src/errors.js';
import { readNotebook } from '../../src/notebook/read.js';
import { byId, deckShape, nbconvertDeck, nbconvertVersion } from '../slides-structure-helper.js';
import { corpusFile } from './corpus.js';

const nbconvert = nbconvertVersion();

describe('slide structure of corpus notebooks equals nbconvert\'s', { skip: nbconvert ? false : 'jupyter-nbconvert is not installed (Debian: jupyter-nbconvert)' }, () => {
  for (const name of ['rise__README', 'ipython__Beyond_Plain_Python', 'juliatutorials__00.Julia_is_fast']) {
    test(name, async () => {
      const bytes = readFileSync(corpusFile(`${name}.ipynb`));
      const expected = nbconvertDeck(JSON.parse(bytes.toString('utf8')), name);
      assert.ok(Array.isArray(expected), `nbconvert failed: ${JSON.stringify(expected)}`);
      const { content } = await convert(bytes, { to: 'slides' });
      // nbx writes each cell's id; the model maps ids back to positions.
      const positions = new Map(readNotebook(bytes, null, new Diagnostics()).cells.map((c, i) => [c.id, i]));
      assert.deepEqual(deckShape(content as string, byId(positions)), expected);
    });
  }
});
