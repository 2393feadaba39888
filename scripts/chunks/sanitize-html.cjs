// The sanitizer chunk of the CLI bundle (sanitize-html, htmlparser2, postcss), loaded only for raw HTML.
// CommonJS, so that `import('sanitize-html')` in nbx gets the function itself as the default export.
module.exports = require('sanitize-html');
