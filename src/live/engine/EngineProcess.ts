import { fileURLToPath } from 'node:url';
import { JsonLinesProcess } from '../sandbox/SandboxProcess.ts';

/** The engine's entry script. */
export const ENGINE_MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

/**
 * V8 flags the engine process runs with: the memory reducer (idle-time full GCs that shrink the heap:
 * 4–13 ms pauses measured here, at moments of low allocation, i.e. in the middle of a quiet trading
 * day) is off. Set on the command line because setting it once the heap exists does not stop them.
 */
export const ENGINE_NODE_FLAGS = ['--no-memory-reducer'] as const;

export interface EngineReady {
  event: 'ready';
  pid: number;
  journal: string;
  recovery: unknown;
}

/** The trading engine as a child process (`src/live/engine/main.ts`), with its latency flags. */
export class EngineProcess extends JsonLinesProcess<EngineReady> {
  constructor(args: readonly string[], options: { onStderr?: (line: string) => void; nodeFlags?: readonly string[] } = {}) {
    super(ENGINE_MAIN, args, { ...options, nodeFlags: options.nodeFlags ?? ENGINE_NODE_FLAGS });
  }
}
