// The .tex files compile: `xelatex -interaction=nonstopmode -halt-on-error`
// on notebooks written here (math, adversarial markdown, Hebrew and Arabic,
// CJK and emoji, ANSI, SVG and PDF outputs, attachments, images), two at a
// time. Skipped when xelatex is not installed (Debian: see .ci/run). The
// corpus notebooks: corpus/latex-compile.test.ts.
import path from 'node:path';
import { repoRoot } from './helpers.js';
import { xelatexSuite } from './helpers-xelatex.js';
import { generated } from './notebooks/index.js';

xelatexSuite('xelatex compiles the LaTeX export', [
  path.join(repoRoot, 'test', 'golden', 'latex', 'features.ipynb'),
  ...['math.ipynb', 'i18n.ipynb', 'ansi.ipynb', 'svg.ipynb', 'attachments.ipynb', 'png-metadata.ipynb', 'inject.ipynb', 'v3.ipynb', 'widgets.ipynb'].map(generated),
]);
