// Issue 17, file-system classes: hostile notebooks and trees (made here, in
// temp dirs) must not make nbx read outside the notebook's folder, write
// through links or outside the output, overwrite notebooks or each other's
// outputs, run a config's programs, hang on a FIFO, or fail with an
// "internal error" on an unwritable or full disk. Run with the built CLI.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { repoRoot } from './helpers.js';
import { code, ipynb, md, png } from './pdf-helpers.js';

const bin = path.join(repoRoot, 'bin', 'nbx.cjs');
const root = mkdtempSync(path.join(tmpdir(), 'nbx-hardfs-'));
after(() => rmSync(root, { recursive: true, force: true }));
const SECRET = 'NBX_SECRET_TOKEN_5f1c';
const PNG = png(2, 2);

function nbx(args: string[], opts: { cwd?: string; uid?: number; shell?: string } = {}) {
  const r = opts.shell
    ? spawnSync('/bin/sh', ['-c', `${opts.shell}; exec "$0" "$@"`, process.execPath, bin, ...args], { cwd: opts.cwd, encoding: 'utf8', timeout: 60_000 })
    : spawnSync(process.execPath, [bin, ...args], {
      cwd: opts.cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NBX_SECRET: SECRET }, uid: opts.uid, gid: opts.uid,
    });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let n = 0;
const dir = (name = 'case') => {
  const d = path.join(root, `${name}-${n++}`);
  mkdirSync(d, { recursive: true });
  return d;
};

/** Every file below `d` (links not followed), with its contents. */
function tree(d: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(d, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile()) files.set(path.relative(d, file), readFileSync(file, 'latin1'));
  }
  return files;
}

const oneLine = (stderr: string) => {
  assert.doesNotMatch(stderr, /internal error|\n\s+at /, stderr);
};

