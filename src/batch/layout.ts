// Where a notebook's output goes: nbconvert's names (nb.ipynb → nb.html), and
// with --output-dir the input tree mirrored below the directory, so that
// a/intro.ipynb and b/intro.ipynb (and their intro_files/) do not collide.
import path from 'node:path';

export interface LayoutOptions {
  /** --output-dir. */
  outputDir?: string;
  /** --output: one input only; relative to outputDir, else to the input's directory (as nbconvert). */
  output?: string;
  /** The directory mirrored into `outputDir` (ExpandedInputs.root). */
  root: string;
  /** What relative paths are relative to; process.cwd() by default. */
  cwd?: string;
}

/** The stem of an output: 'nb' for 'docs/nb.ipynb' (any case of '.ipynb'), 'notebook' for stdin ('-'). */
export function outputStem(input: string): string {
  return input === '-' ? 'notebook' : path.basename(input).replace(/\.ipynb$/i, '');
}

/** Where the main output of `input` goes, for an output extension like '.html'. Absolute. */
export function outputPath(input: string, extension: string, options: LayoutOptions): string {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const { outputDir, output } = options;
  if (output) {
    // As nbconvert: relative to --output-dir, else to the input's directory; `-o x --to notebook` is x.ipynb, not x.nbconvert.ipynb.
    const name = path.extname(output) ? output : output + extension.slice(extension.lastIndexOf('.'));
    return path.resolve(cwd, outputDir ?? (input === '-' ? '.' : path.dirname(input)), name);
  }
  const file = outputStem(input) + extension;
  if (outputDir === undefined) return path.resolve(cwd, input === '-' ? '.' : path.dirname(input), file);
  if (input === '-') return path.resolve(cwd, outputDir, file);
  const below = path.relative(path.resolve(cwd, options.root), path.dirname(path.resolve(cwd, input)));
  // Outside the root (never, for inputs from expandInputs): flatten rather than write outside outputDir.
  const outside = below === '..' || below.startsWith('..' + path.sep) || path.isAbsolute(below);
  return path.resolve(cwd, outputDir, outside ? '.' : below, file);
}
