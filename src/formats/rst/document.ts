// An RST document assembled from blocks, with the state that must be
// consistent across the whole file: section adornments by depth, hyperlink
// reference names, substitution names, the raw-html role.
//
// RST is sensitive to what stands next to what: an indented block after a
// list or directive joins it, a transition may not start or end a section.
// Blocks therefore carry a kind, and joining inserts the empty comment `..`
// (which ends any construct and consumes nothing) where RST would merge them.
import { columnWidth } from './escape.js';

export type BlockKind =
  | 'paragraph'
  | 'title'
  /** Bullet, enumerated or line-block lists: indented text after them would continue them. */
  | 'list'
  /** A block quote (indented body). */
  | 'indented'
  /** Directives, comments, substitution definitions: indented text after them is their content. */
  | 'explicit'
  | 'transition';

export interface Block {
  kind: BlockKind;
  text: string;
}

export const block = (kind: BlockKind, text: string): Block => ({ kind, text });

function needsSeparator(prev: Block | undefined, next: Block): boolean {
  if (next.kind === 'indented') return prev?.kind !== 'paragraph' && prev?.kind !== 'title';
  // Two lists in a row would merge (or, enumerated, complain about numbering).
  return prev?.kind === 'list' && next.kind === 'list';
}

/** Blocks separated by blank lines, with `..` where RST would merge them. */
export function joinBlocks(blocks: readonly Block[]): string {
  const parts: string[] = [];
  let prev: Block | undefined;
  for (const b of blocks) {
    if (needsSeparator(prev, b)) parts.push('..');
    parts.push(b.text);
    prev = b;
  }
  return parts.join('\n\n');
}

// Underline characters by section depth (the first six of docutils' suggestions).
const ADORNMENTS = ['=', '-', '~', '^', '"', "'"];
const TRANSITION = block('transition', '----');

/** Reference names are case- and whitespace-insensitive in RST. */
const referenceName = (text: string): string => text.replace(/\s+/g, ' ').trim().toLowerCase();

export class RstDocument {
  private readonly blocks: Block[] = [];
  private pendingTransition = false;
  /** Markdown levels of the open sections, outermost first. */
  private readonly openLevels: number[] = [];
  /** Reference name → URI of the named hyperlink targets made so far. */
  private readonly targets = new Map<string, string>();
  private substitutions = 0;
  private rawHtmlRole = false;

  /**
   * Adds top-level blocks. A transition is held until the next block and dropped
   * when RST forbids it there: at the start of the document or a section, next
   * to another transition, at the end of the document.
   */
  add(...blocks: Block[]): void {
    for (const b of blocks) {
      if (b.kind === 'transition') {
        const last = this.blocks.at(-1);
        this.pendingTransition ||= last !== undefined && last.kind !== 'title';
        continue;
      }
      if (this.pendingTransition && b.kind !== 'title') this.blocks.push(TRANSITION);
      this.pendingTransition = false;
      this.blocks.push(b);
    }
  }

  /**
   * A section title for a markdown heading of `level`. Depth follows the open
   * sections (a `###` right under a `#` is depth 2), so the adornment of each
   * depth is always the same, as RST requires.
   */
  title(level: number, text: string): Block {
    while (this.openLevels.length && this.openLevels.at(-1)! >= level) this.openLevels.pop();
    this.openLevels.push(level);
    const char = ADORNMENTS[Math.min(this.openLevels.length, ADORNMENTS.length) - 1]!;
    return block('title', `${text}\n${char.repeat(columnWidth(text))}`);
  }

  /**
   * A hyperlink reference. Named (`` `text <uri>`_ ``) when the name is new,
   * reused (`` `text`_ ``) when it already means this URI, and anonymous
   * (`` `text <uri>`__ ``) when the name is taken by another URI, so names
   * never collide.
   */
  reference(text: string, escapedText: string, uri: string, escapedUri: string): string {
    const name = referenceName(text);
    const known = this.targets.get(name);
    if (known === uri) return `\`${escapedText}\`_`;
    if (known === undefined && name) {
      this.targets.set(name, uri);
      return `\`${escapedText} <${escapedUri}>\`_`;
    }
    return `\`${escapedText} <${escapedUri}>\`__`;
  }

  /** A new substitution name for an inline image. */
  substitution(): string {
    return `image${++this.substitutions}`;
  }

  /** Inline raw HTML uses a role declared once at the top. */
  rawHtml(): string {
    this.rawHtmlRole = true;
    return 'raw-html';
  }

  toString(): string {
    const head = this.rawHtmlRole ? [block('explicit', '.. role:: raw-html(raw)\n   :format: html')] : [];
    const text = joinBlocks([...head, ...this.blocks]);
    return text ? text + '\n' : '';
  }
}
