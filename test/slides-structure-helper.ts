// The slide structure of a reveal.js deck, as plain JSON: which cells are in
// which <section>, fragment and notes <aside>. Used to record nbconvert's decks
// once (scripts/record-slides.ts) and to compare nbx's with them.
import type { Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { findOne, getChildren } from 'domutils';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A cell (its position in the notebook), or a container and what it holds. */
export type Shape = number | { section: Shape[] } | { fragment: Shape[] } | { notes: Shape[] };

/** How a cell element is told apart: returns its position in the notebook, or null. */
export type Identify = (cell: Element) => number | null;

const classes = (el: Element) => (el.attribs.class ?? '').split(/\s+/);
const isElement = (node: unknown): node is Element => (node as Element).type === 'tag';

/** Cells tagged `nbxcell-<n>` (the recorder tags every cell so): nbconvert puts tags in class names. */
export const byTag: Identify = (cell) => {
  const tagged = (el: Element) => classes(el).some((c) => /^celltag_nbxcell-\d+$/.test(c));
  const el = tagged(cell) ? cell : findOne(tagged, cell.children, true);
  const tag = el && classes(el).find((c) => c.startsWith('celltag_nbxcell-'));
  return tag ? Number(tag.slice('celltag_nbxcell-'.length)) : null;
};

/** nbx writes `id="cell-id=<id>"` on every cell. */
export const byId = (positions: Map<string, number>): Identify => (cell) => {
  const id = cell.attribs.id?.replace(/^cell-id=/, '');
  return id !== undefined ? positions.get(id) ?? null : null;
};

/**
 * The structure under `.reveal .slides`: <section>, <div class="fragment"> and
 * <aside class="notes"> are kept, `.jp-Cell` elements become their position,
 * every other element is looked through.
 */
export function deckShape(html: string, identify: Identify): Shape[] {
  const doc = parseDocument(html);
  const slides = findOne((el) => el.name === 'div' && classes(el).includes('slides'), doc.children, true);
  if (!slides) throw new Error('no <div class="slides"> in the deck');
  return walk(slides, identify);
}

function walk(parent: Element, identify: Identify): Shape[] {
  const shapes: Shape[] = [];
  for (const node of getChildren(parent)) {
    if (!isElement(node)) continue;
    const cls = classes(node);
    if (cls.includes('jp-Cell')) {
      const position = identify(node);
      if (position === null) throw new Error(`a cell without identity: <${node.name} class="${node.attribs.class}">`);
      shapes.push(position);
    } else if (node.name === 'section') {
      shapes.push({ section: walk(node, identify) });
    } else if (node.name === 'div' && cls.includes('fragment')) {
      shapes.push({ fragment: walk(node, identify) });
    } else if (node.name === 'aside' && cls.includes('notes')) {
      shapes.push({ notes: walk(node, identify) });
    } else {
      shapes.push(...walk(node, identify));
    }
  }
  return shapes;
}

/** JSON with one line per top-level slide: readable diffs, small files. */
export function formatShapes(shapes: Shape[]): string {
  return `[\n${shapes.map((s) => `  ${JSON.stringify(s)}`).join(',\n')}\n]`;
}

/**
 * A hand-made sequence's cell: its slide_type, null for no slideshow metadata,
 * or `{ slideshow }` for metadata as written (odd values included).
 */
export type SequenceCell = string | null | { slideshow: unknown };

export interface Sequence {
  name: string;
  cells: SequenceCell[];
  /** Recorded from jupyter-nbconvert --to slides; `error` when it refused the notebook. */
  nbconvert?: Shape[] | { error: string };
}

/** The notebook (nbformat 4.2, markdown cells `cell <n>`, tagged nbxcell-<n>) of a sequence. */
export function sequenceNotebook(cells: SequenceCell[]): object {
  return {
    nbformat: 4,
    nbformat_minor: 2,
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' }, language_info: { name: 'python' } },
    cells: cells.map((c, i) => {
      const slideshow = c === null ? undefined : typeof c === 'string' ? { slide_type: c } : c.slideshow;
      return {
        cell_type: 'markdown',
        metadata: { ...(slideshow === undefined ? {} : { slideshow }), tags: [`nbxcell-${i}`] },
        source: `cell ${i}`,
      };
    }),
  };
}

/** A copy of a notebook (raw JSON) with every cell tagged `nbxcell-<position>`. */
export function tagCells(nb: { cells: { metadata?: { tags?: string[] } }[] }): object {
  return {
    ...nb,
    cells: nb.cells.map((cell, i) => ({ ...cell, metadata: { ...cell.metadata, tags: [...(cell.metadata?.tags ?? []), `nbxcell-${i}`] } })),
  };
}

/**
 * nbconvert's deck of a notebook (`jupyter-nbconvert --to slides`, cells
 * tagged by position first unless `tagged`), or the last line of its error. Used by
 * scripts/record-slides.ts and, live, by corpus/slides-structure.test.ts.
 */
export function nbconvertDeck(nb: { cells: { cell_type: string; metadata?: { tags?: string[] } }[] }, name: string, tagged = false): Shape[] | { error: string } {
  // Raw cells are not wrapped in an element by nbconvert: they could not be told apart.
  if (nb.cells.some((c) => c.cell_type === 'raw')) throw new Error(`${name}: raw cells are not supported by this recorder`);
  const work = mkdtempSync(path.join(tmpdir(), 'nbx-nbconvert-deck-'));
  try {
    const file = path.join(work, `${name.replace(/\W+/g, '_')}.ipynb`);
    writeFileSync(file, JSON.stringify(tagged ? nb : tagCells(nb)));
    const run = spawnSync('jupyter-nbconvert', ['--to', 'slides', '--stdout', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (run.status !== 0) return { error: run.stderr.trim().split('\n').pop() ?? '' };
    return deckShape(run.stdout, byTag);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** jupyter-nbconvert's version, or null when it is not installed. */
export function nbconvertVersion(): string | null {
  const r = spawnSync('jupyter-nbconvert', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}
