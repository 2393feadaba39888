// `nbx doctor` as a library: what nbx can use on this machine, and what a
// format needs. The CLI (src/cli/doctor.ts) prints it.
import { probeChrome, probeDocutils, probeFonts, probeKernels, probeNode, probeTexFiles, probeXelatex, type Check, type ProbeOptions } from './probes.js';

export type { Check, ProbeOptions } from './probes.js';

/** Every check, in the order printed. Probes run at once: most wait on a program. */
export async function diagnose(opts: Partial<ProbeOptions> = {}): Promise<Check[]> {
  const env = opts.env ?? process.env;
  const [chrome, xelatex, texFiles, fonts, kernels, docutils] = await Promise.all([
    probeChrome({ chromePath: opts.chromePath, env }),
    probeXelatex(env),
    probeTexFiles(env),
    probeFonts(env),
    probeKernels(env),
    probeDocutils(env),
  ]);
  return [probeNode(), chrome, xelatex, texFiles, ...fonts, ...kernels, docutils];
}

/** The checks a format cannot do without that are missing. */
export function missingFor(checks: readonly Check[], format: string): Check[] {
  return checks.filter((c) => !c.found && (c.neededFor.includes('*') || c.neededFor.includes(format)));
}
