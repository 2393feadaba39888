// `--to json`: the intermediate model itself, for debugging and tests.
// Bytes are shown as base64 so the dump stays plain, diffable JSON.
import type { Exporter } from '../types.js';

export function modelToJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => (v instanceof Uint8Array ? { base64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') } : v),
    2,
  ) + '\n';
}

export const jsonExporter: Exporter = {
  name: 'json',
  extension: '.json',
  description: "nbx's notebook model as JSON (for debugging)",
  mimePriority: [],
  defaultToStdout: true,
  async export(nb) {
    return { content: modelToJson(nb), files: [] };
  },
};
