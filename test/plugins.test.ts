// Exporter plugins: `--to ./file.js` or an installed nbx-exporter-<name>,
// resolved to a spec a worker can load again, loaded and checked in one line.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Diagnostics, NbxError, applyTransforms, getExporter, readNotebook, type Exporter } from '../src/index.js';
import { loadExporter, resolveExporterSpec } from '../src/formats/plugins.js';
import { HTML_PRIORITY } from '../src/render/mime.js';
import { fixture, repoRoot } from './helpers.js';

function tempProject(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'nbx-plugins-'));
  for (const [name, content] of Object.entries({ 'package.json': '{"name":"demo"}', ...files })) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** Runs an exporter on a fixture through the library's stages, as convert() does. */
async function exportFixture(exporter: Exporter, name: string) {
  const file = fixture(name);
  const diag = new Diagnostics(file);
  const nb = applyTransforms(readNotebook(readFileSync(file), file, diag), {});
  const result = await exporter.export(nb, { stem: path.basename(name, '.ipynb'), baseDir: path.dirname(file), diag, options: {} });
  return { nb, result };
}

/** Expects a usage NbxError of one line matching `pattern`. */
function oneLine(pattern: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof NbxError, `an NbxError, got ${String(e)}`);
    assert.equal(e.exitCode, 2);
    assert.match(e.message, pattern);
    assert.ok(!e.message.includes('\n'), `one line: ${e.message}`);
    return true;
  };
}

const plugin = (body: string) => `export default { name: 'demo', extension: '.txt', async export(nb) { return { content: 'cells: ' + nb.cells.length, files: [] }; }, ${body} };\n`;

describe('the example plugin (examples/wordcount-exporter.js)', () => {
  it('loads by path and summarises tour.ipynb', async () => {
    const spec = resolveExporterSpec('./examples/wordcount-exporter.js', repoRoot);
    assert.equal(spec, pathToFileURL(path.join(repoRoot, 'examples', 'wordcount-exporter.js')).href);
    const exporter = await loadExporter(spec);
    assert.equal(exporter.name, 'wordcount');
    assert.equal(exporter.extension, '.wordcount.md');
    const { nb, result } = await exportFixture(exporter, 'tour.ipynb');
    const count = (type: string) => nb.cells.filter((c) => c.type === type).length;
    const text = String(result.content);
    assert.equal(text.split('\n')[0], '# tour', 'metadata.title, else the file name');
    assert.match(text, new RegExp(`^- cells: ${nb.cells.length} \\(${count('markdown')} markdown, ${count('code')} code, 0 raw\\)$`, 'm'));
    const words = nb.cells.filter((c) => c.type === 'markdown').reduce((n, c) => n + c.source.split(/\s+/).filter(Boolean).length, 0);
    assert.match(text, new RegExp(`^- words of markdown: ${words}$`, 'm'));
    assert.match(text, /^- lines of code: [1-9]\d*$/m);
    assert.deepEqual(result.files, []);
  });
});

