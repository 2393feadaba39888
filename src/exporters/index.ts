// The registry of output formats: adding one is a file, a line here and its templates.
import { NbxError, ExitCode } from '../errors.js';
import { htmlExporter } from './html.js';
import { jsonExporter } from './json.js';
import type { Exporter } from './types.js';

export const exporters: ReadonlyMap<string, Exporter> = new Map([htmlExporter, jsonExporter].map((e) => [e.name, e]));

export function getExporter(name: string): Exporter {
  const exporter = exporters.get(name.toLowerCase());
  if (!exporter) {
    throw new NbxError(`unknown format "${name}": choose one of ${[...exporters.keys()].join(', ')}`, ExitCode.usage);
  }
  return exporter;
}

export type { Exporter, ExportContext, ExportOptions, ExportResult, ExtraFile } from './types.js';
