// nbx's execution against `jupyter nbconvert --execute --to notebook` on the
// same notebooks (recorded in test/fixtures/execute/ by
// test/record-execute-fixtures.ts): same output types, MIME keys, execution
// counts, stream text, errors, display updates across cells and clear_output.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { executeNotebook } from '../src/execute/index.js';
import type { NotebookJson } from '../src/execute/types.js';
import { leftovers, noPython, noR, privateTmpdir } from './execute-helpers.js';
import { NOT_RECORDED, NOTEBOOKS } from './execute-notebooks.js';
import { repoRoot } from './helpers.js';

const tmp = privateTmpdir();
after(() => rmSync(tmp, { recursive: true, force: true }));

const text = (v: unknown) => (Array.isArray(v) ? v.join('') : v);

/** Text-like MIME data (images' bytes depend on library versions). */
function textData(data: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(data).filter(([k]) => !k.startsWith('image/')).map(([k, v]) => [k, typeof v === 'object' && !Array.isArray(v) ? v : String(text(v)).replace(/at 0x[0-9a-f]+/g, 'at 0x')]));
}

/** What a user compares between two executed notebooks; volatile bits (tracebacks' colours, widget ids, PNG bytes) left out. */
function structure(nb: NotebookJson) {
  return {
    language: (nb.metadata.language_info as { name?: string } | undefined)?.name,
    cells: nb.cells.map((c) => ({
      type: c.cell_type,
      execution_count: c.execution_count,
      outputs: ((c.outputs ?? []) as Record<string, unknown>[]).map((o) => {
        const data = (o.data ?? {}) as Record<string, unknown>;
        return {
          output_type: o.output_type,
          ...(o.output_type === 'stream' ? { name: o.name, text: text(o.text) } : {}),
          ...(o.output_type === 'error' ? { ename: o.ename, evalue: o.evalue, traceback: Array.isArray(o.traceback) } : {}),
          ...(o.data ? { mime: Object.keys(data).sort(), text: textData(data) } : {}),
          ...('execution_count' in o ? { count: o.execution_count } : {}),
        };
      }),
    })),
  };
}

for (const name of Object.keys(NOTEBOOKS).filter((n) => !NOT_RECORDED.has(n))) {
  const skip = name === 'r' ? noR : noPython;
  test(`executed "${name}" has the structure nbconvert --execute gives`, { skip }, async () => {
    const expected = JSON.parse(readFileSync(path.join(repoRoot, 'test', 'fixtures', 'execute', `${name}.expected.ipynb`), 'utf8')) as NotebookJson;
    const got = await executeNotebook(NOTEBOOKS[name]!(), { cwd: tmp });
    assert.deepEqual(structure(got), structure(expected));
    assert.deepEqual(leftovers(tmp), [], 'connection dir removed');
  });
}

test('widget state is stored as nbclient stores it (metadata.widgets, version 2.0)', { skip: noPython }, async () => {
  const got = await executeNotebook(NOTEBOOKS.widgets!(), { cwd: tmp });
  const widgets = (got.metadata.widgets as Record<string, { state: Record<string, Record<string, unknown>>; version_major: number; version_minor: number }>)['application/vnd.jupyter.widget-state+json']!;
  assert.equal(widgets.version_major, 2);
  assert.equal(widgets.version_minor, 0);
  const models = Object.values(widgets.state);
  const slider = models.find((m) => m.model_name === 'IntSliderModel');
  assert.ok(slider, 'the slider model is kept');
  // The value set in the second cell (a comm_msg update) wins over the first.
  assert.equal((slider.state as Record<string, unknown>).value, 7);
  assert.ok(models.some((m) => m.model_name === 'HBoxModel') && models.some((m) => m.model_name === 'CheckboxModel'));
  // Every view output points at a stored model.
  const views = got.cells.flatMap((c) => (c.outputs as Record<string, Record<string, { model_id?: string }>>[]))
    .map((o) => o.data?.['application/vnd.jupyter.widget-view+json']?.model_id).filter(Boolean);
  assert.equal(views.length, 2);
  for (const id of views) assert.ok(widgets.state[id!], `model ${id} stored`);
});
