// Records, once, the slide structure jupyter-nbconvert gives the corpus
// notebooks that carry slide metadata and the hand-made sequences, as the
// fixtures test/slides-structure.test.ts compares nbx's decks with:
//
//   node --import tsx scripts/record-slides.ts
//
// Each cell is tagged `nbxcell-<position>` in a copy of the notebook (nbconvert
// writes tags into class names; tags do not change how slides are grouped),
// the copy goes through `jupyter-nbconvert --to slides --stdout`, and the
// <section>/fragment/notes nesting of the deck is written as JSON.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { byTag, deckShape, formatShapes, sequenceNotebook, tagCells, type Sequence, type Shape } from '../test/slides-structure-helper.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = path.join(root, 'test', 'fixtures', 'slides');
const corpus = path.resolve(root, '../shared/corpus');
export const CORPUS_DECKS = ['rise__README', 'ipython__Beyond_Plain_Python', 'juliatutorials__00.Julia_is_fast'];

const version = spawnSync('jupyter-nbconvert', ['--version'], { encoding: 'utf8' }).stdout.trim();
if (!version) throw new Error('jupyter-nbconvert not found');
const work = mkdtempSync(path.join(tmpdir(), 'nbx-record-slides-'));

/** nbconvert's deck of a notebook, or the first line of its error. */
function record(nb: object, name: string): Shape[] | { error: string } {
  const file = path.join(work, `${name.replace(/\W+/g, '_')}.ipynb`);
  writeFileSync(file, JSON.stringify(nb));
  const run = spawnSync('jupyter-nbconvert', ['--to', 'slides', '--stdout', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status !== 0) {
    const last = run.stderr.trim().split('\n').pop() ?? '';
    return { error: last };
  }
  return deckShape(run.stdout, byTag);
}

try {
  for (const name of CORPUS_DECKS) {
    const nb = JSON.parse(readFileSync(path.join(corpus, `${name}.ipynb`), 'utf8')) as { cells: { cell_type: string }[] };
    // Raw cells are not wrapped in an element by nbconvert: they could not be told apart.
    if (nb.cells.some((c) => c.cell_type === 'raw')) throw new Error(`${name}: raw cells are not supported by this recorder`);
    const deck = record(tagCells(nb as never), name);
    if (!Array.isArray(deck)) throw new Error(`${name}: ${deck.error}`);
    const json = `{\n"notebook": ${JSON.stringify(`${name}.ipynb`)},\n"recorded_with": ${JSON.stringify(`jupyter-nbconvert ${version} --to slides`)},\n"deck": ${formatShapes(deck)}\n}\n`;
    writeFileSync(path.join(fixtures, `${name}.json`), json);
    console.log(`${name}: ${deck.length} slides`);
  }

  const sequencesFile = path.join(fixtures, 'sequences.json');
  const sequences = JSON.parse(readFileSync(sequencesFile, 'utf8')) as Sequence[];
  const lines = sequences.map((seq) => {
    const nbconvert = record(sequenceNotebook(seq.cells), seq.name);
    console.log(`${seq.name}: ${JSON.stringify(nbconvert)}`);
    return `{"name": ${JSON.stringify(seq.name)},\n "cells": ${JSON.stringify(seq.cells)},\n "nbconvert": ${JSON.stringify(nbconvert)}}`;
  });
  writeFileSync(sequencesFile, `[\n${lines.join(',\n')}\n]\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
