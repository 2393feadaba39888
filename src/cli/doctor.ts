// `nbx doctor`: one line per thing nbx can use on this machine, found or
// missing with how to install it. Exit 0, except with `--to <formats>`: 1 when
// something one of those formats needs is missing.
import { Command } from 'commander';
import { diagnose, missingFor, type Check } from '../doctor/index.js';
import { ExitCode } from '../errors.js';
import { getExporter } from '../formats/index.js';
import { packageVersion } from '../package-root.js';

export interface DoctorOptions {
  to?: string;
  chrome?: string;
}

export function doctorCommand(action: (opts: DoctorOptions) => Promise<void>): Command {
  return new Command('doctor')
    .description('check what nbx can use on this machine (browser, TeX, fonts, kernels, docutils)')
    .option('-t, --to <formats>', 'exit 1 if something these formats need is missing (pdf, latex, …; several separated by commas)')
    .option('--chrome <path>', 'the Chrome/Chromium to check (default: $CHROME_PATH, then the usual install paths)')
    .action(action);
}

/** One line: status, name, what was found or is missing, and for a missing one how to install it. */
export function formatCheck(check: Check, width: number): string {
  const head = `${(check.found ? 'found' : 'missing').padEnd(8)}${check.name.padEnd(width + 2)}`;
  return check.found ? `${head}${check.detail}` : `${head}${check.detail}; for ${check.usedFor}: ${check.install}`;
}

export async function runDoctor(opts: DoctorOptions, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  // Unknown names are usage errors before anything is probed.
  const formats = (opts.to ?? '').split(',').map((f) => f.trim()).filter(Boolean).map((f) => getExporter(f).name);
  const checks = await diagnose({ chromePath: opts.chrome, env: process.env });
  const width = Math.max(...checks.map((c) => c.name.length));
  out.write(`nbx ${packageVersion()} on ${process.platform}-${process.arch}\n`);
  for (const check of checks) out.write(formatCheck(check, width) + '\n');
  let exitCode: number = ExitCode.ok;
  for (const format of formats) {
    const missing = missingFor(checks, format);
    if (missing.length === 0) {
      out.write(`nbx: --to ${format}: ready\n`);
    } else {
      out.write(`nbx: --to ${format}: missing ${missing.map((c) => c.name).join(', ')}\n`);
      exitCode = ExitCode.failed;
    }
  }
  return exitCode;
}
