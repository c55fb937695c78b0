import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The sandbox's entry script, run as `process.execPath --import <tsx> main.ts …`. */
export const SANDBOX_MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

/** tsx's loader, resolved from this package (so a child starts the same way from any working directory). */
export function tsxImport(): string {
  return import.meta.resolve('tsx');
}

export interface SandboxReady {
  event: 'ready';
  pid: number;
  orderEntryPort: number;
  marketDataPort: number;
  session: string;
  symbol: string;
  originNs: string;
  firstIndex: number;
  warmupFromNs: number;
  fromNs: number;
  endNs: number;
  messages: number;
  pacing: string;
}

export interface ProcessOptions {
  readonly onStderr?: (line: string) => void;
  /** V8 / Node flags. */
  readonly nodeFlags?: readonly string[];
  /** A command that runs node (e.g. `['chrt', '-f', '40']`). */
  readonly commandPrefix?: readonly string[];
}

/**
 * V8 flags of the latency-critical processes (the engine and the sandbox): no memory reducer. It runs full
 * GCs of 4–13 ms (measured here) when allocation is low, i.e. in the middle of a quiet trading day; setting
 * it once the heap exists does not stop them, so it is a command-line flag. (A 16 MiB young generation from
 * the start, `--min-semi-space-size=16`, was tried against the 1 MiB default: in two 60 s runs it brought a
 * major GC of 8–10 ms and a 2 ms scavenge into the window, where the default gave one scavenge of 0.85 ms.)
 */
export const LATENCY_NODE_FLAGS = ['--no-memory-reducer'] as const;

/**
 * A Node child process running one of this project's TypeScript entry scripts, talked to through its
 * stdout (JSON lines, each with an `event`) and stdin (commands, one per line): the sandbox exchange and
 * the engine, for the CLI, the benchmark and the tests.
 */
export class JsonLinesProcess<Ready = Record<string, unknown>> {
  readonly child: ChildProcessWithoutNullStreams;
  readonly ready: Promise<Ready>;
  stderr = '';
  private pending = '';
  private readonly waiters: { event: string; resolve: (o: Record<string, unknown>) => void }[] = [];
  private readonly listeners = new Map<string, (o: Record<string, unknown>) => void>();

  constructor(script: string, args: readonly string[], options: ProcessOptions = {}) {
    const node = [process.execPath, ...(options.nodeFlags ?? []), '--import', tsxImport(), script, ...args];
    // A prefix (e.g. `chrt -f 40`, realtimeScheduling.ts) runs node under it; it execs node, so the pid is node's.
    const argv = [...(options.commandPrefix ?? []), ...node];
    this.child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.setEncoding('utf8');
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (d: string) => {
      this.stderr += d;
      if (this.stderr.length > 100_000) this.stderr = this.stderr.slice(-50_000);
      if (options.onStderr) for (const line of d.split('\n')) if (line.trim() !== '') options.onStderr(line);
    });
    this.child.stdout.on('data', (d: string) => {
      this.pending += d;
      for (let i = this.pending.indexOf('\n'); i >= 0; i = this.pending.indexOf('\n')) {
        const line = this.pending.slice(0, i);
        this.pending = this.pending.slice(i + 1);
        let o: Record<string, unknown>;
        try {
          o = JSON.parse(line) as Record<string, unknown>;
        } catch {
          continue;
        }
        const k = this.waiters.findIndex((w) => w.event === o.event);
        if (k >= 0) this.waiters.splice(k, 1)[0].resolve(o);
        else this.listeners.get(String(o.event))?.(o);
      }
    });
    this.ready = new Promise((resolve, reject) => {
      this.waiters.push({ event: 'ready', resolve: (o) => resolve(o as unknown as Ready) });
      this.child.once('exit', (code, signal) => reject(new Error(`${script} exited (${code ?? signal}) before it was ready: ${this.stderr.trim()}`)));
    });
    this.ready.catch(() => undefined);
  }

  /** Calls `f` for every unsolicited line of `event` (e.g. the engine's `end`). */
  on(event: string, f: (o: Record<string, unknown>) => void): void {
    this.listeners.set(event, f);
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Sends a command and waits for the answer line of `event` (status). */
  request(command: string, event: string, timeoutMs = 10_000): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${event} line within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        event,
        resolve: (o) => {
          clearTimeout(timer);
          resolve(o);
        },
      });
      this.child.stdin.write(`${command}\n`);
    });
  }

  status(): Promise<Record<string, unknown>> {
    return this.request('status', 'status');
  }

  command(command: string): void {
    this.child.stdin.write(`${command}\n`);
  }

  /** Ends it (`command`, then SIGKILL if it lingers); resolves when it has exited. */
  stop(command = 'quit'): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.child.stdin.write(`${command}\n`);
    });
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill(signal);
    });
  }
}

/**
 * The sandbox exchange as a child process (`src/live/sandbox/main.ts`), with LATENCY_NODE_FLAGS (a venue
 * pause is a wire-to-wire outlier).
 */
export class SandboxProcess extends JsonLinesProcess<SandboxReady> {
  constructor(args: readonly string[], options: Omit<ProcessOptions, 'nodeFlags'> = {}) {
    super(SANDBOX_MAIN, args, { ...options, nodeFlags: LATENCY_NODE_FLAGS });
  }
}
