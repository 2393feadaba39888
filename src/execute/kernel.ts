// One running Jupyter kernel: its process (in a process group of its own, so it
// and anything it starts can be killed together), its connection file (random
// key, ipc sockets in a private temp dir so ports never collide), and the
// shell/control/iopub sockets. zeromq is loaded on first use only.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type * as Zmq from 'zeromq';
import { NbxError } from '../errors.js';
import type { KernelSpec } from './kernelspec.js';
import { killGroup, track } from './reaper.js';
import { Signer, type Message } from './wire.js';

const require = createRequire(import.meta.url);
let zmqModule: typeof Zmq | undefined;
function loadZmq(): typeof Zmq {
  return (zmqModule ??= require('zeromq') as typeof Zmq);
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Handlers of one request: its reply (shell/control) and its iopub messages. */
interface Pending {
  onReply?: (msg: Message) => void;
  onIopub?: (msg: Message) => void;
}

export interface StartOptions {
  cwd: string;
  /** Seconds. */
  startupTimeout: number;
  warn: (message: string) => void;
  /** Aborting stops the start-up (the kernel is shut down). */
  signal?: AbortSignal;
}

export class Kernel {
  readonly session = randomUUID();
  /** Resolves when the kernel process has exited (whatever the reason). */
  readonly exited: Promise<Exit>;
  exit: Exit | null = null;
  /** Last lines the kernel wrote to stderr, for error messages. */
  private stderrTail = '';
  private readonly pending = new Map<string, Pending>();
  private sockets: { shell: Zmq.Dealer; control: Zmq.Dealer; iopub: Zmq.Subscriber } | null = null;
  private untrack: () => void;
  private warnedSignature = false;
  private closed = false;

  private constructor(
    readonly spec: KernelSpec,
    private readonly child: ChildProcess,
    private readonly dir: string,
    private readonly signer: Signer,
    private readonly warn: (message: string) => void,
  ) {
    this.untrack = track(child.pid, dir);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
      child.once('error', (err) => {
        // Could not be started at all (ENOENT: the kernelspec names a program that is not installed).
        this.stderrTail = `cannot run ${spec.argv[0]}: ${(err as NodeJS.ErrnoException).code ?? err.message}`;
        this.exit ??= { code: null, signal: null };
        resolve(this.exit);
      });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-2000);
    });
  }

  /** Starts the kernel and waits until it answers kernel_info on shell and iopub. */
  static async start(spec: KernelSpec, opts: StartOptions): Promise<{ kernel: Kernel; info: Message }> {
    const zmq = loadZmq();
    const dir = mkdtempSync(path.join(shortTmpdir(), 'nbx-kernel-'));
    const key = randomBytes(32).toString('hex');
    const connection = await connectionInfo(dir, key);
    const connectionFile = path.join(dir, 'kernel.json');
    writeFileSync(connectionFile, JSON.stringify(connection), { mode: 0o600 });
    const argv = [...spec.argv, ...(isIpykernel(spec) ? ['--HistoryManager.hist_file=:memory:'] : [])].map((a) => a.replaceAll('{connection_file}', connectionFile).replaceAll('{resource_dir}', spec.resourceDir ?? ''));
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: opts.cwd,
      // JPY_PARENT_PID: ipykernel quits by itself if nbx dies without cleaning up.
      env: { ...process.env, ...spec.env, JPY_PARENT_PID: String(process.pid) },
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'ignore', 'pipe'],
      windowsHide: true,
    });
    const kernel = new Kernel(spec, child, dir, new Signer(key), opts.warn);
    try {
      const url = (port: number) => connection.transport === 'ipc' ? `ipc://${connection.ip}-${port}` : `tcp://${connection.ip}:${port}`;
      const shell = new zmq.Dealer({ linger: 0 });
      const control = new zmq.Dealer({ linger: 0 });
      const iopub = new zmq.Subscriber({ linger: 0 });
      kernel.sockets = { shell, control, iopub };
      iopub.subscribe();
      shell.connect(url(connection.shell_port));
      control.connect(url(connection.control_port));
      iopub.connect(url(connection.iopub_port));
      void kernel.readLoop(shell);
      void kernel.readLoop(control);
      void kernel.readLoop(iopub);
      const info = await kernel.handshake(opts.startupTimeout, opts.signal);
      return { kernel, info };
    } catch (err) {
      await kernel.shutdown();
      throw err;
    }
  }

  /** Why the kernel is gone, for error messages: "exit code 1", "signal SIGSEGV", plus its last stderr line. */
  describeExit(): string {
    const e = this.exit;
    const how = !e ? 'unknown' : e.signal ? `killed by ${e.signal}` : `exit code ${e.code}`;
    const last = this.stderrTail.trim().split('\n').pop()?.trim();
    return last ? `${how}: ${last.slice(0, 200)}` : how;
  }

  private async readLoop(socket: Zmq.Dealer | Zmq.Subscriber): Promise<void> {
    try {
      for await (const frames of socket) this.dispatch(frames, socket === this.sockets?.iopub);
    } catch {
      // Closed while receiving.
    }
  }

  private dispatch(frames: Buffer[], iopub: boolean): void {
    const msg = this.signer.decode(frames);
    if (!msg) {
      if (!this.warnedSignature) this.warn(`kernel ${this.spec.name}: dropped a message with a bad signature (further ones dropped silently)`);
      this.warnedSignature = true;
      return;
    }
    const handlers = this.pending.get(msg.parent_header.msg_id ?? '');
    if (iopub) handlers?.onIopub?.(msg);
    else handlers?.onReply?.(msg);
  }

  /** Sends a request; `handlers` get its reply and its iopub messages until forget(msgId). */
  send(channel: 'shell' | 'control', msgType: string, content: Record<string, unknown>, handlers: Pending): string {
    if (!this.sockets) throw new Error('kernel not connected');
    const { msgId, frames } = this.signer.encode(this.session, msgType, content);
    this.pending.set(msgId, handlers);
    this.sockets[channel].send(frames).catch(() => undefined);
    return msgId;
  }

  forget(msgId: string): void {
    this.pending.delete(msgId);
  }

  /** kernel_info_request until both its reply and its iopub idle arrive (iopub then surely connected). */
  private async handshake(timeoutSeconds: number, signal?: AbortSignal): Promise<Message> {
    const deadline = Date.now() + timeoutSeconds * 1000;
    let onAbort: () => void = () => undefined;
    const abortedP = new Promise<void>((resolve) => (onAbort = resolve));
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await this.askInfo(deadline, timeoutSeconds, abortedP, signal);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private async askInfo(deadline: number, timeoutSeconds: number, abortedP: Promise<void>, signal?: AbortSignal): Promise<Message> {
    let attempt = 0;
    while (Date.now() < deadline) {
      if (signal?.aborted) throw new NbxError('execution aborted; kernel stopped');
      if (this.exit) {
        if (this.exit.code === null && !this.exit.signal) throw new NbxError(`kernel ${this.spec.name} could not be started: ${this.stderrTail}`);
        throw new NbxError(`kernel ${this.spec.name} exited while starting (${this.describeExit()})`);
      }
      attempt++;
      let reply: Message | undefined;
      let idle = false;
      let wake: () => void = () => undefined;
      const woken = new Promise<void>((resolve) => (wake = resolve));
      const msgId = this.send('shell', 'kernel_info_request', {}, {
        onReply: (m) => { reply = m; if (idle) wake(); },
        onIopub: (m) => {
          if (m.msg_type === 'status' && m.content.execution_state === 'idle') { idle = true; if (reply) wake(); }
        },
      });
      // Short waits first: most kernels answer within a second.
      const wait = Math.min(attempt === 1 ? 1000 : 2000, Math.max(0, deadline - Date.now()));
      await Promise.race([woken, this.exited, abortedP, sleep(wait)]);
      this.forget(msgId);
      if (reply && idle) {
        // Start-up chatter (debugger warnings) says nothing about a later death.
        this.stderrTail = '';
        return reply;
      }
    }
    throw new NbxError(`kernel ${this.spec.name} did not answer within ${timeoutSeconds} s (startup timeout)${this.stderrTail.trim() ? `: ${this.describeExit().replace(/^unknown: /, '')}` : ''}`);
  }

  /** Interrupts the running cell, as interrupt_mode says (SIGINT, or interrupt_request on control). */
  interrupt(): void {
    if (this.exit) return;
    if (this.spec.interruptMode === 'message') this.send('control', 'interrupt_request', {}, {});
    else killGroup(this.child.pid, 'SIGINT');
  }

  /**
   * Stops the kernel: shutdown_request, then SIGTERM, then SIGKILL of its process
   * group; closes the sockets and removes the connection dir. Never rejects.
   */
  async shutdown(graceMs = 2000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.exit) {
      // Once the kernel has replied it has done its own cleanup (ipykernel ends
      // its subprocesses); Python's teardown after that takes up to a second
      // on a busy machine, which nobody needs to wait for.
      const replied = new Promise<void>((resolve) => {
        if (this.sockets) this.send('control', 'shutdown_request', { restart: false }, { onReply: () => resolve() });
      });
      const exitedOrReplied = await within(Promise.race([this.exited, replied]), graceMs);
      if (!exitedOrReplied || !(await within(this.exited, 200))) {
        killGroup(this.child.pid, 'SIGTERM');
        if (!(await within(this.exited, 1000))) {
          killGroup(this.child.pid, 'SIGKILL');
          await within(this.exited, 2000);
        }
      }
    }
    // Whatever the kernel started in its group (the group outlives its leader).
    killGroup(this.child.pid, 'SIGKILL');
    this.child.stderr?.destroy();
    this.pending.clear();
    if (this.sockets) for (const s of Object.values(this.sockets)) s.close();
    this.sockets = null;
    rmSync(this.dir, { recursive: true, force: true });
    this.untrack();
  }
}

