// A talk written for nbx: every slide_type (slide, subslide, fragment, skip,
// notes, "-" and none), math, an image, and one slide taller than the screen.
import { code, display, md, nb, png, stream, type Json } from './build.js';

const as = (slide_type: string): Json => ({ metadata: { slideshow: { slide_type } } });

export function slidesNotebook(): Json {
  const long = Array.from({ length: 60 }, (_, i) => `line ${i + 1}: ${'data '.repeat(8)}`).join('\n');
  return nb([
    md('# A talk in a notebook\n\nWritten for the nbx tests.\n', as('slide')),
    md('Speaker notes of the title slide.\n', as('notes')),
    md('## Why slides\n\n- point one\n', as('slide')),
    md('- point two, a fragment\n', as('fragment')),
    md('- point three, another fragment\n', as('fragment')),
    code('print("still the same fragment")', [stream('still the same fragment\n')], as('-')),
    md('### A subslide\n\nBelow the previous slide, with math: $e^{i\\pi} + 1 = 0$\n', as('subslide')),
    md('This cell is skipped: it is not in the deck.\n', as('skip')),
    md('This is an example of a Notes cell.\n', as('notes')),
    code('plot()', [display({ 'image/png': png(120, 80, [90, 140, 220]), 'text/plain': '<Figure>' })], as('fragment')),
    md('## A tall slide\n\nIts output is longer than the screen.\n', as('slide')),
    code('print(long)', [stream(`${long}\n`)]),
    md('### Another subslide\n', as('subslide')),
    md('A cell with no slideshow metadata continues the subslide.\n'),
    md('## The end\n\n$$\\int_0^1 x\\,dx = \\frac{1}{2}$$\n', as('slide')),
    md('Last notes.\n', as('notes')),
  ], {
    title: 'A talk in a notebook',
    kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
    language_info: { name: 'python', file_extension: '.py' },
  }, 'slides');
}
