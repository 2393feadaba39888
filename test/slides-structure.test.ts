// nbx's decks have the <section> / fragment / notes structure nbconvert's
// have: compared with structures recorded once from `jupyter-nbconvert --to
// slides` (test/fixtures/slides, see its README) for the notebooks with slide
// metadata written in test/notebooks/ and for hand-made sequences of slide
// types. Corpus decks are compared with nbconvert live: corpus/slides-structure.test.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { convert } from '../src/convert.js';
import { Diagnostics, NbxError } from '../src/errors.js';
import { readNotebook } from '../src/notebook/read.js';
import { repoRoot } from './helpers.js';
import { allNotebooks } from './notebooks/index.js';
import { byId, byTag, deckShape, sequenceNotebook, type Sequence, type Shape } from './slides-structure-helper.js';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'slides');
const read = <T>(name: string) => JSON.parse(readFileSync(path.join(fixtures, name), 'utf8')) as T;

async function nbxDeck(bytes: Uint8Array | string): Promise<string> {
  const { content } = await convert(bytes, { to: 'slides' });
  return content as string;
}

describe('slide structure of generated notebooks equals nbconvert\'s', () => {
  for (const name of ['slides.ipynb', 'widgets.ipynb']) {
    test(name, async () => {
      const recorded = read<{ deck: Shape[] }>(name.replace(/\.ipynb$/, '.json'));
      const bytes = allNotebooks().get(name)!;
      // nbx writes each cell's id; the model maps ids back to positions.
      const positions = new Map(readNotebook(bytes, null, new Diagnostics()).cells.map((c, i) => [c.id, i]));
      assert.deepEqual(deckShape(await nbxDeck(bytes), byId(positions)), recorded.deck);
    });
  }
});

describe('slide structure of hand-made sequences equals nbconvert\'s', () => {
  for (const seq of read<Sequence[]>('sequences.json')) {
    test(seq.name, async () => {
      const nb = JSON.stringify(sequenceNotebook(seq.cells));
      if (seq.nbconvert && 'error' in seq.nbconvert) {
        // nbconvert: "All cells are hidden, cannot create slideshow"
        await assert.rejects(nbxDeck(nb), (e: unknown) => e instanceof NbxError && /no slide to show/.test(e.message));
      } else {
        assert.deepEqual(deckShape(await nbxDeck(nb), byTag), seq.nbconvert);
      }
    });
  }
});
