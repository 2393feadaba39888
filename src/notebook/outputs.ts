// Code cell outputs (v4 shape) → model outputs. Unknown output types are
// skipped with a warning, as Jupyter front ends skip what they cannot render.

import type { Diagnostics } from '../errors.js';
import type { JsonObject, Output } from './model.js';
import { readBundle } from './bundle.js';
import { isObject, joinText, typeName } from './raw.js';

export function readOutputs(raw: unknown, diag: Diagnostics, path: string): Output[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    diag.warn(`${path}.outputs`, `is ${typeName(raw)}, not a list; ignored`);
    return [];
  }
  const outputs: Output[] = [];
  for (let i = 0; i < raw.length; i++) {
    const output = readOutput(raw[i], diag, `${path}.outputs[${i}]`);
    if (output) outputs.push(output);
  }
  return outputs;
}

function readOutput(raw: unknown, diag: Diagnostics, path: string): Output | null {
  if (!isObject(raw)) {
    diag.warn(path, `output is ${typeName(raw)}, not an object; skipped`);
    return null;
  }
  const type = raw.output_type;
  switch (type) {
    case 'stream': {
      let name = raw.name;
      if (typeof name !== 'string') {
        diag.warn(`${path}.name`, name === undefined ? 'missing; using "stdout"' : `is ${typeName(name)}, not a string; using "stdout"`);
        name = 'stdout';
      }
      let text: string | null = null;
      if (raw.text === undefined) diag.warn(`${path}.text`, 'missing; using ""');
      else text = joinText(raw.text, diag, `${path}.text`);
      return { type: 'stream', name: name as string, text: text ?? '' };
    }
    case 'display_data':
    case 'execute_result':
      return {
        type,
        data: readBundle(raw.data, diag, `${path}.data`),
        metadata: readOutputMetadata(raw.metadata, diag, `${path}.metadata`),
        executionCount: type === 'execute_result' ? readExecutionCount(raw.execution_count, diag, `${path}.execution_count`) : null,
      };
    case 'error':
      return {
        type: 'error',
        ename: readString(raw.ename, diag, `${path}.ename`),
        evalue: readString(raw.evalue, diag, `${path}.evalue`),
        traceback: readTraceback(raw.traceback, diag, `${path}.traceback`),
      };
    default:
      diag.warn(path, type === undefined ? 'no output_type; skipped' : `unknown output_type ${JSON.stringify(type)}; skipped`);
      return null;
  }
}

function readOutputMetadata(raw: unknown, diag: Diagnostics, path: string): JsonObject {
  if (raw === undefined) return {};
  if (isObject(raw)) return raw as JsonObject;
  diag.warn(path, `is ${typeName(raw)}, not an object; ignored`);
  return {};
}

/** nbformat: a non-negative integer, or null before the cell ran. */
export function readExecutionCount(raw: unknown, diag: Diagnostics, path: string): number | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) return raw;
  // v1–v3 notebooks sometimes hold the prompt number as a string.
  if (typeof raw === 'string' && /^\d+$/.test(raw)) return Number(raw);
  diag.warn(path, `${JSON.stringify(raw)} is not an execution count; using null`);
  return null;
}

function readString(raw: unknown, diag: Diagnostics, path: string): string {
  if (typeof raw === 'string') return raw;
  if (raw === undefined) {
    diag.warn(path, 'missing; using ""');
    return '';
  }
  diag.warn(path, `is ${typeName(raw)}, not a string; converted`);
  return typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
}

function readTraceback(raw: unknown, diag: Diagnostics, path: string): string[] {
  if (Array.isArray(raw)) {
    if (raw.every((line) => typeof line === 'string')) return raw as string[];
    diag.warn(path, 'list holds values that are not strings; they are skipped');
    return raw.filter((line): line is string => typeof line === 'string');
  }
  if (raw === undefined) {
    diag.warn(path, 'missing; using []');
    return [];
  }
  if (typeof raw === 'string') return [raw];
  diag.warn(path, `is ${typeName(raw)}, not a list of strings; ignored`);
  return [];
}
