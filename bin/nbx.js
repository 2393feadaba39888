#!/usr/bin/env node
// The CLI runs from one bundled file with V8's code cache (fast start; see
// src/cli/load-bundle.ts), and `nbx --version` answers without loading it.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { readFileSync } = await import('node:fs');
  console.log(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
} else {
  const { loadBundle } = await import('../dist/cli/load-bundle.js');
  process.exitCode = await loadBundle().main();
}
