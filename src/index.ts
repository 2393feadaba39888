// nbx as a library: `convert()` for the whole pipeline, or the stages.
export { convert, execute, exportNotebook, loadExecuted, loadNotebook, type ConvertOptions, type ConvertResult, type LoadedNotebook, type NotebookInput } from './convert.js';
export type { ExecutionHooks, ExecutionOptions, ExecutionStatus } from './execute/pipeline.js';
export type { NotebookJson } from './notebook/json.js';
export { parseParameter, type Parameters } from './execute/parameters.js';
export { convertFiles, type BatchReport, type ConvertFilesOptions } from './batch/run.js';
export type { FileOutcome } from './batch/convert-file.js';
export type { FileResult, Summary } from './batch/result.js';
export type { Shard } from './batch/shard.js';
export { notebookFromJson, readNotebook, readNotebookJson } from './notebook/read.js';
export { writeNotebookJson } from './formats/notebook/nbformat-json.js';
export type * from './notebook/model.js';
export { applyTransforms, transforms, type TransformOptions } from './transforms/index.js';
export { exporters, getExporter } from './formats/index.js';
export type { Exporter, ExportContext, ExportOptions, ExportResult, ExtraFile } from './formats/types.js';
export { Diagnostics, NbxError, ExitCode, formatProblem, type Warning } from './errors.js';
