// Notebooks the execution tests run, written here (not copied from anywhere).
// test/record-execute-fixtures.ts runs each through `jupyter nbconvert --execute
// --to notebook` once; test/execute-nbclient.test.ts runs them with nbx and
// compares the structure of the outputs with those recordings.
import type { NotebookJson } from '../src/execute/types.js';

type Cell = Record<string, unknown>;

export function code(source: string, tags: string[] = []): Cell {
  return { cell_type: 'code', execution_count: null, id: '', metadata: tags.length ? { tags } : {}, outputs: [], source };
}

export function markdown(source: string): Cell {
  return { cell_type: 'markdown', id: '', metadata: {}, source };
}

const PY = { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } };
const R = { kernelspec: { display_name: 'R', language: 'R', name: 'ir' } };

export function notebook(cells: Cell[], metadata: Record<string, unknown> = PY): NotebookJson {
  cells.forEach((c, i) => (c.id = `cell-${i}`));
  return { nbformat: 4, nbformat_minor: 5, metadata, cells };
}

/**
 * Not recorded: Debian's nbclient 0.7.2 fails on ipywidgets 6's comm_open (it
 * has no "state": KeyError), so the widget notebook is checked against
 * nbclient's store_widget_state format by hand.
 */
export const NOT_RECORDED = new Set(['widgets']);

/** name → notebook; the recordings are test/fixtures/execute/<name>.expected.ipynb. */
export const NOTEBOOKS: Record<string, () => NotebookJson> = {
  streams: () => notebook([
    code('print("one")\nprint("two")\nimport sys\nprint("to stderr", file=sys.stderr)\nprint("three")'),
    code('import sys, time\nfor i in range(3):\n    sys.stdout.write(f"line {i}\\n"); sys.stdout.flush(); time.sleep(0.01)\nsys.stderr.write("err a\\n"); sys.stderr.flush()\nsys.stderr.write("err b\\n")'),
    code('for i in range(5):\n    print(f"\\r{i * 25}%", end="", flush=True)\nprint("\\rdone")'),
    markdown('Markdown between code cells is left alone.'),
    code('   ', []),
    code('print("skipped")', ['skip-execution']),
    code('x = 41\nx + 1'),
  ]),
  display: () => notebook([
    code('from IPython.display import display, HTML, Markdown, JSON, Latex, clear_output\ndisplay(HTML("<b>bold</b>"), Markdown("*md*"))\nLatex(r"$x^2$")'),
    code('h = display(Markdown("first"), display_id=True)\nh2 = display("plain", display_id="fixed-id")'),
    code('h.update(Markdown("updated in a later cell"))\ndisplay("again", display_id="fixed-id")'),
    code('print("before"); clear_output(wait=True); print("after wait")'),
    code('print("gone"); clear_output(); display(JSON({"a": 1}))'),
    code('print("a"); clear_output(wait=True)'),
    code('from IPython.display import update_display\nupdate_display("updated by id", display_id="fixed-id")\n{"k": [1, 2]}'),
  ]),
  errors: () => notebook([
    code('1/0', ['raises-exception']),
    code('input("name? ")', ['raises-exception']),
    code('print("still running")\nraise ValueError("bad\\nvalue")', ['raises-exception']),
    code('print("after errors")'),
  ]),
  widgets: () => notebook([
    code('import ipywidgets as w\ns = w.IntSlider(value=3, description="n")\ns'),
    code('s.value = 7\nw.HBox([w.Text(value="hi"), w.Checkbox(value=True)])'),
  ]),
  matplotlib: () => notebook([
    code('import matplotlib\nmatplotlib.use("module://matplotlib_inline.backend_inline")\nimport matplotlib.pyplot as plt\nfig, ax = plt.subplots(figsize=(2, 1.5))\nax.plot([1, 2, 3], [1, 4, 9])\nplt.show()'),
    code('fig'),
  ]),
  r: () => notebook([
    code('cat("hello from R\\n")\nmessage("to stderr")\n1 + 1'),
    code('data.frame(x = 1:2, y = c("a", "b"))'),
    code('stop("bad thing")', ['raises-exception']),
    code('print(sum(1:10))'),
  ], R),
};
