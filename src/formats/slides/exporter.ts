// Slides exporter: a reveal.js deck with nbconvert's slide semantics
// (slides-deck.ts), cells rendered as in the HTML export, and reveal.js
// inlined from the npm package so the deck opens offline, speaker notes
// included. `--reveal-prefix` links a reveal.js copy instead, as nbconvert.
import { NbxError, ExitCode } from '../../errors.js';
import type { Notebook } from '../../notebook/model.js';
import { escapeHtml, jsonForScript } from '../../render/escape.js';
import { HTML_PRIORITY } from '../../render/mime.js';
import { pageView, prepareHtml, renderCells, type CellView } from '../html/exporter.js';
import { revealCss, revealJs, revealNotesJs, revealThemeCss, revealThemes, slidesCss, slidesFitJs } from './assets.js';
import { buildDeck, slideType, type DeckNode, type SlideData } from './deck.js';
import { loadTemplates } from '../templates.js';
import type { ExportContext, Exporter, RevealOptions } from '../types.js';

export const TRANSITIONS = ['none', 'fade', 'slide', 'convex', 'concave', 'zoom'] as const;
export const SLIDE_NUMBERS = ['c', 'c/t', 'h.v', 'h/v'] as const;

export const slidesExporter: Exporter = {
  name: 'slides',
  extension: '.slides.html',
  description: 'reveal.js slide deck that works offline',
  mimePriority: HTML_PRIORITY,
  async export(nb, ctx) {
    await prepareHtml(nb, ctx.options);
    return { content: renderSlides(nb, ctx), files: [] };
  },
};

/** Extra reveal.js settings a caller adds to the deck's configuration (printing). */
export type RevealConfig = Record<string, string | number | boolean>;

/** A deck node as `slide_node.hbs` renders it. */
interface NodeView {
  tag?: 'section' | 'div';
  /** ` class="fragment"` and data-* attributes, escaped. */
  attrs?: string;
  children?: NodeView[];
  notes?: boolean;
  cell?: CellView;
}

export function renderSlides(nb: Notebook, ctx: ExportContext, extraConfig: RevealConfig = {}): string {
  const { diag, options } = ctx;
  const reveal = checkReveal(options.reveal ?? {}, options.theme ?? 'light');
  const deck = buildDeck(nb.cells, { diag, sanitize: options.sanitize });
  if (!deck) return diag.fail('cells', 'every cell is "skip" or "notes": there is no slide to show');
  // Kept where nbconvert puts them, outside every slide, where no speaker view finds them.
  for (const node of deck) {
    if (node.kind === 'notes') diag.warn(`cells[${nb.cells[node.cell]!.index}]`, 'notes before the first slide belong to no slide: reveal.js does not show them');
  }

  // Skipped cells are not rendered at all (their math is not numbered either).
  const shown = { ...nb, cells: nb.cells.filter((c) => slideType(c.metadata) !== 'skip') };
  const { views, math } = renderCells(shown, ctx);
  const nodeView = (node: DeckNode): NodeView => {
    switch (node.kind) {
      case 'section': return { tag: 'section', attrs: attributes(node.data), children: node.children.map(nodeView) };
      case 'fragment': return { tag: 'div', attrs: ` class="fragment"${attributes(node.data)}`, children: node.children.map(nodeView) };
      default: return { cell: views.get(nb.cells[node.cell]!), notes: node.kind === 'notes' };
    }
  };
  const page = pageView(shown, ctx, shown.cells.map((c) => views.get(c)).filter((v): v is CellView => v !== undefined), math);

  const render = loadTemplates('slides', options.templateDir, 'html');
  return render({
    ...page,
    reveal: {
      prefix: reveal.prefix,
      theme: reveal.theme,
      css: reveal.prefix ? null : revealCss(),
      themeCss: reveal.prefix ? null : revealThemeCss(reveal.theme, options.cdn ?? false),
      js: reveal.prefix ? null : revealJs(),
      notesJs: reveal.prefix ? null : revealNotesJs(),
      slidesCss: slidesCss(),
      fitJs: slidesFitJs(),
      scroll: reveal.scroll,
      config: jsonForScript({ ...revealConfig(reveal), ...extraConfig }),
    },
    deck: deck.map(nodeView),
  });
}

interface CheckedReveal {
  prefix: string | null;
  theme: string;
  transition: string;
  number: string | false;
  width?: number | string;
  height?: number | string;
  scroll: boolean;
}

/** The --reveal-* values, checked (usage errors) and with nbx's defaults. */
function checkReveal(reveal: RevealOptions, pageTheme: 'light' | 'dark'): CheckedReveal {
  const usage = (message: string) => new NbxError(message, ExitCode.usage);
  const prefix = reveal.prefix ? reveal.prefix.replace(/\/+$/, '') : null;
  // white and black embed their fonts; several other themes load web fonts.
  const theme = reveal.theme ?? (pageTheme === 'dark' ? 'black' : 'white');
  if (prefix ? !/^[\w.-]+$/.test(theme) : !revealThemes().includes(theme)) {
    throw usage(`unknown reveal.js theme "${theme}": choose one of ${revealThemes().join(', ')}`);
  }
  const transition = reveal.transition ?? 'slide';
  if (!(TRANSITIONS as readonly string[]).includes(transition)) {
    throw usage(`unknown reveal.js transition "${transition}": choose one of ${TRANSITIONS.join(', ')}`);
  }
  const number = reveal.number || false;
  if (number !== false && !(SLIDE_NUMBERS as readonly string[]).includes(number)) {
    throw usage(`unknown slide number format "${number}": choose one of ${SLIDE_NUMBERS.join(', ')}`);
  }
  const size = (name: string, v: number | string | undefined) => {
    if (v === undefined || (typeof v === 'number' && v > 0) || (typeof v === 'string' && /^\d+(\.\d+)?%$/.test(v))) return v;
    throw usage(`--reveal-${name} must be a number of pixels or a percentage, not "${v}"`);
  };
  return {
    prefix, theme, transition, number,
    width: size('width', reveal.width), height: size('height', reveal.height),
    scroll: reveal.scroll ?? false,
  };
}

function revealConfig(reveal: CheckedReveal): RevealConfig {
  const config: RevealConfig = {
    // As nbconvert's deck: controls, progress bar, and the slide in the URL.
    controls: true,
    progress: true,
    history: true,
    transition: reveal.transition,
    slideNumber: reveal.number,
  };
  if (reveal.width !== undefined) config.width = reveal.width;
  if (reveal.height !== undefined) config.height = reveal.height;
  return config;
}

/** ` data-x="…"` attributes (escaped) of a slide, subslide or fragment. */
function attributes(data: SlideData): string {
  return Object.entries(data).map(([name, value]) => ` ${name}="${escapeHtml(value)}"`).join('');
}
