// `nbx`: the command-line entry point, a thin layer over convertFiles().
// Exit codes: 0 all converted, 1 a notebook failed (the others are still
// converted), 2 usage error; 130 after Ctrl-C.
import { readFileSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { Command, CommanderError } from 'commander';
import { removeTempFiles } from '../batch/write.js';
import { convertFiles, type BatchReport, type ConvertFilesOptions } from '../batch/run.js';
import { ExitCode, NbxError } from '../errors.js';
import { packageVersion } from '../package-root.js';
import { parametersFromJson, parseParameter, type Parameters } from '../execute/parameters.js';
import { doctorCommand, runDoctor } from './doctor.js';
import { convertCommand, executeArgv, type CliOptions } from './options.js';
import { Progress, progressMode } from './progress.js';
import { runServe, runSite, serveCommand, siteCommand } from './site.js';

// The worker threads of the bundled CLI call this (see dist/bundle/worker.cjs).
export { serveJobs } from '../batch/worker.js';
export { setWorkerScript } from '../batch/workers.js';

const VERSION = packageVersion();

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
  program.addCommand(
    doctorCommand(async (opts) => {
      exitCode = await runDoctor(opts);
    }).exitOverride(),
  );
  program.addCommand(
    siteCommand(async (dir, opts) => {
      exitCode = await runSite(dir, opts);
    }).exitOverride(),
  );
  program.addCommand(
    serveCommand(async (dir, opts) => {
      exitCode = await runServe(dir, opts);
    }).exitOverride(),
  );
  try {
    await program.parseAsync(executeArgv(argv));
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : ExitCode.usage;
    }
    return report(e, argv.includes('--debug'));
  }
  return exitCode;
}

async function runConvert(inputs: string[], opts: CliOptions): Promise<number> {
  const options = convertOptions(opts);
  const first = await runBatch(inputs, options, opts);
  if (!opts.watch) return first.exitCode;

  // Watch: convert what changes, with the first run's layout, until Ctrl-C.
  process.stderr.write('nbx: watching for changes (Ctrl-C stops)\n');
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  // Loaded only here: the file watcher (chokidar, Node's streams) costs every other run ~5 ms to load.
  const { watchNotebooks } = await import('../batch/watch.js');
  await watchNotebooks(inputs, async (changed) => {
    await runBatch(changed, { ...options, root: first.root, shard: undefined, changed: false }, opts).catch((e: unknown) => {
      report(e, opts.debug ?? false);
    });
  }, { signal: stop.signal });
  return first.exitCode;
}

/** One batch: progress on stderr, contents (or the --json report) on stdout. */
async function runBatch(inputs: string[], options: ConvertFilesOptions, opts: CliOptions): Promise<BatchReport> {
  // Watch mode keeps a line per conversion (a bar would be erased after each one).
  const mode = progressMode({ quiet: opts.quiet, json: opts.json, isTTY: process.stderr.isTTY === true && !opts.watch, term: process.env.TERM });
  let progress: Progress | undefined;
  let batch: BatchReport;
  // Ctrl-C or a kill during a batch: exit as the signal would (no temp file
  // left: see write.ts; the browser is killed by its own 'exit' handler).
  const onSignal = (signal: NodeJS.Signals) => process.exit(128 + osConstants.signals[signal]);
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal).on('exit', removeTempFiles);
  try {
    batch = await convertFiles(inputs, {
      ...options,
      // One notebook needs no "converted" line nor summary: its errors and warnings say it all.
      onPlan: (files) => { progress = new Progress({ mode, total: files.length, showWarnings: !opts.quiet, verbose: files.length > 1 || opts.watch === true }); },
      onStart: (input) => progress?.start(input),
      onCell: (input, _cell, done, total) => progress?.cell(input, done, total),
      onResult: (result) => {
        progress?.done(result);
        if (!opts.json) for (const content of result.stdout ?? []) process.stdout.write(content);
      },
    });
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal).off('exit', removeTempFiles);
    progress?.finish();
  }
  for (const arg of batch.empty) process.stderr.write(`nbx: warning: ${arg}: no notebooks found\n`);
  if (batch.notStarted > 0) process.stderr.write(`nbx: stopped at the first failure (--fail-fast): ${batch.notStarted} not converted\n`);
  if (opts.json) process.stdout.write(JSON.stringify(jsonReport(batch), null, 2) + '\n');
  if (opts.failOnWarnings && batch.summary.warnings > 0 && batch.exitCode === ExitCode.ok) {
    process.stderr.write('nbx: warnings were printed and --fail-on-warnings is set\n');
    return { ...batch, exitCode: ExitCode.failed };
  }
  return batch;
}

function jsonReport(batch: BatchReport) {
  return {
    summary: { ...batch.summary, notStarted: batch.notStarted },
    ms: batch.ms,
    threads: batch.threads,
    results: batch.results.map(({ input, status, outputs, warnings, error, execution, ms }) => ({ input, status, outputs, warnings, ...(error && { error }), ...(execution && { execution }), ms })),
  };
}

function convertOptions(opts: CliOptions): ConvertFilesOptions {
  return {
    to: opts.to,
    outputDir: opts.outputDir,
    output: opts.output,
    stdout: opts.stdout,
    jobs: opts.jobs,
    failFast: opts.failFast,
    changed: opts.changed,
    shard: opts.shard,
    debug: opts.debug,
    noInput: !opts.input,
    noPrompt: !opts.prompt,
    removeTags: opts.removeTag,
    sanitize: opts.sanitize,
    theme: opts.theme,
    cdn: opts.cdn,
    a11y: opts.a11y,
    templateDir: opts.template,
    paper: opts.paper,
    toc: opts.toc,
    landscape: opts.landscape,
    chromePath: opts.chrome,
    timeout: opts.timeout,
    allowNetwork: opts.allowNetwork,
    noAttach: !opts.attach,
    execute: opts.execute,
    kernel: opts.kernel,
    allowErrors: opts.allowErrors,
    cellTimeout: opts.cellTimeout,
    startupTimeout: opts.startupTimeout,
    workingDir: opts.cwd,
    recordTiming: opts.recordTiming,
    parameters: parametersOf(opts),
    cache: opts.cache,
    inplace: opts.inplace,
    clearOutput: opts.clearOutput,
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

/** --parameters FILE, then each -p name=value (which win). */
function parametersOf(opts: CliOptions): Parameters | undefined {
  if (!opts.parameters && opts.parameter.length === 0) return undefined;
  let parameters: Parameters = {};
  if (opts.parameters) {
    let text: string;
    try {
      text = readFileSync(opts.parameters, 'utf8');
    } catch (e) {
      throw new NbxError(`--parameters ${opts.parameters}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`, ExitCode.usage);
    }
    parameters = parametersFromJson(text, opts.parameters);
  }
  for (const arg of opts.parameter) {
    const [name, value] = parseParameter(arg);
    parameters[name] = value;
  }
  return parameters;
}

/** Prints one line for an error (a stack trace only with --debug) and returns the exit code. */
function report(e: unknown, debug: boolean): number {
  if (e instanceof NbxError) {
    process.stderr.write(`nbx: ${e.message}\n`);
    if (debug && e.stack) process.stderr.write(e.stack + '\n');
    return e.exitCode;
  }
  const err = e as Error;
  process.stderr.write(`nbx: internal error: ${err?.message ?? String(e)}${debug ? '' : ' (run with --debug for details)'}\n`);
  if (debug && err?.stack) process.stderr.write(err.stack + '\n');
  return ExitCode.failed;
}
