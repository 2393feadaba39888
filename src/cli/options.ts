// The `nbx convert` command line, declared with commander. Values from a
// config file (nbx.config.json) are applied in a preAction hook, between the
// built-in defaults and the flags given on the command line.
import { Command, InvalidArgumentError, Option } from 'commander';
import { applyConfig, loadConfig, type LoadedConfig } from '../config.js';
import { exporters } from '../formats/index.js';
import { SLIDE_NUMBERS, TRANSITIONS } from '../formats/slides/exporter.js';

export interface CliOptions {
  /**
   * Formats as given: comma-separated names or exporter plugins
   * (`html,./my-exporter.js`); split by the caller. Set when the action runs:
   * the preAction hook fails without it (from the flag or the config).
   */
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
  a11y?: boolean;
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
  /** Worker threads (default: one per 4 MiB of notebooks, at most the number of cores). */
  jobs?: number;
  failFast?: boolean;
  json?: boolean;
  changed?: boolean;
  watch?: boolean;
  /** Convert only this part of the inputs: `--shard 2/4` is { index: 2, count: 4 }. */
  shard?: { index: number; count: number };
  /** --config: the config file to use instead of the one found from the current directory. */
  config?: string;
  /** --trust-config: a config found in the working tree may name programs and plugins. */
  trustConfig?: boolean;
  /** --execute (true) or --execute=auto. */
  execute?: boolean | 'auto';
  kernel?: string;
  allowErrors?: boolean;
  cellTimeout?: number;
  startupTimeout?: number;
  /** --cwd: the kernels' working directory. */
  cwd?: string;
  recordTiming?: boolean;
  /** -p name=value, as given (parsed by parseParameter). */
  parameter: string[];
  /** --parameters: a JSON file of parameters. */
  parameters?: string;
  cache?: string;
  inplace?: boolean;
  clearOutput?: boolean;
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

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!(Number.isInteger(n) && n > 0)) throw new InvalidArgumentError('a positive whole number');
  return n;
}

/** `i/n`: this run converts the i-th of n equal parts of the inputs. */
export function shard(value: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || index < 1 || index > count) throw new InvalidArgumentError('i/n with 1 ≤ i ≤ n, e.g. 2/4');
  return { index, count };
}

/** --execute's value: given as `--execute=auto`; a bare `--execute` arrives as `--execute=true` (see executeArgv). */
function executeWhen(value: string): boolean | 'auto' {
  if (value === 'auto') return 'auto';
  if (value === 'true' || value === 'always') return true;
  if (value === 'false' || value === 'never') return false;
  throw new InvalidArgumentError('auto, or nothing (--execute runs every notebook)');
}

/**
 * A bare `--execute` written as `--execute=true`, so that commander never takes the
 * next argument (a notebook) as its optional value: only `--execute=auto` gives one.
 */
export function executeArgv(argv: readonly string[]): string[] {
  const end = argv.indexOf('--');
  return argv.map((a, i) => (a === '--execute' && (end < 0 || i < end) ? '--execute=true' : a));
}

export interface ConvertCommandSettings {
  /** Where the config file is looked for (default: process.cwd() when the command runs). */
  cwd?: string;
}

/** The config file a parsed convert command used (null file: none), once its action runs. */
export function configOf(command: Command): LoadedConfig | undefined {
  return loaded.get(command);
}
const loaded = new WeakMap<Command, LoadedConfig>();

/**
 * The `convert` command. Before `action` runs, the config file is applied to
 * the options (CLI flags win), and when no inputs were given on the command
 * line, `inputs` are the config's "inputs" (resolved against its directory).
 * Missing inputs or --to are usage errors, as when they were required flags.
 */