describe('resolveExporterSpec', () => {
  it('keeps built-in formats by name (aliases resolved)', async () => {
    assert.equal(resolveExporterSpec('html', repoRoot), 'html');
    assert.equal(resolveExporterSpec('md', repoRoot), 'markdown');
    assert.equal(await loadExporter('markdown'), getExporter('markdown'));
  });

  it('finds nbx-exporter-<name> installed where nbx runs (CommonJS, or ESM through "exports")', async () => {
    const dir = tempProject({
      'node_modules/nbx-exporter-demo/package.json': '{"name":"nbx-exporter-demo","main":"main.js"}',
      'node_modules/nbx-exporter-demo/main.js': "module.exports = { name: 'demo', extension: '.demo', async export() { return 'cjs'; } };\n",
      'node_modules/nbx-exporter-esm/package.json': '{"name":"nbx-exporter-esm","type":"module","exports":{".":{"import":"./lib/index.js"}}}',
      'node_modules/nbx-exporter-esm/lib/index.js': "export const exporter = { name: 'esm', extension: '.esm', description: 'ESM only', async export() { return { content: 'esm', files: [] }; } };\n",
      'notebooks/x.txt': '',
    });
    const demo = resolveExporterSpec('demo', path.join(dir, 'notebooks'));
    assert.equal(demo, pathToFileURL(path.join(dir, 'node_modules', 'nbx-exporter-demo', 'main.js')).href);
    const loaded = await loadExporter(demo);
    assert.deepEqual([loaded.name, loaded.extension, loaded.description, loaded.mimePriority], ['demo', '.demo', '', HTML_PRIORITY], 'defaults filled in');
    assert.deepEqual((await exportFixture(loaded, 'tour.ipynb')).result, { content: 'cjs', files: [] }, 'a string result is the content');

    const esm = await loadExporter(resolveExporterSpec('esm', dir));
    assert.equal(esm.description, 'ESM only');
    assert.equal((await exportFixture(esm, 'tour.ipynb')).result.content, 'esm');
  });

  it('an unknown name lists the formats and the package to install', () => {
    assert.throws(() => resolveExporterSpec('docx', tempProject({})), oneLine(/^unknown format "docx": choose one of html, .*json.*, or install nbx-exporter-docx$/));
  });

  it('a missing file is named as given', () => {
    assert.throws(() => resolveExporterSpec('./missing.js', tempProject({})), oneLine(/^exporter \.\/missing\.js: no such file$/));
    assert.throws(() => resolveExporterSpec('lib/missing.mjs', tempProject({})), oneLine(/^exporter lib\/missing\.mjs: no such file$/));
  });
});

describe('loadExporter: a broken plugin is one line naming its file', () => {
  const dir = tempProject({
    'package.json': '{"name":"demo","type":"module"}',
    'good.js': plugin("description: 'counts cells'"),
    'named.js': "export const exporter = { name: 'named', extension: '.n', export: async () => ({ content: '', files: [] }) };\n",
    'no-export.js': "export default { name: 'x', extension: '.x' };\n",
    'bad-extension.js': "export default { name: 'x', extension: 'txt', async export() { return ''; } };\n",
    'no-name.js': "export default { extension: '.x', async export() { return ''; } };\n",
    'nothing.js': 'export const other = 1;\n',
    'syntax.js': "export default {\n  name: 'x',\n  export() { return 1 +; },\n};\n",
    'throws.js': "throw new Error('cannot start\\nsecond line');\n",
    'bad-result.js': "export default { name: 'x', extension: '.x', async export() { return 42; } };\n",
  });
  const load = (file: string) => loadExporter(resolveExporterSpec(`./${file}`, dir));

  it('accepts a default export or a named export "exporter"', async () => {
    assert.equal((await load('good.js')).description, 'counts cells');
    assert.equal((await load('named.js')).name, 'named');
  });

  it('names what is wrong', async () => {
    await assert.rejects(load('no-export.js'), oneLine(/^exporter .*no-export\.js: "export" must be a function/));
    await assert.rejects(load('bad-extension.js'), oneLine(/^exporter .*bad-extension\.js: "extension" must be a string starting with "\."$/));
    await assert.rejects(load('no-name.js'), oneLine(/^exporter .*no-name\.js: "name" must be a non-empty string$/));
    await assert.rejects(load('nothing.js'), oneLine(/^exporter .*nothing\.js: exports no exporter/));
  });

  it('a syntax error gives its line; an error at load its first line', async () => {
    await assert.rejects(load('syntax.js'), oneLine(/^exporter .*syntax\.js: line 3: SyntaxError: Unexpected token/));
    await assert.rejects(load('throws.js'), oneLine(/^exporter .*throws\.js: Error: cannot start$/));
  });

  it('a result nbx cannot write fails the export in one line', async () => {
    const exporter = await load('bad-result.js');
    await assert.rejects(exportFixture(exporter, 'tour.ipynb'), oneLine(/^exporter .*bad-result\.js: export\(\) must return \{ content/));
  });
});
