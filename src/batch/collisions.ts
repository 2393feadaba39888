// Outputs that would overwrite an input or each other, found before anything
// is written: nbx never replaces a notebook with its export (`-o nb.ipynb`),
// never writes two formats to one file (`-o out.html --to html,latex`), and
// never lets a notebook silently overwrite another's output (`a.ipynb` and
// `a.IPYNB` both give `a.html`).
import path from 'node:path';
import { ExitCode, NbxError } from '../errors.js';
import type { Exporter } from '../formats/types.js';
import { outputPath, type LayoutOptions } from './layout.js';

/** Case-insensitive file systems (macOS, Windows) take `A.html` for `a.html`. */
const key = (file: string) => (process.platform === 'darwin' || process.platform === 'win32' ? file.toLowerCase() : file);

/**
 * Checks the planned outputs. Throws a usage NbxError when `--output` names an
 * input or one file for several formats; returns, for each notebook whose
 * output another notebook already writes, why it is not converted.
 */
export function outputConflicts(
  files: readonly string[],
  exporters: readonly Exporter[],
  layout: LayoutOptions,
  writesFiles: (input: string, exporter: Exporter) => boolean,
): Map<string, string> {
  const cwd = path.resolve(layout.cwd ?? process.cwd());
  const shown = (file: string) => path.relative(cwd, file) || file;
  const inputs = new Map(files.filter((f) => f !== '-').map((f) => [key(path.resolve(cwd, f)), f]));
  const owners = new Map<string, string>();
  const conflicts = new Map<string, string>();
  for (const input of files) {
    const mine = new Map<string, string>();
    for (const exporter of exporters) {
      if (!writesFiles(input, exporter)) continue;
      const target = outputPath(input, exporter.extension, layout);
      const k = key(target);
      const overwritten = inputs.get(k);
      if (overwritten !== undefined) {
        const message = `the ${exporter.name} output of ${input} would overwrite the notebook ${overwritten}; not converted`
          + (layout.output ? ' (choose another --output)' : '');
        if (layout.output) throw new NbxError(message, ExitCode.usage);
        conflicts.set(input, `${input}: ${message}`);
        continue;
      }
      const sameFormat = mine.get(k);
      if (sameFormat !== undefined) {
        throw new NbxError(layout.output
          ? `--output ${layout.output}: ${sameFormat} and ${exporter.name} would both write ${shown(target)}; `
            + `give a name without an extension (-o ${path.parse(layout.output).name}) to get one file per format`
          : `${sameFormat} and ${exporter.name} would both write ${shown(target)}: convert them in two calls`, ExitCode.usage);
      }
      mine.set(k, exporter.name);
      const owner = owners.get(k);
      if (owner !== undefined && owner !== input) {
        conflicts.set(input, `${input}: its ${exporter.name} output ${shown(target)} is also the output of ${owner}; not converted (rename one)`);
      }
    }
    if (!conflicts.has(input)) for (const k of mine.keys()) owners.set(k, input);
  }
  return conflicts;
}