// As nbclient: no history database shared by parallel kernels (and no disk writes).
function isIpykernel(spec: KernelSpec): boolean {
  return spec.argv.some((a) => /ipykernel/.test(a)) || /^python[23]?$/.test(spec.name);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const done = await Promise.race([p.then(() => true as const), timeout]);
  clearTimeout(timer);
  return done;
}

// ipc socket paths must stay under ~100 bytes (sun_path).
function shortTmpdir(): string {
  const t = os.tmpdir();
  return process.platform !== 'win32' && t.length > 60 ? '/tmp' : t;
}

interface ConnectionInfo {
  transport: 'ipc' | 'tcp';
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: 'hmac-sha256';
  kernel_name?: string;
}

/**
 * ipc (unix sockets in our private dir: nothing to collide with) everywhere but
 * Windows; there, tcp on ports the OS just gave out (jupyter_client's way).
 */
async function connectionInfo(dir: string, key: string): Promise<ConnectionInfo> {
  const common = { key, signature_scheme: 'hmac-sha256' as const };
  if (process.platform !== 'win32') {
    return { transport: 'ipc', ip: path.join(dir, 'k'), shell_port: 1, iopub_port: 2, stdin_port: 3, control_port: 4, hb_port: 5, ...common };
  }
  const [shell, iopub, stdin, control, hb] = await freePorts(5);
  return { transport: 'tcp', ip: '127.0.0.1', shell_port: shell!, iopub_port: iopub!, stdin_port: stdin!, control_port: control!, hb_port: hb!, ...common };
}

async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve(s));
  })));
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}
