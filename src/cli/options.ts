// The `nbx convert` command line, declared with commander.
import { Command, Option } from 'commander';
import { exporters } from '../exporters/index.js';

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
}

const collect = (value: string, previous: string[]) => [...previous, value];

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
    .option('-q, --quiet', 'do not print warnings')
    .option('--fail-on-warnings', 'exit with status 1 when any warning was printed')
    .option('--debug', 'print stack traces of errors')
    .action(action);
}
