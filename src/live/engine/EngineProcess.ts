import { fileURLToPath } from 'node:url';
import { JsonLinesProcess, LATENCY_NODE_FLAGS, type ProcessOptions } from '../sandbox/SandboxProcess.ts';

/** The engine's entry script. */
export const ENGINE_MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

export interface EngineReady {
  event: 'ready';
  pid: number;
  journal: string;
  recovery: unknown;
}

/** The trading engine as a child process (`src/live/engine/main.ts`), with LATENCY_NODE_FLAGS (no memory reducer). */
export class EngineProcess extends JsonLinesProcess<EngineReady> {
  constructor(args: readonly string[], options: ProcessOptions = {}) {
    super(ENGINE_MAIN, args, { ...options, nodeFlags: options.nodeFlags ?? LATENCY_NODE_FLAGS });
  }
}