export function convertCommand(action: (inputs: string[], opts: CliOptions) => Promise<void>, settings: ConvertCommandSettings = {}): Command {
  const formats = [...exporters.values()].map((e) => `${e.name} (${e.description})`).join(', ');
  return new Command('convert')
    .description('convert notebooks to another format')
    .argument('[inputs...]', 'notebooks (.ipynb), directories or globs; "-" reads standard input (default: "inputs" of the config file)')
    .option('-t, --to <formats>', `output format, or several separated by commas (html,pdf): ${formats}; or an exporter plugin: a file (./my-exporter.js) or an installed package nbx-exporter-<name>`)
    .option('-o, --output <name>', 'output file name (one input only); the extension is added when missing')
    .option('--output-dir <dir>', 'write outputs into this directory instead of beside each input')
    .option('--stdout', 'write the result to standard output')
    .option('--no-input', 'leave out code cell inputs and all prompts')
    .option('--no-prompt', 'leave out In [n]: / Out[n]: prompts')
    .option('--remove-tag <tag>', 'remove cells with this tag (repeatable)', collect, [])
    .option('--sanitize', 'untrusted notebook: no script, event handler, iframe or JavaScript output from it runs')
    .addOption(new Option('--theme <theme>', 'page theme').choices(['light', 'dark']).default('light'))
    .option('--cdn', 'link KaTeX/highlight.js CSS (and the widget manager) from a CDN instead of inlining')
    .option('--a11y', 'warn about images without alt text (accessibility check)')
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
    .option('-j, --jobs <n>', 'notebooks converted at once, in worker threads (default: one per 4 MiB of notebooks, at most the number of cores)', positiveInteger)
    .option('--fail-fast', 'stop at the first notebook that fails')
    .option('--json', 'print a machine-readable report to standard output')
    .option('--changed', 'only convert notebooks newer than their outputs')
    .option('--watch', 'convert again whenever a notebook changes (Ctrl-C stops)')
    .option('--shard <i/n>', 'convert only the i-th of n equal parts of the inputs (for parallel CI jobs)', shard)
    .addOption(new Option('--execute [when]', 'run the code cells in a Jupyter kernel first; --execute=auto: only notebooks with code cells and no outputs').argParser(executeWhen))
    .option('--kernel <name>', 'execute: kernel to run (default: the notebook\'s kernelspec)')
    .option('--allow-errors', 'execute: keep going when a cell raises, and export its error')
    .option('--cell-timeout <seconds>', 'execute: interrupt a cell that runs longer (default: no limit)', seconds)
    .option('--startup-timeout <seconds>', 'execute: seconds a kernel has to start (default 60)', seconds)
    .option('--cwd <dir>', 'execute: working directory of the kernels (default: each notebook\'s directory)')
    .option('--record-timing', 'execute: record when each cell ran (metadata.execution, as nbclient)')
    .option('-p, --parameter <name=value>', 'execute: a parameter injected as papermill does (repeatable)', collect, [])
    .option('--parameters <file>', 'execute: a JSON file of parameters')
    .option('--cache <dir>', 'execute: reuse the outputs of notebooks whose code did not change, kept in this directory')
    .option('--inplace', 'notebook: overwrite the input notebook (implies --to notebook)')
    .option('--clear-output', 'remove outputs, execution counts and widget state (alone: --to notebook --inplace, as nbconvert)')
    .option('--config <file>', 'config file (default: nbx.config.json, or "nbx" in package.json, from the current directory up to the project root)')
    .option('--trust-config', 'a config file found in the working tree may name programs and plugins ("chrome", exporter plugins in "to"); without it they are ignored')
    .hook('preAction', (command) => {
      const config = loadConfig(settings.cwd ?? process.cwd(), command.getOptionValue('config') as string | undefined);
      const { inputs, ignored } = applyConfig(command, config, { trust: command.getOptionValue('trustConfig') === true });
      if (!command.getOptionValue('quiet')) for (const message of ignored) process.stderr.write(`nbx: warning: ${message}\n`);
      loaded.set(command, config);
      const given = command.processedArgs[0] as string[];
      // The action receives processedArgs, read after this hook.
      if (!given.length) command.processedArgs[0] = inputs;
      if (!inputs.length && !given.length) command.error('error: missing notebooks: name them, or list them as "inputs" in nbx.config.json', { exitCode: 2, code: 'commander.missingArgument' });
      // As nbconvert: --inplace, or --clear-output alone, write the notebook over itself.
      if (command.getOptionValue('to') === undefined && (command.getOptionValue('inplace') || command.getOptionValue('clearOutput'))) {
        command.setOptionValueWithSource('to', 'notebook', 'implied');
        command.setOptionValueWithSource('inplace', true, 'implied');
      }
      if (command.getOptionValue('to') === undefined) command.error("error: required option '-t, --to <formats>' not specified (on the command line or in nbx.config.json)", { exitCode: 2, code: 'commander.missingMandatoryOptionValue' });
    })
    .action(action);
}
