// Notebooks written for nbx around what outputs and attachments carry:
// attachments, PNG size metadata, SVG, ANSI colours and tracebacks, widgets.
import { JPEG, code, display, error, md, nb, png, result, stream, type Json } from './build.js';

/** Two cells attach a different "image.png" each (nbconvert names the second image_1.png); one attaches a stick figure. */
export function attachmentsNotebook(): Json {
  return nb([
    md('# Attachments\n\nAttachments are images stored inside the notebook itself\n\nA red square:\n\n![image.png](attachment:image.png)\n', { attachments: { 'image.png': { 'image/png': png(16, 16, [200, 30, 30]) } } }),
    md('Another file of the same name, green:\n\n![image.png](attachment:image.png)\n', { attachments: { 'image.png': { 'image/png': png(16, 16, [30, 160, 60]) } } }),
    md(
      'A stick figure in HTML and in markdown:\n\n<img src="attachment:stickfigure.png" alt="stick in html">\n\n![a stick figure](attachment:stickfigure.png)\n\n' +
        'The syntax, as code (not an image):\n\n    ![a stick figure](attachment:stickfigure.png)\n',
      { attachments: { 'stickfigure.png': { 'image/png': png(12, 24, [20, 20, 20]) } } },
    ),
    code('print("done")', [stream('done\n')]),
  ], undefined, 'att');
}

/** A retina figure: a 748×510 PNG shown at 374×255 (output metadata), then one without metadata, a JPEG with a width. */
export function pngMetadataNotebook(): Json {
  return nb([
    md('A retina figure is shown at half its pixel size\n'),
    code('%config InlineBackend.figure_format = "retina"\nplt.plot([1, 2, 3])', [
      result(1, { 'text/plain': '[<matplotlib.lines.Line2D at 0x7f3a2c1e4d90>]' }),
      display({ 'image/png': png(748, 510, [240, 240, 250]), 'text/plain': '<Figure size 640x480 with 1 Axes>' }, { 'image/png': { width: 374, height: 255 } }),
    ]),
    code('Image("small.png")', [display({ 'image/png': png(10, 10), 'text/plain': '<IPython.core.display.Image object>' })]),
    code('Image("photo.jpg", width=80)', [display({ 'image/jpeg': JPEG, 'text/plain': '<IPython.core.display.Image object>' }, { 'image/jpeg': { width: 80 } })]),
  ], {
    kernelspec: { display_name: 'Python 3 (science)', language: 'python', name: 'science-py3' },
    language_info: { name: 'python', file_extension: '.py' },
  }, 'png');
}

const SVG_FIGURE = [
  '<?xml version="1.0" encoding="utf-8" standalone="no"?>',
  '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">',
  '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="120pt" height="80pt" viewBox="0 0 120 80" version="1.1">',
  ' <defs><style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style></defs>',
  ' <g id="figure_1"><rect width="120" height="80" style="fill: #ffffff"/>',
  '  <path d="M 10 70 L 40 30 L 70 50 L 110 10" style="fill: none; stroke: #1f77b4; stroke-width: 1.5"/>',
  '  <text x="10" y="78" style="font-size: 8px">x axis</text></g>',
  '</svg>',
].join('\n');

/** SVG outputs: a matplotlib-like figure with an XML declaration and DOCTYPE, and a bare one. */
export function svgNotebook(): Json {
  return nb([
    md('# SVG outputs\n'),
    code("%config InlineBackend.figure_formats = ['svg']\nplt.plot(x, y)", [display({ 'image/svg+xml': SVG_FIGURE, 'text/plain': '<Figure size 160x106 with 1 Axes>' })]),
    code('SVG(circle)', [display({ 'image/svg+xml': '<svg xmlns="http://www.w3.org/2000/svg" width="30" height="30"><circle cx="15" cy="15" r="12" fill="orange"/></svg>', 'text/plain': '<IPython.core.display.SVG object>' })]),
  ], undefined, 'svg');
}

