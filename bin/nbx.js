#!/usr/bin/env node
// The CLI runs from one bundled file (fast start); see scripts/bundle.mjs.
import { main } from '../dist/bundle/nbx.mjs';

main().then((code) => {
  process.exitCode = code;
});
