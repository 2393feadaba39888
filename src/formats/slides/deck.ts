// Which cells go on which slide: nbconvert's slide semantics, as a tree.
//
// nbconvert (SlidesExporter's _RevealMetadataPreprocessor) marks each cell
// with flags (slide/subslide/fragment start and end) and its reveal template
// opens and closes <section>/<div class="fragment"> around cells from them.
// `slideMarks` is that pass; `buildDeck` replays the template's opening and
// closing tags into a plain tree, so the result is nbconvert's on every
// sequence, odd ones included (notes before the first slide stay outside every slide).
import type { Diagnostics } from '../../errors.js';
import type { JsonObject, JsonValue } from '../../notebook/model.js';

/** `data-*` attributes of a slide, subslide or fragment, from metadata.slideshow.data. */
export type SlideData = Record<string, string>;

/**
 * A deck as the browser sees it: <section> (a slide, or a vertical subslide
 * inside one), <div class="fragment">, <aside class="notes"> holding one
 * cell, and cells (by position in the notebook's cell list).
 */
export type DeckNode =
  | { kind: 'section'; data: SlideData; children: DeckNode[] }
  | { kind: 'fragment'; data: SlideData; children: DeckNode[] }
  | { kind: 'notes'; cell: number }
  | { kind: 'cell'; cell: number };

type Container = DeckNode & { children: DeckNode[] };

/** The flags nbconvert's preprocessor sets on a cell. */
export interface SlideMarks {
  type: JsonValue;
  slideStart: boolean;
  subslideStart: boolean;
  fragmentStart: boolean;
  fragmentEnd: boolean;
  subslideEnd: boolean;
  slideEnd: boolean;
}

/**
 * metadata.slideshow.slide_type, '-' when missing. Like nbconvert, any other
 * value (an empty string, an unknown name, a number) is kept and then acts as '-'.
 */
export function slideType(metadata: JsonObject): JsonValue {
  const slideshow = metadata.slideshow;
  if (!isObject(slideshow)) return '-';
  return 'slide_type' in slideshow ? slideshow.slide_type! : '-';
}

const hidden = (type: JsonValue) => type === 'notes' || type === 'skip';

/**
 * nbconvert's marking pass over the slide types of the cells, in order; null
 * when every cell is `skip` or `notes` (nbconvert: "All cells are hidden").
 */
export function slideMarks(types: readonly JsonValue[]): SlideMarks[] | null {
  const marks: SlideMarks[] = types.map((type) => ({
    type, slideStart: false, subslideStart: false, fragmentStart: false, fragmentEnd: false, subslideEnd: false, slideEnd: false,
  }));
  const first = marks.findIndex((m) => !hidden(m.type));
  if (first < 0) return null;
  // The first visible cell opens the deck, whatever its own type.
  Object.assign(marks[first]!, { type: 'slide', slideStart: true, subslideStart: true });

  let inFragment = false;
  for (let i = first + 1; i < marks.length; i++) {
    const cell = marks[i]!;
    const previous = marks[i - 1]!; // whatever its type: skip and notes cells close containers too
    if (cell.type === 'slide') {
      previous.slideEnd = true;
      cell.slideStart = true;
    }
    if (cell.type === 'slide' || cell.type === 'subslide') {
      previous.fragmentEnd = inFragment;
      previous.subslideEnd = true;
      cell.subslideStart = true;
      inFragment = false;
    } else if (cell.type === 'fragment') {
      cell.fragmentStart = true;
      if (inFragment) previous.fragmentEnd = true;
      else inFragment = true;
    }
  }
  const last = marks[marks.length - 1]!;
  Object.assign(last, { fragmentEnd: inFragment, subslideEnd: true, slideEnd: true });
  return marks;
}

export interface DeckOptions {
  diag?: Diagnostics;
  /** Untrusted notebook: drop data-* attributes that load or show HTML. */
  sanitize?: boolean;
}

/**
 * The deck of a notebook's cells, or null when no cell is visible. Skipped
 * cells are left out; their flags still count. Top-level nodes are slides,
 * except notes before the first slide (nbconvert leaves them outside).
 */
export function buildDeck(cells: readonly { metadata: JsonObject; index?: number }[], options: DeckOptions = {}): DeckNode[] | null {
  const marks = slideMarks(cells.map((c) => slideType(c.metadata)));
  if (!marks) return null;
  const deck: DeckNode[] = [];
  // What the template's tags do in the browser: an opening tag nests in the
  // innermost open element, a closing one closes up to its own kind.
  const open: Container[] = [];
  const push = (node: DeckNode) => (open.at(-1)?.children ?? deck).push(node);
  const start = (node: Container) => {
    push(node);
    open.push(node);
  };
  const end = (kind: Container['kind']) => {
    const at = open.map((c) => c.kind).lastIndexOf(kind);
    if (at >= 0) open.length = at;
  };

  marks.forEach((m, i) => {
    let read: SlideData | undefined; // once: the first cell opens both a slide and a subslide
    const data = () => (read ??= slideData(cells[i]!, options, `cells[${cells[i]!.index ?? i}].metadata.slideshow.data`));
    if (m.slideStart) start({ kind: 'section', data: data(), children: [] });
    if (m.subslideStart) start({ kind: 'section', data: data(), children: [] });
    if (m.fragmentStart) start({ kind: 'fragment', data: data(), children: [] });
    if (m.type === 'notes') push({ kind: 'notes', cell: i });
    else if (m.type !== 'skip') push({ kind: 'cell', cell: i });
    if (m.fragmentEnd) end('fragment');
    if (m.subslideEnd) end('section');
    if (m.slideEnd) end('section');
  });
  return deck;
}

const DATA_KEY = /^[A-Za-z0-9_-]+$/;
/**
 * reveal.js attributes that show HTML or load a page: with --sanitize they are
 * dropped (data-notes is put into the speaker view with innerHTML).
 */
const UNSAFE_KEYS = new Set(['notes', 'background-iframe', 'background-interactive', 'preview-link']);
const SCRIPT_URL = /^\s*(javascript|vbscript|data:text\/html)/i;

/**
 * metadata.slideshow.data as reveal.js attributes, as nbconvert 7's template
 * writes them: `{"background_color": "red"}` → `data-background-color="red"`.
 */
export function slideData(cell: { metadata: JsonObject }, options: DeckOptions, where: string): SlideData {
  const slideshow = cell.metadata.slideshow;
  const data = isObject(slideshow) ? slideshow.data : undefined;
  if (data === undefined) return {};
  if (!isObject(data)) {
    options.diag?.warn(where, 'not an object; ignored');
    return {};
  }
  const attributes: SlideData = {};
  for (const [key, value] of Object.entries(data)) {
    const name = key.replace(/_/g, '-');
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (!DATA_KEY.test(key)) {
      options.diag?.warn(where, `key ${JSON.stringify(key)} is not a valid attribute name; ignored`);
    } else if (options.sanitize && (UNSAFE_KEYS.has(name.toLowerCase()) || SCRIPT_URL.test(text))) {
      options.diag?.warn(where, `data-${name} left out (--sanitize)`);
    } else {
      attributes[`data-${name}`] = text;
    }
  }
  return attributes;
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
