// ANSI escape sequences (streams, tracebacks) → HTML spans, via ansi_up.
// Basic colours become JupyterLab's classes (`ansi-red-fg`) so themes apply;
// 256 and 24-bit colours become inline styles.
import { AnsiUp } from 'ansi_up';

// ansi_up's own escaping (note &#x27;, where escapeHtml writes &#39;).
const ANSI_UP_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };

export function ansiToHtml(text: string): string {
  // Most streams hold no escape at all: ansi_up would return them escaped, as here, after
  // building a converter (256-colour palette, regexes) and walking the text packet by packet.
  if (!text.includes('\x1b')) return text.replace(/[&<>"']/g, (c) => ANSI_UP_ESCAPES[c]!);
  // A fresh converter per call: ansi_up keeps colour state between calls.
  const converter = new AnsiUp();
  converter.use_classes = true;
  converter.escape_html = true;
  return converter.ansi_to_html(text);
}

// CSI sequences (colours, cursor moves), OSC sequences (titles, hyperlinks) and lone ESCs.
const ANSI_PATTERN = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]?/g;

/** Remove every escape sequence, for formats that cannot show colour. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_PATTERN, '');
}
