// `nbx`: the command-line entry point. Exit codes: 0 all converted,
// 1 a notebook failed (the others are still converted), 2 usage error.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { convert, type ConvertOptions } from '../convert.js';
import { ExitCode, NbxError, formatProblem } from '../errors.js';
import { getExporter, type Exporter } from '../exporters/index.js';
import { convertCommand, type CliOptions } from './options.js';
import { inOrder } from './pool.js';
import { writeAtomic } from './write.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export async function main(argv: string[] = process.argv): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = new Command('nbx')
    .description('Convert Jupyter notebooks: fast, offline, safe')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run nbx convert --help for the options)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  program.addCommand(
    convertCommand(async (inputs, opts) => {
      exitCode = await runConvert(inputs, opts);
    }).exitOverride(),
  );
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : ExitCode.usage;
    }
    return report(e, argv.includes('--debug'));
  }
  return exitCode;
}

async function runConvert(inputs: string[], opts: CliOptions): Promise<number> {
  const exporter = getExporter(opts.to); // unknown formats are a usage error before any work
  if (opts.output && inputs.length > 1) throw new NbxError('--output names one file: use --output-dir with several inputs', ExitCode.usage);
  const options = exportOptions(opts);
  let status: number = ExitCode.ok;
  let warned = false;
  // One browser (or other set-up) for the whole batch; notebooks are converted
  // `concurrency` at a time, and their messages printed in input order.
  exporter.open?.(options);
  try {
    await inOrder(inputs, exporter.concurrency ?? 1, (input) => convertOne(input, opts, options, exporter), (done) => {
      process.stderr.write(done.messages.join(''));
      if (done.stdout !== undefined) process.stdout.write(done.stdout);
      warned ||= done.warned;
      status = Math.max(status, done.status);
      return status !== ExitCode.usage;
    });
  } finally {
    await exporter.close?.();
  }
  if (opts.failOnWarnings && warned && status === ExitCode.ok) {
    process.stderr.write('nbx: warnings were printed and --fail-on-warnings is set\n');
    return ExitCode.failed;
  }
  return status;
}

function exportOptions(opts: CliOptions): ConvertOptions {
  return {
    to: opts.to,
    noInput: !opts.input,
    noPrompt: !opts.prompt,
    removeTags: opts.removeTag,
    sanitize: opts.sanitize,
    theme: opts.theme,
    cdn: opts.cdn,
    templateDir: opts.template,
    paper: opts.paper,
    toc: opts.toc,
    landscape: opts.landscape,
    chromePath: opts.chrome,
    timeout: opts.timeout,
    allowNetwork: opts.allowNetwork,
    noAttach: !opts.attach,
    reveal: {
      prefix: opts.revealPrefix,
      theme: opts.revealTheme,
      transition: opts.revealTransition,
      number: opts.revealNumber,
      width: opts.revealWidth,
      height: opts.revealHeight,
      scroll: opts.revealScroll,
    },
  };
}

interface Converted {
  status: number;
  warned: boolean;
  /** Lines for stderr, printed when the notebook's turn comes. */
  messages: string[];
  /** Content for stdout. */
  stdout?: string | Uint8Array;
}

/** Converts one input and writes its files; what it prints is returned. Never rejects. */
async function convertOne(input: string, opts: CliOptions, options: ConvertOptions, exporter: Exporter): Promise<Converted> {
  const done: Converted = { status: ExitCode.ok, warned: false, messages: [] };
  try {
    const fromStdin = input === '-';
    const bytes = fromStdin ? readFileSync(0) : readInput(input);
    const result = await convert(bytes, { ...options, to: exporter.name, file: fromStdin ? '-' : input });
    if (!opts.quiet) for (const w of result.warnings) done.messages.push(`nbx: warning: ${formatProblem(w)}\n`);
    done.warned = result.warnings.length > 0;
    // stdin has no "beside the input": it goes to stdout unless a name is given.
    if (opts.stdout || ((fromStdin || exporter.defaultToStdout) && !opts.output && !opts.outputDir)) {
      done.stdout = result.content;
      return done;
    }
    const stem = fromStdin ? 'notebook' : path.basename(input).replace(/\.ipynb$/i, '');
    const dir = opts.outputDir ?? (fromStdin ? '.' : path.dirname(input));
    const name = opts.output ? withExtension(opts.output, result.extension) : stem + result.extension;
    const target = path.resolve(dir, name);
    for (const f of result.files) writeAtomic(path.resolve(path.dirname(target), f.path), f.data);
    writeAtomic(target, result.content);
  } catch (e) {
    done.status = report(e, opts.debug ?? false, input, (text) => done.messages.push(text));
  }
  return done;
}

function readInput(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a notebook' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new NbxError(`${file}: ${why}`);
  }
}

function withExtension(name: string, ext: string): string {
  return path.extname(name) ? name : name + ext;
}

/** Prints one line for an error (a stack trace only with --debug) and returns the exit code. */
function report(e: unknown, debug: boolean, input?: string, print = (text: string) => { process.stderr.write(text); }): number {
  if (e instanceof NbxError) {
    print(`nbx: ${e.message}\n`);
    if (debug && e.stack) print(e.stack + '\n');
    return e.exitCode;
  }
  const err = e as Error;
  const where = input ? `${input}: ` : '';
  print(`nbx: ${where}internal error: ${err?.message ?? String(e)}${debug ? '' : ' (run with --debug for details)'}\n`);
  if (debug && err?.stack) print(err.stack + '\n');
  return ExitCode.failed;
}
