// Config files (nbx.config.json, package.json "nbx"): found from the current
// directory up to the project root, checked against the convert command's
// options, and applied between the built-in defaults and the command line.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Command, CommanderError } from 'commander';
import { convertCommand, configOf, shard, type CliOptions } from '../src/cli/options.js';
import { loadConfig } from '../src/config.js';
import { NbxError } from '../src/errors.js';

/** A project directory (its package.json stops the search for a config) with these files. */
function project(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'nbx-config-'));
  const all: Record<string, unknown> = { 'package.json': { name: 'demo' }, ...files };
  for (const [name, content] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

/** Parses `nbx convert <args>` as main() does, run from `cwd`; returns what the action got. */
async function run(cwd: string, ...args: string[]): Promise<{ inputs: string[]; opts: CliOptions; command: Command }> {
  let got: { inputs: string[]; opts: CliOptions } | undefined;
  const convert = convertCommand(async (inputs, opts) => {
    got = { inputs, opts };
  }, { cwd }).exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  const program = new Command('nbx').exitOverride().addCommand(convert);
  await program.parseAsync(['node', 'nbx', 'convert', ...args]);
  assert.ok(got, 'the action ran');
  return { ...got, command: convert };
}

/** Runs and expects a usage NbxError whose message matches. */
async function fails(pattern: RegExp, cwd: string, ...args: string[]): Promise<void> {
  await assert.rejects(run(cwd, ...args), (e: unknown) => {
    assert.ok(e instanceof NbxError, `an NbxError, got ${String(e)}`);
    assert.equal(e.exitCode, 2);
    assert.match(e.message, pattern);
    assert.ok(!e.message.includes('\n'), 'one line');
    return true;
  });
}

describe('config: precedence', () => {
  it('built-in defaults < config < command line, for a string, a boolean and a number', async () => {
    const none = await run(project({}), 'a.ipynb', '--to', 'html');
    assert.equal(none.opts.theme, 'light');
    assert.equal(none.opts.input, true);
    assert.equal(none.opts.timeout, undefined);
    assert.equal(configOf(none.command)?.file, null);

    const dir = project({ 'nbx.config.json': { theme: 'dark', noInput: false, sanitize: true, timeout: 30, to: 'markdown' } });
    const fromConfig = await run(dir, 'a.ipynb');
    assert.equal(fromConfig.opts.theme, 'dark');
    assert.equal(fromConfig.opts.sanitize, true);
    assert.equal(fromConfig.opts.input, true);
    assert.equal(fromConfig.opts.timeout, 30);
    assert.equal(fromConfig.opts.to, 'markdown');
    assert.equal(fromConfig.command.getOptionValueSource('theme'), 'config');
    assert.equal(configOf(fromConfig.command)?.file, path.join(dir, 'nbx.config.json'));

    const fromCli = await run(dir, 'a.ipynb', '--theme', 'light', '--no-input', '--timeout', '5', '--to', 'html');
    assert.equal(fromCli.opts.theme, 'light');
    assert.equal(fromCli.opts.input, false);
    assert.equal(fromCli.opts.timeout, 5);
    assert.equal(fromCli.opts.to, 'html');
    assert.equal(fromCli.opts.sanitize, true, 'what the command line leaves alone still comes from the config');
  });

  it('--no-x flags: "noInput": true, "no-input": true or "input": false; two spellings at once are refused', async () => {
    for (const config of [{ noInput: true }, { 'no-input': true }, { input: false }]) {
      const { opts } = await run(project({ 'nbx.config.json': config }), 'a.ipynb', '--to', 'html');
      assert.equal(opts.input, false, JSON.stringify(config));
    }
    await fails(/nbx\.config\.json: "input" and "noInput" set the same option: keep one/, project({ 'nbx.config.json': { input: true, noInput: true } }), 'a.ipynb', '--to', 'html');
    await fails(/nbx\.config\.json: "output-dir" and "outputDir" are the same option/, project({ 'nbx.config.json': { 'output-dir': 'a', outputDir: 'b' } }), 'a.ipynb', '--to', 'html');
  });

  it('takes kebab-case names, lists for --to and --remove-tag, numbers and strings through the flags\' parsers', async () => {
    const dir = project({ 'nbx.config.json': { 'fail-fast': true, to: ['html', 'pdf'], removeTag: ['draft', 'secret'], jobs: 3, shard: '2/4', revealWidth: '100%', paper: 'a4' } });
    const { opts } = await run(dir, 'a.ipynb');
    assert.equal(opts.failFast, true);
    assert.equal(opts.to, 'html,pdf');
    assert.deepEqual(opts.removeTag, ['draft', 'secret']);
    assert.equal(opts.jobs, 3);
    assert.deepEqual(opts.shard, { index: 2, count: 4 });
    assert.equal(opts.revealWidth, '100%');
    assert.equal(opts.paper, 'a4');
    assert.deepEqual((await run(dir, 'a.ipynb', '--remove-tag', 'x')).opts.removeTag, ['x'], 'the command line replaces the list');
  });
});

describe('config: finding the file', () => {
  it('reads the "nbx" key of package.json', async () => {
    const dir = project({ 'package.json': { name: 'demo', nbx: { to: 'rst', outputDir: 'out' } } });
    const { opts, command } = await run(dir, 'a.ipynb');
    assert.equal(opts.to, 'rst');
    assert.equal(opts.outputDir, path.join(dir, 'out'));
    assert.equal(configOf(command)?.file, path.join(dir, 'package.json'));
  });

  it('walks up from a subdirectory to the project root, and no further', async () => {
    const dir = project({ 'nbx.config.json': { to: 'latex' }, 'notebooks/deep/x.txt': '' });
    assert.equal((await run(path.join(dir, 'notebooks', 'deep'), 'a.ipynb')).opts.to, 'latex');
    // nbx.config.json before package.json: package.json "nbx" in the same directory is not read.
    const both = project({ 'nbx.config.json': { to: 'latex' }, 'package.json': { nbx: { to: 'rst' } } });
    assert.equal((await run(both, 'a.ipynb')).opts.to, 'latex');
    // Above the project root (the directory with package.json): not ours.
    const outer = project({ 'nbx.config.json': { to: 'latex' }, 'inner/package.json': { name: 'inner' } });
    assert.equal(loadConfig(path.join(outer, 'inner')).file, null);
  });

  it('--config names the file; a missing one is a usage error naming it', async () => {
    const dir = project({ 'conf/ci.json': { to: 'script' }, 'nbx.config.json': { to: 'latex' } });
    assert.equal((await run(dir, 'a.ipynb', '--config', 'conf/ci.json')).opts.to, 'script');
    await fails(/^--config nope\.json: no such file$/, dir, 'a.ipynb', '--config', 'nope.json', '--to', 'html');
  });

  it('JSON that does not parse, or is not an object: one line', async () => {
    await fails(/^nbx\.config\.json: not valid JSON: /, project({ 'nbx.config.json': '{ "to": "html", }' }), 'a.ipynb');
    await fails(/^nbx\.config\.json: must be a JSON object/, project({ 'nbx.config.json': '["html"]' }), 'a.ipynb');
  });
});

describe('config: checking values', () => {
  it('an unknown key is named, with the nearest option', async () => {
    await fails(/^nbx\.config\.json: unknown option "outptDir" \(did you mean "outputDir"\?\)$/, project({ 'nbx.config.json': { outptDir: 'x' } }), 'a.ipynb', '--to', 'html');
    await fails(/^nbx\.config\.json: unknown option "frobnicate"$/, project({ 'nbx.config.json': { frobnicate: 1 } }), 'a.ipynb', '--to', 'html');
    const sub = project({ 'nbx.config.json': { tehme: 'dark' }, 'sub/x.txt': '' });
    await fails(/^\.\.\/nbx\.config\.json: unknown option "tehme" \(did you mean "theme"\?\)$/, path.join(sub, 'sub'), 'a.ipynb', '--to', 'html');
    await fails(/"config" cannot be set in a config file/, project({ 'nbx.config.json': { config: 'x.json' } }), 'a.ipynb', '--to', 'html');
  });

  it('a value of the wrong type names the file, the key and what it must be', async () => {
    const cases: [unknown, RegExp][] = [
      [{ sanitize: 'yes' }, /^nbx\.config\.json: "sanitize" must be true or false, not "yes"$/],
      [{ theme: 'blue' }, /^nbx\.config\.json: "theme" must be one of light, dark, not "blue"$/],
      [{ timeout: -1 }, /"timeout" must be a positive number of seconds, not -1/],
      [{ timeout: true }, /"timeout" must be a positive number of seconds, not true/],
      [{ shard: '5/4' }, /"shard" must be i\/n with 1 ≤ i ≤ n, e\.g\. 2\/4, not "5\/4"/],
      [{ jobs: 1.5 }, /"jobs" must be a positive whole number, not 1\.5/],
      [{ outputDir: 3 }, /"outputDir" must be a string, not 3/],
      [{ to: 5 }, /"to" must be a format or a list of formats, not 5/],
      [{ removeTag: [1] }, /"removeTag" must be a string or a list of strings/],
      [{ inputs: 3 }, /"inputs" must be a file, directory or glob, or a list of them/],
    ];
    for (const [config, pattern] of cases) await fails(pattern, project({ 'nbx.config.json': config }), 'a.ipynb', '--to', 'html');
  });
});

describe('config: paths and inputs', () => {
  it('resolves relative paths against the config file\'s directory', async () => {
    const dir = project({
      'nbx.config.json': { outputDir: 'build', template: './templates', chrome: 'bin/chrome', to: 'html,./plugins/count.js', inputs: ['notebooks/*.ipynb', 'intro.ipynb'] },
      'sub/x.txt': '',
    });
    // Programs and plugins of a config found in the tree apply only with --trust-config (hardening-files.test.ts).
    const { opts, inputs } = await run(path.join(dir, 'sub'), '--trust-config');
    assert.equal(opts.outputDir, path.join(dir, 'build'));
    assert.equal(opts.template, path.join(dir, 'templates'));
    assert.equal(opts.chrome, path.join(dir, 'bin', 'chrome'));
    assert.equal(opts.to, `html,${path.join(dir, 'plugins', 'count.js')}`);
    assert.deepEqual(inputs, [`${dir}/notebooks/*.ipynb`, path.join(dir, 'intro.ipynb')], 'outside the current directory: absolute');
    assert.equal((await run(path.join(dir, 'sub'), '--chrome', 'c')).opts.chrome, 'c', 'flags stay relative to where nbx runs');
    const untrusted = (await run(path.join(dir, 'sub'), '--quiet')).opts;
    assert.deepEqual([untrusted.chrome, untrusted.to], [undefined, 'html'], 'untrusted: no program, no plugin');
  });

  it('takes the inputs from the config only when none are given, as the user wrote them when run beside it', async () => {
    const dir = project({ 'nbx.config.json': { to: 'html', inputs: 'notebooks/**/*.ipynb' } });
    assert.deepEqual((await run(dir)).inputs, ['notebooks/**/*.ipynb']);
    assert.deepEqual((await run(dir, 'x.ipynb')).inputs, ['x.ipynb']);
    const listed = project({ 'nbx.config.json': { to: 'html', inputs: ['a.ipynb', 'docs'] } });
    assert.deepEqual((await run(listed)).inputs, ['a.ipynb', 'docs']);
  });

  it('without inputs or --to anywhere: the usage errors of required arguments', async () => {
    const dir = project({});
    await assert.rejects(run(dir, '--to', 'html'), (e: unknown) => e instanceof CommanderError && e.code === 'commander.missingArgument' && /missing notebooks/.test(e.message));
    await assert.rejects(run(dir, 'a.ipynb'), (e: unknown) => e instanceof CommanderError && e.code === 'commander.missingMandatoryOptionValue' && /--to/.test(e.message));
  });
});

describe('--shard and --jobs', () => {
  it('--shard takes i/n with 1 ≤ i ≤ n', async () => {
    assert.deepEqual(shard('1/1'), { index: 1, count: 1 });
    assert.deepEqual(shard('3/8'), { index: 3, count: 8 });
    for (const bad of ['0/4', '5/4', '2', '2/', 'a/b', '-1/4', '1/0']) assert.throws(() => shard(bad), /i\/n with 1 ≤ i ≤ n/, bad);
    const dir = project({});
    assert.deepEqual((await run(dir, 'a.ipynb', '--to', 'html', '--shard', '2/4')).opts.shard, { index: 2, count: 4 });
    await assert.rejects(run(dir, 'a.ipynb', '--to', 'html', '--shard', '4/2'), CommanderError);
  });

  it('--jobs takes a positive whole number; the batch flags are booleans', async () => {
    const dir = project({});
    const { opts } = await run(dir, 'a.ipynb', '--to', 'html', '-j', '4', '--fail-fast', '--json', '--changed', '--watch');
    assert.equal(opts.jobs, 4);
    assert.deepEqual([opts.failFast, opts.json, opts.changed, opts.watch], [true, true, true, true]);
    await assert.rejects(run(dir, 'a.ipynb', '--to', 'html', '-j', '0'), CommanderError);
  });
});

describe('config: execution options', () => {
  it('"execute": "auto" or true, paths relative to the config, parameters as a list; --execute never takes a notebook as its value', async () => {
    const { executeArgv } = await import('../src/cli/options.js');
    const dir = project({ 'nbx.config.json': { to: 'html', execute: 'auto', cache: 'cache', cwd: 'data', parameter: ['n=3'], cellTimeout: 60 } });
    const { opts } = await run(dir, 'a.ipynb');
    assert.equal(opts.execute, 'auto');
    assert.equal(opts.cache, path.join(dir, 'cache'));
    assert.equal(opts.cwd, path.join(dir, 'data'));
    assert.deepEqual(opts.parameter, ['n=3']);
    assert.equal(opts.cellTimeout, 60);

    const flags = await run(project({}), ...executeArgv(['--execute', 'a.ipynb', '--to', 'notebook', '-p', 'x=1', '-p', 'y=2']));
    assert.equal(flags.opts.execute, true);
    assert.deepEqual(flags.inputs, ['a.ipynb']);
    assert.deepEqual(flags.opts.parameter, ['x=1', 'y=2']);
    assert.equal((await run(project({}), 'a.ipynb', '--execute=auto', '--to', 'html')).opts.execute, 'auto');
    await assert.rejects(run(project({}), 'a.ipynb', '--execute=sometimes', '--to', 'html'), CommanderError);

    // --inplace and --clear-output alone mean --to notebook, as in nbconvert.
    const inplace = await run(project({}), 'a.ipynb', '--clear-output');
    assert.equal(inplace.opts.to, 'notebook');
    assert.equal(inplace.opts.inplace, true);
  });
});