describe('symbolic links never leak local files', () => {
  test('links to /proc, /etc/passwd and a folder outside are refused in every format, with or without --sanitize', () => {
    const top = dir('leak');
    const secret = path.join(top, 'secret');
    const repo = path.join(top, 'repo');
    mkdirSync(secret);
    mkdirSync(repo);
    writeFileSync(path.join(secret, 'key.png'), Buffer.concat([PNG, Buffer.from(SECRET)]));
    writeFileSync(path.join(repo, 'inside.png'), PNG);
    symlinkSync('/proc/self/environ', path.join(repo, 'env.png'));
    symlinkSync('/etc/passwd', path.join(repo, 'passwd.svg'));
    symlinkSync('../secret', path.join(repo, 'linkdir'));
    symlinkSync('../secret/key.png', path.join(repo, 'key.png'));
    spawnSync('mkfifo', [path.join(repo, 'fifo.png')]);
    writeFileSync(path.join(repo, 'nb.ipynb'), ipynb([
      md('![e](env.png) ![p](passwd.svg) ![l](linkdir/key.png) ![k](key.png) ![f](fifo.png) ![u](../secret/key.png) ![ok](inside.png)'),
    ]));
    const passwd = readFileSync('/etc/passwd', 'utf8').split('\n')[0]!;
    for (const sanitize of [[], ['--sanitize']]) {
      const out = path.join(top, `out${sanitize.length}`);
      const r = nbx(['convert', path.join(repo, 'nb.ipynb'), '--to', 'html,latex,markdown,rst', '--output-dir', out, ...sanitize]);
      assert.equal(r.code, 0, r.stderr);
      oneLine(r.stderr);
      for (const name of ['env.png', 'passwd.svg', 'linkdir/key.png', 'key.png', 'fifo.png', '../secret/key.png']) {
        assert.match(r.stderr, new RegExp(`image "${name.replace(/[.]/g, '\\.')}": (a link to .*outside|outside|not a regular file)`), `no warning for ${name}`);
      }
      const written = tree(out);
      assert.deepEqual([...written.keys()].filter((f) => f.startsWith('nb_files')), ['nb_files/inside.png'], 'only the image inside the folder is copied');
      for (const [file, text] of written) {
        // The page embeds images as base64: decode every data URI before looking.
        const decoded = text + [...text.matchAll(/base64,([A-Za-z0-9+/=]+)/g)].map((m) => Buffer.from(m[1]!, 'base64').toString('latin1')).join('');
        assert.ok(!decoded.includes(SECRET), `${file} holds the secret`);
        assert.ok(!decoded.includes(passwd), `${file} holds /etc/passwd`);
      }
      assert.match(written.get('nb.html')!, /src="data:image\/png;base64,/, 'the image inside the folder is embedded');
    }
  });
});

describe('symbolic links never redirect writes', () => {
  test('nb_files -> ../victim is refused in one line, and nothing is written through it', () => {
    const top = dir('redirect');
    const victim = path.join(top, 'victim');
    const repo = path.join(top, 'repo');
    mkdirSync(victim);
    mkdirSync(repo);
    symlinkSync('../victim', path.join(repo, 'nb_files'));
    writeFileSync(path.join(repo, 'nb.ipynb'), ipynb([
      code('x', [{ output_type: 'display_data', metadata: { filename: 'pwned.png' }, data: { 'image/png': PNG.toString('base64') } }]),
    ]));
    for (const to of ['markdown', 'rst', 'latex']) {
      const r = nbx(['convert', 'nb.ipynb', '--to', to], { cwd: repo });
      assert.equal(r.code, 1, r.stderr);
      oneLine(r.stderr);
      assert.match(r.stderr, /nb\.ipynb: cannot write nb_files: it is a symbolic link/);
      assert.deepEqual(readdirSync(victim), [], `${to} wrote through the link`);
      assert.deepEqual(readdirSync(repo).sort(), ['nb.ipynb', 'nb_files'], `${to}: no document without its files, no temp file`);
    }
  });

  test('an --output-dir inside the working tree that is a link (site -> ../victim) is refused', () => {
    const top = dir('outlink');
    const victim = path.join(top, 'victim');
    const repo = path.join(top, 'repo');
    mkdirSync(victim);
    mkdirSync(repo);
    symlinkSync('../victim', path.join(repo, 'site'));
    writeFileSync(path.join(repo, 'nb.ipynb'), ipynb([md('# t')]));
    const r = nbx(['convert', 'nb.ipynb', '--to', 'html', '--output-dir', 'site'], { cwd: repo });
    assert.equal(r.code, 1, r.stderr);
    oneLine(r.stderr);
    assert.match(r.stderr, /cannot write site: it is a symbolic link/);
    assert.deepEqual(readdirSync(victim), []);
    const fresh = nbx(['convert', 'nb.ipynb', '--to', 'html', '--output-dir', 'build/html'], { cwd: repo });
    assert.equal(fresh.code, 0, fresh.stderr);
    assert.ok(existsSync(path.join(repo, 'build', 'html', 'nb.html')));
  });

  test('a directory walk stays inside the input, does not loop, and converts each notebook once', () => {
    const top = dir('walk');
    const input = path.join(top, 'docs');
    const outside = path.join(top, 'outside');
    mkdirSync(path.join(input, 'sub'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(path.join(input, 'a.ipynb'), ipynb([md('# a')]));
    writeFileSync(path.join(input, 'sub', 'b.ipynb'), ipynb([md('# b')]));
    writeFileSync(path.join(outside, 'private.ipynb'), ipynb([md(SECRET)]));
    symlinkSync('../outside', path.join(input, 'link'));
    symlinkSync('.', path.join(input, 'loop'));
    symlinkSync('/', path.join(input, 'rootlink'));
    symlinkSync('../outside/private.ipynb', path.join(input, 'private.ipynb'));
    const out = path.join(top, 'site');
    const r = nbx(['convert', input, '--to', 'markdown', '--output-dir', out, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { results: { input: string }[] };
    assert.deepEqual(report.results.map((x) => path.relative(input, x.input)).sort(), ['a.ipynb', path.join('sub', 'b.ipynb')]);
    assert.deepEqual([...tree(out).keys()].sort(), ['a.md', path.join('sub', 'b.md')]);
    const globbed = nbx(['convert', `${input}/**/*.ipynb`, '--to', 'markdown', '--output-dir', out, '--json']);
    assert.equal((JSON.parse(globbed.stdout) as { results: unknown[] }).results.length, 2, 'globs do not follow links either');
  });
});

describe('output names and overwrites', () => {
  const nbFile = (d: string, name = 'nb.ipynb') => {
    writeFileSync(path.join(d, name), ipynb([md('# title')]));
    return path.join(d, name);
  };

  test('-o nb.ipynb is refused and the notebook is kept', () => {
    const d = dir('self');
    const file = nbFile(d);
    const before = readFileSync(file, 'utf8');
    const r = nbx(['convert', file, '--to', 'html', '-o', 'nb.ipynb']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /would overwrite the notebook/);
    assert.equal(readFileSync(file, 'utf8'), before);
  });

  test('-o out.html with two formats is refused; -o out gives one file per format', () => {
    const d = dir('two');
    const file = nbFile(d);
    const r = nbx(['convert', file, '--to', 'html,latex', '-o', 'out.html']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /html and latex would both write .*out\.html.*-o out/);
    assert.ok(!existsSync(path.join(d, 'out.html')));
    const ok = nbx(['convert', file, '--to', 'html,latex', '-o', 'out']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.ok(existsSync(path.join(d, 'out.html')) && existsSync(path.join(d, 'out.tex')));
  });

  test('a.ipynb and a.IPYNB: the second fails in one line, the first output is not overwritten', () => {
    const d = dir('case');
    writeFileSync(path.join(d, 'a.ipynb'), ipynb([md('# lower')]));
    writeFileSync(path.join(d, 'a.IPYNB'), ipynb([md('# UPPER')]));
    const r = nbx(['convert', path.join(d, 'a.ipynb'), path.join(d, 'a.IPYNB'), '--to', 'markdown']);
    assert.equal(r.code, 1, r.stderr);
    oneLine(r.stderr);
    assert.match(r.stderr, /a\.IPYNB: its markdown output .*a\.md is also the output of .*a\.ipynb; not converted/);
    assert.match(readFileSync(path.join(d, 'a.md'), 'utf8'), /# lower/);
  });

  test('attachments and outputs named evil.html or run.sh get the extension of their type; a 300-character name is shortened', () => {
    const d = dir('names');
    const b64 = PNG.toString('base64');
    writeFileSync(path.join(d, 'nb.ipynb'), ipynb([
      { ...md('![a](attachment:evil.html) ![b](attachment:run.sh)'), attachments: { 'evil.html': { 'image/png': b64 }, 'run.sh': { 'image/png': b64 } } },
      code('x', [
        { output_type: 'display_data', metadata: { filename: 'page.html' }, data: { 'image/png': b64 } },
        { output_type: 'display_data', metadata: { filename: `${'x'.repeat(300)}.png` }, data: { 'image/png': b64 } },
        { output_type: 'display_data', metadata: {}, data: { 'image/x.html': b64, 'text/plain': 'x' } },
      ]),
    ]));
    for (const to of ['markdown', 'rst']) {
      const r = nbx(['convert', 'nb.ipynb', '--to', to, '--output-dir', to], { cwd: d });
      assert.equal(r.code, 0, r.stderr);
      const files = readdirSync(path.join(d, to, 'nb_files'));
      assert.ok(files.includes('evil.png') && files.includes('run.png') && files.includes('page.png'), `${to}: ${files.join(' ')}`);
      for (const f of files) {
        assert.match(f, /\.(png|bin)$/, `${to}: ${f} has an unsafe extension`);
        assert.ok(Buffer.byteLength(f) <= 255, `${to}: name too long`);
      }
    }
  });
});

describe('config files', () => {
  test('a config found in the working tree runs no program or plugin unless --config names it or --trust-config is given', () => {
    const d = dir('config');
    const marker = path.join(d, 'ran');
    writeFileSync(path.join(d, 'x.sh'), `#!/bin/sh\ntouch ${marker}\nexit 1\n`);
    chmodSync(path.join(d, 'x.sh'), 0o755);
    writeFileSync(path.join(d, 'exporter.mjs'), `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(marker)}, 'x');\n`
      + "export default { name: 'evil', extension: '.evil', export: () => ({ content: 'x' }) };\n");
    writeFileSync(path.join(d, 'package.json'), JSON.stringify({ name: 'pr', nbx: { chrome: './x.sh' } }));
    writeFileSync(path.join(d, 'nbx.config.json'), JSON.stringify({ to: 'markdown,./exporter.mjs' }));
    writeFileSync(path.join(d, 'nb.ipynb'), ipynb([md('# t')]));
    const r = nbx(['convert', 'nb.ipynb'], { cwd: d });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /nbx\.config\.json: "to": exporter plugin ".*exporter\.mjs" ignored: a config file found in the working tree may not run programs/);
    assert.ok(existsSync(path.join(d, 'nb.md')), 'the built-in format still applies');
    assert.ok(!existsSync(marker), 'the plugin ran');
    // package.json's "nbx" key (its own directory): "chrome" is ignored, so the browser found on the system is used.
    const pkgDir = dir('config-pkg');
    writeFileSync(path.join(pkgDir, 'x.sh'), `#!/bin/sh\ntouch ${marker}\nexit 1\n`);
    chmodSync(path.join(pkgDir, 'x.sh'), 0o755);
    writeFileSync(path.join(pkgDir, 'package.json'), JSON.stringify({ name: 'pr', nbx: { chrome: './x.sh', to: 'latex' } }));
    writeFileSync(path.join(pkgDir, 'nb.ipynb'), ipynb([md('![s](data:image/svg+xml;base64,' + Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>').toString('base64') + ')')]));
    const p = nbx(['convert', 'nb.ipynb'], { cwd: pkgDir });
    assert.match(p.stderr, /package\.json "nbx": "chrome": ".*x\.sh" ignored/);
    assert.ok(!existsSync(marker), 'the "chrome" program ran');
    // Named with --config, or trusted: it runs (the plugin writes its marker).
    const trusted = nbx(['convert', 'nb.ipynb', '--trust-config'], { cwd: d });
    assert.equal(trusted.code, 0, trusted.stderr);
    assert.ok(existsSync(marker), 'a trusted config runs its plugin');
  });
});

describe('bad files and disks', () => {
  test('a FIFO named x.ipynb is "not a regular file" (a walk does not list it), and the others are converted', () => {
    const d = dir('fifo');
    assert.equal(spawnSync('mkfifo', [path.join(d, 'x.ipynb')]).status, 0);
    writeFileSync(path.join(d, 'y.ipynb'), ipynb([md('# y')]));
    const r = nbx(['convert', path.join(d, 'x.ipynb'), path.join(d, 'y.ipynb'), '--to', 'markdown']);
    assert.equal(r.code, 1, r.stderr);
    oneLine(r.stderr);
    assert.match(r.stderr, /x\.ipynb: not a regular file/);
    assert.ok(existsSync(path.join(d, 'y.md')));
    rmSync(path.join(d, 'y.md'));
    // A walk lists regular files only: the FIFO is not a notebook there.
    const walk = nbx(['convert', d, '--to', 'markdown', '--json']);
    assert.equal(walk.code, 0, walk.stderr);
    assert.deepEqual((JSON.parse(walk.stdout) as { results: { input: string }[] }).results.map((x) => path.basename(x.input)), ['y.ipynb']);
  });

  test('an unwritable --output-dir is a one-line "permission denied"', { skip: process.getuid?.() === 0 && !readableByNobody() && 'nbx is not readable by nobody' }, () => {
    const d = dir('eacces');
    chmodSync(root, 0o711);
    chmodSync(d, 0o777);
    const out = path.join(d, 'out');
    mkdirSync(out, { mode: 0o555 });
    chmodSync(out, 0o555);
    writeFileSync(path.join(d, 'nb.ipynb'), ipynb([md('# t')]));
    chmodSync(path.join(d, 'nb.ipynb'), 0o644);
    // Root writes anywhere: run as nobody for chmod to mean something.
    const r = nbx(['convert', path.join(d, 'nb.ipynb'), '--to', 'html', '--output-dir', out], { uid: process.getuid?.() === 0 ? 65534 : undefined });
    assert.equal(r.code, 1, r.stderr);
    oneLine(r.stderr);
    assert.match(r.stderr, /nb\.ipynb: cannot write .*out\/nb\.html: permission denied/);
  });

  test('a full disk (file size limit: EFBIG) is one line, and leaves no nb_files/ without its document, nor temp files', () => {
    const d = dir('efbig');
    const big = Buffer.alloc(600 * 1024, 7);
    big.set(PNG);
    writeFileSync(path.join(d, 'nb.ipynb'), ipynb([code('x', [{ output_type: 'display_data', metadata: {}, data: { 'image/png': big.toString('base64') } }])]));
    // ulimit -f counts 1024-byte blocks (dash): files up to 1 MB, and the .tex holds nothing large.
    const r = nbx(['convert', 'nb.ipynb', '--to', 'markdown', '--output-dir', 'out'], { cwd: d, shell: 'ulimit -f 400' });
    assert.equal(r.code, 1, r.stderr);
    oneLine(r.stderr);
    assert.match(r.stderr, /nb\.ipynb: cannot write out\/nb_files\/nb_0_0\.png: file too large/);
    assert.deepEqual(existsSync(path.join(d, 'out')) ? readdirSync(path.join(d, 'out')) : [], []);
  });

  test('SIGTERM or SIGINT during a large write leaves no temp file', async () => {
    const d = dir('signal');
    // A 60 MB stream output: the markdown takes a while to write.
    writeFileSync(path.join(d, 'nb.ipynb'), ipynb([code('x', [{ output_type: 'stream', name: 'stdout', text: 'y'.repeat(60 * 1024 * 1024) }])]));
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const out = path.join(d, signal);
      mkdirSync(out);
      const child = spawn(process.execPath, [bin, 'convert', path.join(d, 'nb.ipynb'), '--to', 'markdown', '--output-dir', out], { stdio: 'ignore' });
      let sent = false;
      const watcher = watch(out, (_event, name) => {
        if (!sent && name && name.endsWith('.tmp')) {
          sent = true;
          child.kill(signal);
        }
      });
      const status = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
      watcher.close();
      assert.ok(sent, 'the temp file was never seen');
      assert.deepEqual(readdirSync(out).filter((f) => f.endsWith('.tmp')), [], `${signal} left a temp file`);
      assert.ok(status === 0 || status === 128 + (signal === 'SIGTERM' ? 15 : 2), `exit ${status}`);
    }
  });
});

/** The repository and node are readable and runnable by nobody (for the EACCES test as root). */
function readableByNobody(): boolean {
  return spawnSync(process.execPath, [bin, '--version'], { uid: 65534, gid: 65534 }).status === 0;
}
