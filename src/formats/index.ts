// The registry of output formats: adding one is a file, a line here and its templates.
import { NbxError, ExitCode } from '../errors.js';
import { htmlExporter } from './html/exporter.js';
import { jsonExporter } from './json/exporter.js';
import { latexExporter } from './latex/exporter.js';
import { markdownExporter } from './markdown/exporter.js';
import { notebookExporter } from './notebook/exporter.js';
import { pdfExporter } from './pdf/exporter.js';
import { rstExporter } from './rst/exporter.js';
import { scriptExporter } from './script/exporter.js';
import { slidesPdfExporter } from './slides/pdf.js';
import { slidesExporter } from './slides/exporter.js';
import type { Exporter } from './types.js';

export const exporters: ReadonlyMap<string, Exporter> = new Map([htmlExporter, jsonExporter, latexExporter, pdfExporter, slidesExporter, slidesPdfExporter, rstExporter, markdownExporter, scriptExporter, notebookExporter].map((e) => [e.name, e]));

/** Other names a format is asked for by. */
const aliases: Readonly<Record<string, string>> = { md: 'markdown', ipynb: 'notebook' };

export function getExporter(name: string): Exporter {
  const lower = name.toLowerCase();
  const exporter = exporters.get(aliases[lower] ?? lower);
  if (!exporter) {
    throw new NbxError(`unknown format "${name}": choose one of ${[...exporters.keys()].join(', ')}`, ExitCode.usage);
  }
  return exporter;
}

export type { Exporter, ExportContext, ExportOptions, ExportResult, ExtraFile } from './types.js';
