// nbx as a library: `convert()` for the whole pipeline, or the stages.
export { convert, type ConvertOptions, type ConvertResult } from './convert.js';
export { readNotebook } from './notebook/read.js';
export type * from './notebook/model.js';
export { applyTransforms, transforms, type TransformOptions } from './transforms/index.js';
export { exporters, getExporter } from './exporters/index.js';
export type { Exporter, ExportContext, ExportOptions, ExportResult, ExtraFile } from './exporters/types.js';
export { Diagnostics, NbxError, ExitCode, formatProblem, type Warning } from './errors.js';