const ESC = '\u001b';
const frame = (file: string, line: number, src: string) =>
  `${ESC}[0;32m${file}${ESC}[0m in ${ESC}[0;36m<module>${ESC}[0;34m${ESC}[0m\n${ESC}[1;32m---> ${line}${ESC}[0m ${src}\n`;

/** Colours in streams (8 colours, bold, 256 colours, 24-bit, background), and IPython-style ANSI tracebacks. */
export function ansiNotebook(): Json {
  const basic = [30, 31, 32, 33, 34, 35, 36, 37].map((c) => `${ESC}[${c}mcolour ${c}${ESC}[0m`).join(' ');
  return nb([
    md('# ANSI escapes\n'),
    code('print(colours)', [stream(
      `${basic}\n${ESC}[1;31mbold red${ESC}[0m ${ESC}[4munderlined${ESC}[0m ${ESC}[41;97mwhite on red${ESC}[0m\n` +
        `${ESC}[38;5;208m256-colour orange${ESC}[0m ${ESC}[48;5;22mdark green background${ESC}[0m\n` +
        `${ESC}[38;2;255;0;255m24-bit magenta${ESC}[0m <not a tag> & ampersand\n`,
    )]),
    code('import sys\nprint("warning", file=sys.stderr)', [stream(`${ESC}[33mwarning${ESC}[0m\n`, 'stderr')]),
    code('def f(x):\n    return 1 / x\nf(0)', [error('ZeroDivisionError', 'division by zero', [
      `${ESC}[0;31m---------------------------------------------------------------------------${ESC}[0m`,
      `${ESC}[0;31mZeroDivisionError${ESC}[0m                         Traceback (most recent call last)`,
      frame('Cell In[3], line 3', 3, 'f(0)'),
      `${ESC}[0;32mCell In[3], line 2${ESC}[0m, in ${ESC}[0;36mf${ESC}[0;34m(x)${ESC}[0m\n${ESC}[1;32m----> 2${ESC}[0m     ${ESC}[38;5;28;01mreturn${ESC}[39;00m ${ESC}[38;5;241m1${ESC}[39m ${ESC}[38;5;241m/${ESC}[39m x\n`,
      `${ESC}[0;31mZeroDivisionError${ESC}[0m: division by zero`,
    ])]),
    code('raise ValueError("<b>not bold</b>")', [error('ValueError', '<b>not bold</b>', [
      `${ESC}[0;31mValueError${ESC}[0m: <b>not bold</b>`,
    ])]),
  ], undefined, 'ansi');
}

const MODEL = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const LABEL = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';

/** Saved widget state in the notebook metadata and widget-view outputs with text fallbacks. */
export function widgetsNotebook(): Json {
  const view = (id: string, text: string) => display({
    'application/vnd.jupyter.widget-view+json': { model_id: id, version_major: 2, version_minor: 0 },
    'text/plain': text,
  });
  return nb([
    md('# Widgets\n', { metadata: { slideshow: { slide_type: 'slide' } } }),
    code("import ipywidgets as widgets\nwidgets.IntSlider(value=7, max=10, description='Test:', continuous_update=False)",
      [view(MODEL, "IntSlider(value=7, continuous_update=False, description='Test:', max=10)")]),
    code("widgets.Label('Hello')", [view(LABEL, "Label(value='Hello')")]),
    code('widgets.Button()', [view('ffffffffffffffffffffffffffffffff', "Button(style=ButtonStyle())"), display({ 'image/jpeg': JPEG, 'text/plain': 'preview' })]),
  ], {
    ...PYTHON,
    widgets: {
      'application/vnd.jupyter.widget-state+json': {
        version_major: 2,
        version_minor: 0,
        state: {
          [MODEL]: { model_name: 'IntSliderModel', model_module: '@jupyter-widgets/controls', model_module_version: '2.0.0', state: { value: 7, max: 10, description: 'Test:', continuous_update: false } },
          [LABEL]: { model_name: 'LabelModel', model_module: '@jupyter-widgets/controls', model_module_version: '2.0.0', state: { value: 'Hello' } },
        },
      },
    },
  }, 'widget');
}

const PYTHON: Json = {
  kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
  language_info: { name: 'python', file_extension: '.py' },
};
