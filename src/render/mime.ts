// Choosing one representation per output, by an exporter's priority list.
import type { MimeBundle } from '../notebook/model.js';

export const WIDGET_VIEW = 'application/vnd.jupyter.widget-view+json';
export const WIDGET_STATE = 'application/vnd.jupyter.widget-state+json';

/** nbconvert's HTML display priority (plus image types and JSON, which it drops). */
export const HTML_PRIORITY = [
  WIDGET_VIEW,
  // Figures drawn from their JSON, before the RequireJS text/html beside them (which needs the network).
  'application/vnd.plotly.v1+json',
  'application/vnd.vega.v5+json',
  'application/vnd.vegalite.v5+json',
  'application/vnd.vegalite.v4+json',
  'application/javascript',
  'text/html',
  'text/markdown',
  'image/svg+xml',
  'text/latex',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'text/plain',
  // nbconvert drops JSON; we show it when nothing else is there.
  'application/json',
];

/** The first MIME type of `priority` present in the bundle, or null. */
export function chooseMime(bundle: MimeBundle, priority: readonly string[]): string | null {
  for (const mime of priority) if (bundle[mime] !== undefined) return mime;
  return null;
}
