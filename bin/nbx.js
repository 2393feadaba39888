#!/usr/bin/env node
// The CLI runs from one bundled file (fast start; see scripts/bundle.mjs), and
// `nbx --version` answers without loading the converter at all.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { readFileSync } = await import('node:fs');
  console.log(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
} else {
  const { main } = await import('../dist/bundle/nbx.mjs');
  process.exitCode = await main();
}
