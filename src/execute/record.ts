// Kernel messages → notebook outputs, exactly as nbclient records them (its
// process_message/output/clear_output/_update_display_id/handle_comm_msg), then
// nbconvert's coalesce_streams. Only what nbformat stores is kept: no
// `transient`, no message dates (unless timing is asked for).
import type { Message } from './wire.js';

export type Output = Record<string, unknown>;
export type CellJson = Record<string, unknown> & { outputs?: Output[]; metadata?: Record<string, unknown> };

/** nbformat.v4.output_from_msg; null for messages that are not outputs. */
export function outputFromMsg(msg: Message, msgType = msg.msg_type): Output | null {
  const c = msg.content;
  switch (msgType) {
    case 'stream':
      return { output_type: 'stream', name: c.name, text: c.text };
    case 'display_data':
      return { output_type: 'display_data', data: c.data ?? {}, metadata: c.metadata ?? {} };
    case 'execute_result':
      return { output_type: 'execute_result', data: c.data ?? {}, metadata: c.metadata ?? {}, execution_count: c.execution_count ?? null };
    case 'error':
      return { output_type: 'error', ename: c.ename, evalue: c.evalue, traceback: c.traceback ?? [] };
    default:
      return null;
  }
}

/** nbclient's timestamp(): the message's date as %Y-%m-%dT%H:%M:%S.%fZ (UTC). */
export function timestamp(msg: Message): string {
  const d = new Date(String(msg.header.date));
  if (Number.isNaN(d.getTime())) return new Date().toISOString().replace('Z', '000Z');
  const micro = /\.(\d+)/.exec(String(msg.header.date))?.[1]?.padEnd(6, '0').slice(0, 6) ?? '000000';
  return d.toISOString().replace(/\.\d+Z$/, `.${micro}Z`);
}

/** State nbclient keeps across the cells of one notebook. */
export class Recorder {
  /** display_id → cell index → indices of outputs showing it. */
  private readonly displays = new Map<string, Map<number, number[]>>();
  private readonly widgetState = new Map<string, Record<string, unknown>>();
  private readonly widgetBuffers = new Map<string, Map<string, { data: string; encoding: 'base64'; path: unknown[] }>>();
  private clearBeforeNext = false;

  constructor(private readonly cells: CellJson[], private readonly recordTiming: boolean) {}

  /** Before a cell runs (nbclient: cell.outputs = [], clear_before_next_output = False). */
  startCell(cell: CellJson): void {
    cell.outputs = [];
    this.clearBeforeNext = false;
    if (this.recordTiming) cell.metadata = { ...cell.metadata, execution: {} };
  }

  /** One iopub message whose parent is this cell's execute_request. */
  iopub(msg: Message, cell: CellJson, index: number): void {
    const type = msg.msg_type;
    const content = msg.content;
    const transient = content.transient as { display_id?: unknown } | undefined;
    const displayId = typeof transient?.display_id === 'string' && transient.display_id ? transient.display_id : null;
    if (displayId && (type === 'execute_result' || type === 'display_data' || type === 'update_display_data')) this.updateDisplay(displayId, msg);
    if ('execution_count' in content) cell.execution_count = content.execution_count;
    if (this.recordTiming) {
      const timing = (cell.metadata!.execution ??= {}) as Record<string, string>;
      if (type === 'status' && content.execution_state === 'idle') timing['iopub.status.idle'] = timestamp(msg);
      else if (type === 'status' && content.execution_state === 'busy') timing['iopub.status.busy'] = timestamp(msg);
      else if (type === 'execute_input') timing['iopub.execute_input'] = timestamp(msg);
    }
    if (type === 'status') return;
    if (type === 'clear_output') return this.clearOutput(cell, index, content.wait === true);
    if (type.startsWith('comm')) return this.comm(msg);
    if (type === 'execute_input' || type === 'update_display_data') return;
    this.output(cell, index, msg, displayId);
  }

  /** The execute_reply arrived (timing only). */
  reply(msg: Message, cell: CellJson): void {
    if (this.recordTiming) ((cell.metadata!.execution ??= {}) as Record<string, string>)['shell.execute_reply'] = timestamp(msg);
  }

