import { connect, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';

/**
 * Calls `tick` every `everyMs` on this thread, allocating ~60 bytes per call, where `setInterval` allocates
 * ~250 (Node re-creates its timer list for the duration on every re-arm; measured with heapUsed over 3 000
 * ticks). At 1 kHz that is the difference between ~15 scavenges a minute and ~3.
 *
 * How: a worker thread (its own heap: its garbage never pauses this thread) writes one byte every
 * `everyMs` to a loopback socket whose reads land in one static buffer here (`onread`), and each read
 * calls `tick`. The keep-warm mode of the live engine uses it to run its HotPathWarmer between packets.
 */
export class WarmTicker {
  private readonly worker: Worker;
  private socket: Socket | null = null;
  private readonly buffer = Buffer.alloc(256);
  private stopped = false;
  ticks = 0;

  constructor(everyMs: number, tick: () => void) {
    if (!(everyMs >= 1) || !Number.isInteger(everyMs)) throw new RangeError(`warm ticker period must be a whole number of ms ≥ 1, got ${everyMs}`);
    this.worker = new Worker(
      `const net = require('node:net'); const { parentPort } = require('node:worker_threads');
       const one = Buffer.from([1]);
       const srv = net.createServer((s) => { s.setNoDelay(true); const t = setInterval(() => s.write(one), ${everyMs}); s.on('close', () => clearInterval(t)); s.on('error', () => clearInterval(t)); srv.close(); });
       srv.listen(0, '127.0.0.1', () => parentPort.postMessage(srv.address().port));`,
      { eval: true },
    );
    this.worker.unref();
    this.worker.once('message', (port: number) => {
      if (this.stopped) return;
      const s = connect({
        port,
        host: '127.0.0.1',
        onread: {
          buffer: this.buffer,
          callback: () => {
            this.ticks++;
            tick();
            return true;
          },
        },
      });
      s.on('error', () => undefined);
      s.unref();
      this.socket = s;
    });
  }

  stop(): void {
    this.stopped = true;
    this.socket?.destroy();
    void this.worker.terminate();
  }
}
