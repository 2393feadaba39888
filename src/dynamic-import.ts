// import() of modules outside the bundle (exporter plugins). The CLI bundle runs
// as a vm.Script from V8's code cache (bin/load-bundle.cjs), where Node 20's
// import() fails ("A dynamic import callback was not specified"); its loader
// provides one that works, from a real ES module.
export const DYNAMIC_IMPORT = Symbol.for('nbx.dynamicImport');

export function dynamicImport(specifier: string): Promise<unknown> {
  const provided = (globalThis as { [DYNAMIC_IMPORT]?: (s: string) => Promise<unknown> })[DYNAMIC_IMPORT];
  return provided ? provided(specifier) : import(specifier);
}
