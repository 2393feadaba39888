// An injection notebook written for nbx: every place a notebook can carry
// HTML or script (title, tags, raw and markdown cells, SVG, image metadata,
// widget views, HTML/markdown/LaTeX outputs, attachment names), each payload
// naming where it came from so a test can tell which one got through.
import { JPEG, code, display, md, nb, png, raw, result, stream, type Json } from './build.js';

const alert = (where: string) => `<script>alert('${where}')</script>`;

/** The payloads, by where they are; `trusted` ones are in outputs (run as in Jupyter unless --sanitize). */
export const INJECTION_KINDS = ['title', 'cell_tag', 'raw cell', 'markdown cell', 'png filenames', 'jpg filenames', 'png injection', 'widget-view+json injection', 'attachment name', 'author'] as const;

export function injectNotebook(): Json {
  return nb([
    md(`# Injection test\n\nEach payload says where it came from.\n\n${alert('markdown cell')}\n\n` +
      `<img src="https://example.invalid/x.png" onerror="alert('markdown img onerror')">\n\n` +
      `[a javascript: link](javascript:alert('markdown link'))\n\n<iframe src="javascript:alert('markdown iframe')"></iframe>\n`),
    code('x = 1', [stream('tagged cell\n')], { metadata: { tags: [`"><script>alert('cell_tag')</script>`, 'plain-tag'] } }),
    raw(`${alert('raw cell')}\n<b onmouseover="alert('raw cell handler')">raw html</b>\n`, 'text/html'),
    code('Image("x.png")', [
      display(
        { 'image/png': png(6, 6), 'text/plain': '<IPython.core.display.Image object>' },
        { 'image/png': { width: `"><script>alert('png injection')</script>`, height: `1" onload="alert('png injection')` }, filenames: { 'image/png': `"><script>alert('png filenames')</script>.png` } },
      ),
      display(
        { 'image/jpeg': JPEG, 'text/plain': '<IPython.core.display.Image object>' },
        { filenames: { 'image/jpeg': `"><script>alert('jpg filenames')</script>.jpg` }, 'image/jpeg': { unconfined: `"><script>alert('jpg filenames')</script>` } },
      ),
    ]),
    code('SVG(...)', [
      display(
        {
          'image/svg+xml': `<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20" onload="alert('svg onload')"><script>alert('svg script')</script><rect width="20" height="20" fill="teal"/></svg>`,
          'text/plain': '<IPython.core.display.SVG object>',
        },
        { 'image/svg+xml': { width: `"><script>alert('png injection')</script>` } },
      ),
    ]),
    code('widget', [
      display({
        'application/vnd.jupyter.widget-view+json': { model_id: `</script><script>alert('widget-view+json injection')</script>`, version_major: 2, version_minor: 0 },
        'text/plain': "IntSlider(value=3, description='</script><script>')",
      }),
    ]),
    code('HTML(...)', [
      result(5, { 'text/html': `<b id="trusted-html">bold from an output</b><script>document.body.dataset.outputScript = 'ran';</script>`, 'text/plain': '<IPython.core.display.HTML object>' }),
      display({ 'text/markdown': `**markdown output** ${alert('markdown output')}`, 'text/plain': 'md' }),
      display({ 'text/latex': '$\\alpha$ </script><script>alert(\'latex output\')</script>', 'text/plain': 'latex' }),
    ]),
    md(`![attachment](attachment:evil.png)\n`, {
      attachments: { 'evil.png': { 'image/png': png(3, 3) } },
    }),
    md(`<div style="background:url(javascript:alert('style'))" onclick="alert('div onclick')">div with handlers</div>\n`),
  ], {
    title: `TITLE</title><script>alert('title')</script>`,
    authors: [{ name: `</meta><script>alert('author')</script>` }],
    kernelspec: { display_name: `Python 3 <script>alert('kernel')</script>`, language: 'python', name: 'python3' },
    language_info: { name: 'python', file_extension: '.py' },
  }, 'inject');
}
