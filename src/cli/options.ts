// The `nbx convert` command line, declared with commander.
import { Command, InvalidArgumentError, Option } from 'commander';
import { exporters } from '../exporters/index.js';
import { SLIDE_NUMBERS, TRANSITIONS } from '../exporters/slides.js';

export interface CliOptions {
  to: string;
  output?: string;
  outputDir?: string;
  stdout?: boolean;
  input: boolean; // --no-input
  prompt: boolean; // --no-prompt
  removeTag: string[];
  sanitize?: boolean;
  theme: 'light' | 'dark';
  cdn?: boolean;
  template?: string;
  quiet?: boolean;
  failOnWarnings?: boolean;
  debug?: boolean;
  paper?: 'letter' | 'a4';
  toc?: boolean;
  landscape?: boolean;
  chrome?: string;
  timeout?: number;
  allowNetwork?: boolean;
  attach: boolean; // --no-attach
  revealPrefix?: string;
  revealTheme?: string;
  revealTransition?: string;
  revealNumber?: string;
  revealWidth?: number | string;
  revealHeight?: number | string;
  revealScroll?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function seconds(value: string): number {
  const n = Number(value);
  if (!(n > 0)) throw new InvalidArgumentError('a positive number of seconds');
  return n;
}

/** A slide size: pixels, or a percentage of the window. */
function slideSize(value: string): number | string {
  if (/^\d+(\.\d+)?%$/.test(value)) return value;
  const n = Number(value);
  if (!(Number.isInteger(n) && n > 0)) throw new InvalidArgumentError('a number of pixels or a percentage such as 100%');
  return n;
}

export function convertCommand(action: (inputs: string[], opts: CliOptions) => Promise<void>): Command {
  const formats = [...exporters.values()].map((e) => `${e.name} (${e.description})`).join(', ');
  return new Command('convert')
    .description('convert notebooks to another format')
    .argument('<inputs...>', 'notebook files (.ipynb); "-" reads standard input')
    .requiredOption('-t, --to <format>', `output format: ${formats}`)
    .option('-o, --output <name>', 'output file name (one input only); the extension is added when missing')
    .option('--output-dir <dir>', 'write outputs into this directory instead of beside each input')
    .option('--stdout', 'write the result to standard output')
    .option('--no-input', 'leave out code cell inputs and all prompts')
    .option('--no-prompt', 'leave out In [n]: / Out[n]: prompts')
    .option('--remove-tag <tag>', 'remove cells with this tag (repeatable)', collect, [])
    .option('--sanitize', 'untrusted notebook: no script, event handler, iframe or JavaScript output from it runs')
    .addOption(new Option('--theme <theme>', 'page theme').choices(['light', 'dark']).default('light'))
    .option('--cdn', 'link KaTeX/highlight.js CSS (and the widget manager) from a CDN instead of inlining')
    .option('--template <dir>', 'directory of templates (index.hbs, cell_code.hbs, output_*.hbs, …) overriding the built-in ones')
    .addOption(new Option('--paper <size>', 'paper size of pdf and latex (default letter)').choices(['letter', 'a4']))
    .option('--toc', 'latex: a table of contents after the title')
    .option('--landscape', 'pdf: landscape pages')
    .option('--chrome <path>', 'pdf, latex (SVG to PDF): Chrome/Chromium to use (default: $CHROME_PATH, then the usual install paths)')
    .option('--timeout <seconds>', 'pdf: stop a page that takes longer to render (default 60)', seconds)
    .option('--allow-network', 'pdf: let the page load from the network (blocked by default)')
    .option('--no-attach', 'pdf: do not attach the notebook to the PDF')
    .option('--reveal-prefix <url>', 'slides: link reveal.js (a copy of its npm package) from this URL instead of inlining it')
    .option('--reveal-theme <name>', 'slides: reveal.js theme (default white, black with --theme dark)')
    .addOption(new Option('--reveal-transition <name>', 'slides: transition between slides (default slide)').choices(TRANSITIONS))
    .addOption(new Option('--reveal-number <format>', 'slides: show slide numbers (current, total, horizontal, vertical)').choices(SLIDE_NUMBERS))
    .option('--reveal-width <size>', 'slides: slide width in pixels or a percentage (default 960)', slideSize)
    .option('--reveal-height <size>', 'slides: slide height in pixels or a percentage (default 700)', slideSize)
    .option('--reveal-scroll', 'slides: a slide taller than the screen scrolls')
    .option('-q, --quiet', 'do not print warnings')
    .option('--fail-on-warnings', 'exit with status 1 when any warning was printed')
    .option('--debug', 'print stack traces of errors')
    .action(action);
}
