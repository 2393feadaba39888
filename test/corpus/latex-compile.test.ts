// xelatex compiles the LaTeX export of a representative set of corpus
// notebooks (math, adversarial markdown, Hebrew, CJK and emoji, ANSI, SVG and
// PDF outputs, R's LaTeX, attachments); their text is in the PDF.
import { xelatexSuite } from '../helpers-xelatex.js';
import { corpusFile } from './corpus.js';

xelatexSuite('xelatex compiles the LaTeX export of corpus notebooks', [
  'jupyter-notebook__Typesetting_Equations.ipynb',
  'ipython__Markdown_Pandoc_Limitations.ipynb',
  'pythonfreecourse__week08_Inheritance_Part_2.ipynb',
  'tf-docs-l10n__zh-cn_unicode.ipynb',
  'ipython__ANSI_Test.ipynb',
  'ipython__Rich_Output.ipynb',
  'irkernel__Demo.ipynb',
  'jupyter-notebook__binder_example.ipynb',
  'nbconvert__notebook2.ipynb',
].map(corpusFile));
