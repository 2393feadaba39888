import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyTransforms } from '../src/transforms/index.js';
import { applyControlChars } from '../src/transforms/streams.js';
import { magicLanguage } from '../src/transforms/magics.js';
import { codeCell, markdownCell, notebook } from './helpers.js';

describe('cell tags', () => {
  it('removes cells tagged remove_cell or remove-cell, and --remove-tag tags', () => {
    const nb = notebook([
      codeCell('a', [], { tags: ['remove_cell'] }),
      codeCell('b', [], { tags: ['remove-cell'] }),
      markdownCell('c', { tags: ['private'] }),
      codeCell('d'),
    ]);
    applyTransforms(nb, { removeTags: ['private'] });
    assert.deepEqual(nb.cells.map((c) => c.source), ['d']);
  });

  it('remove-input / remove-output remove parts; hide-* collapse them', () => {
    const nb = notebook([
      codeCell('a', [], { tags: ['remove_input'] }),
      codeCell('b', [], { tags: ['remove-output'] }),
      codeCell('c', [], { tags: ['hide-input', 'hide-output'] }),
      codeCell('d', [], { tags: ['hide-cell'] }),
      codeCell('e', [], { tags: ['hide-input', 'remove-input'] }),
    ]);
    applyTransforms(nb);
    const views = nb.cells.map((c) => c.view);
    assert.deepEqual(views.map((v) => [v.input, v.outputs, v.cell]), [
      ['remove', 'show', 'show'],
      ['show', 'remove', 'show'],
      ['collapse', 'collapse', 'show'],
      ['show', 'show', 'collapse'],
      ['remove', 'show', 'show'],
    ]);
  });

  it('--no-input removes code inputs and every prompt but keeps markdown', () => {
    const nb = notebook([markdownCell('# hi'), codeCell('x')]);
    applyTransforms(nb, { noInput: true });
    assert.equal(nb.cells[0]!.view.input, 'show');
    assert.equal(nb.cells[1]!.view.input, 'remove');
    assert.equal(nb.cells[1]!.view.prompt, false);
  });

  it('--no-prompt only hides prompts', () => {
    const nb = notebook([codeCell('x')]);
    applyTransforms(nb, { noPrompt: true });
    assert.deepEqual(nb.cells[0]!.view, { cell: 'show', input: 'show', outputs: 'show', prompt: false });
  });
});

describe('streams', () => {
  it('merges consecutive outputs of the same stream only', () => {
    const nb = notebook([codeCell('x', [
      { type: 'stream', name: 'stdout', text: 'a\n' },
      { type: 'stream', name: 'stdout', text: 'b\n' },
      { type: 'stream', name: 'stderr', text: 'e\n' },
      { type: 'stream', name: 'stdout', text: 'c\n' },
    ])]);
    applyTransforms(nb);
    const outs = (nb.cells[0] as { outputs: { name?: string; text?: string }[] }).outputs;
    assert.deepEqual(outs.map((o) => [o.name, o.text]), [['stdout', 'a\nb\n'], ['stderr', 'e\n'], ['stdout', 'c\n']]);
  });

  it('a progress bar leaves only its last state', () => {
    assert.equal(applyControlChars('  0%|   | 0/3\r 33%|#  | 1/3\r100%|###| 3/3\n'), '100%|###| 3/3\n');
  });

  it('\\r overwrites from the line start like a terminal (longer text survives)', () => {
    assert.equal(applyControlChars('hello world\rHELLO'), 'HELLO world');
    assert.equal(applyControlChars('line1\r\nline2'), 'line1\nline2');
  });

  it('\\b steps back one column', () => {
    assert.equal(applyControlChars('abc\b\bXY\n'), 'aXY\n');
    assert.equal(applyControlChars('\b\bok'), 'ok');
  });

  it('escape sequences stay attached to the characters they colour', () => {
    assert.equal(applyControlChars('\x1b[31m50%\r\x1b[32m99%\x1b[0m'), '\x1b[32m99%\x1b[0m');
  });
});

describe('cell magics', () => {
  it('switch the language of one cell', () => {
    assert.equal(magicLanguage('%%bash\nls'), 'bash');
    assert.equal(magicLanguage('%%HTML\n<b>'), 'xml');
    assert.equal(magicLanguage('%%writefile run.sh\necho'), 'sh');
    assert.equal(magicLanguage('%%time\nx = 1'), null);
    assert.equal(magicLanguage('x = 1'), null);
    const nb = notebook([codeCell('%%R\nplot(1)'), codeCell('print(1)')]);
    applyTransforms(nb);
    assert.deepEqual(nb.cells.map((c) => (c as { language: string }).language), ['r', 'python']);
  });
});