  private output(cell: CellJson, index: number, msg: Message, displayId: string | null): void {
    const out = outputFromMsg(msg);
    if (!out) return;
    const outs = cell.outputs!;
    if (this.clearBeforeNext) {
      outs.length = 0;
      this.forgetDisplays(index);
      this.clearBeforeNext = false;
    }
    if (displayId) {
      const byCell = this.displays.get(displayId) ?? new Map<number, number[]>();
      this.displays.set(displayId, byCell);
      const list = byCell.get(index) ?? [];
      byCell.set(index, list);
      list.push(outs.length);
    }
    outs.push(out);
  }

  private clearOutput(cell: CellJson, index: number, wait: boolean): void {
    if (wait) {
      this.clearBeforeNext = true;
      return;
    }
    cell.outputs!.length = 0;
    this.forgetDisplays(index);
  }

  private forgetDisplays(index: number): void {
    for (const byCell of this.displays.values()) if (byCell.has(index)) byCell.set(index, []);
  }

  /** Every earlier output with this display_id, in any cell, takes the new data. */
  private updateDisplay(displayId: string, msg: Message): void {
    const byCell = this.displays.get(displayId);
    if (!byCell) return;
    const out = outputFromMsg(msg, 'display_data');
    if (!out) return;
    for (const [cellIndex, outputIndices] of byCell) {
      const outputs = this.cells[cellIndex]?.outputs;
      for (const i of outputIndices) {
        const target = outputs?.[i];
        if (!target) continue;
        target.data = out.data;
        target.metadata = out.metadata;
      }
    }
  }

  /** nbclient's handle_comm_msg with store_widget_state: widget models' latest state and buffers. */
  private comm(msg: Message): void {
    const content = msg.content;
    let data = content.data as Record<string, unknown> | undefined;
    if (!data || typeof data !== 'object') return;
    // ipywidgets 6 (Debian 12's) opens a widget comm with the state itself as
    // data, not {state}; nbclient 0.7 fails on it, nbx keeps it.
    if (msg.msg_type === 'comm_open' && content.target_name === 'jupyter.widget' && !data.state && '_model_name' in data) data = { state: data };
    if (!data.state || typeof data.state !== 'object') return;
    const commId = String(content.comm_id);
    const state = this.widgetState.get(commId) ?? {};
    Object.assign(state, data.state);
    this.widgetState.set(commId, state);
    const paths = data.buffer_paths;
    if (Array.isArray(paths) && paths.length > 0) {
      const buffers = this.widgetBuffers.get(commId) ?? new Map();
      this.widgetBuffers.set(commId, buffers);
      paths.forEach((p, i) => {
        const buf = msg.buffers[i];
        if (buf && Array.isArray(p)) buffers.set(JSON.stringify(p), { data: buf.toString('base64'), encoding: 'base64', path: p });
      });
    }
  }

  /** nbclient's set_widgets_metadata: the value of metadata.widgets, or null without widgets. */
  widgetsMetadata(): Record<string, unknown> | null {
    if (this.widgetState.size === 0) return null;
    const state: Record<string, unknown> = {};
    for (const [id, s] of this.widgetState) {
      if (!('_model_name' in s)) continue;
      const entry: Record<string, unknown> = {
        model_module: s._model_module, model_module_version: s._model_module_version, model_name: s._model_name, state: s,
      };
      const buffers = this.widgetBuffers.get(id);
      if (buffers && buffers.size > 0) entry.buffers = [...buffers.values()];
      state[id] = entry;
    }
    return { 'application/vnd.jupyter.widget-state+json': { state, version_major: 2, version_minor: 0 } };
  }
}

// nbconvert's coalescestreams.cr_pat (Python's `.` is [^\n]).
const CR = /[^\n]*\r(?=[^\n])/g;

/** nbconvert's coalesce_streams: consecutive streams of one name merged, then `\r` overwrites applied. */
export function coalesceStreams(outputs: Output[]): Output[] {
  const merged: Output[] = [];
  for (const out of outputs) {
    const last = merged[merged.length - 1];
    if (last && out.output_type === 'stream' && last.output_type === 'stream' && last.name === out.name) {
      last.text = String(last.text) + String(out.text);
    } else {
      merged.push(out.output_type === 'stream' ? { ...out } : out);
    }
  }
  for (const out of merged) {
    if (out.output_type === 'stream' && typeof out.text === 'string' && out.text.includes('\r')) out.text = out.text.replace(CR, '');
  }
  return merged;
}
