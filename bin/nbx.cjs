#!/usr/bin/env node
'use strict';
// The nbx command. CommonJS, so that Node's ES module loader never starts, and
// the CLI runs from one bundled file with V8's code cache (bin/load-bundle.cjs);
// `nbx --version` answers without loading it.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  console.log(require('../package.json').version);
} else {
  const bundle = require('./load-bundle.cjs');
  bundle
    .loadBundle()
    .main()
    .then((code) => {
      process.exitCode = code;
      // The first conversion with this Node leaves a code cache for the next
      // ones (not `nbx --help`, `nbx doctor`: they run little of the bundle).
      if (args[0] === 'convert') bundle.saveCodeCache();
    });
}
