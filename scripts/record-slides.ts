// Records, once, the slide structure jupyter-nbconvert gives the notebooks
// with slide metadata written in test/notebooks/ and the hand-made sequences,
// as the fixtures test/slides-structure.test.ts compares nbx's decks with:
//
//   node --import tsx scripts/record-slides.ts
//
// Each cell is tagged `nbxcell-<position>` in a copy of the notebook (nbconvert
// writes tags into class names; tags do not change how slides are grouped),
// the copy goes through `jupyter-nbconvert --to slides --stdout`, and the
// <section>/fragment/notes nesting of the deck is written as JSON. (Corpus
// notebooks are compared with nbconvert live, by npm run test:corpus.)
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VALID } from '../test/notebooks/index.js';
import { formatShapes, nbconvertDeck, nbconvertVersion, sequenceNotebook, type Sequence } from '../test/slides-structure-helper.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = path.join(root, 'test', 'fixtures', 'slides');
/** Generated notebooks whose decks are recorded (test/notebooks/index.ts names). */
export const GENERATED_DECKS = ['slides.ipynb', 'widgets.ipynb'];

const version = nbconvertVersion();
if (!version) throw new Error('jupyter-nbconvert not found');

for (const name of GENERATED_DECKS) {
  const nb = VALID[name]!() as { cells: { cell_type: string }[] };
  const deck = nbconvertDeck(nb, name);
  if (!Array.isArray(deck)) throw new Error(`${name}: ${deck.error}`);
  const json = `{\n"notebook": ${JSON.stringify(`test/notebooks: ${name}`)},\n"recorded_with": ${JSON.stringify(`jupyter-nbconvert ${version} --to slides`)},\n"deck": ${formatShapes(deck)}\n}\n`;
  writeFileSync(path.join(fixtures, name.replace(/\.ipynb$/, '.json')), json);
  console.log(`${name}: ${deck.length} slides`);
}

const sequencesFile = path.join(fixtures, 'sequences.json');
const sequences = JSON.parse(readFileSync(sequencesFile, 'utf8')) as Sequence[];
const lines = sequences.map((seq) => {
  const nbconvert = nbconvertDeck(sequenceNotebook(seq.cells) as never, seq.name, true);
  console.log(`${seq.name}: ${JSON.stringify(nbconvert)}`);
  return `{"name": ${JSON.stringify(seq.name)},\n "cells": ${JSON.stringify(seq.cells)},\n "nbconvert": ${JSON.stringify(nbconvert)}}`;
});
writeFileSync(sequencesFile, `[\n${lines.join(',\n')}\n]\n`);
