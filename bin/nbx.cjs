#!/usr/bin/env node
'use strict';
// The nbx command. CommonJS, so that Node's ES module loader never starts, and
// the CLI runs from one bundled file with V8's code cache (bin/load-bundle.cjs);
// `nbx --version` answers without loading it.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  console.log(require('../package.json').version);
} else {
  require('./load-bundle.cjs')
    .loadBundle()
    .main()
    .then((code) => {
      process.exitCode = code;
    });
}
