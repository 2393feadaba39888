// The KaTeX chunk of the CLI bundle: KaTeX with mhchem, loaded only for notebooks with math.
// CommonJS, so that `import('katex')` in nbx gets KaTeX itself as the default export.
module.exports = require('katex');
require('katex/contrib/mhchem');
