/**
 * The sandbox exchange as its own process:
 *
 *   node --import tsx src/live/sandbox/main.ts --messages M --orderbook O [--from peak|start|HH:MM[:SS]|0.3]
 *        [--duration 60s] [--warmup 120s] [--speed 1|<k>|max|lockstep] [--session NAME]
 *        [--oe-port P] [--md-port P] [--cancel-on-disconnect] [--start-on login|listen] [--no-end-session] [--spin]
 *
 * Prints one JSON line `{"event":"ready",...}` (ports, session, the replay window) on stdout when it
 * listens. Reads commands on stdin, one per line: `status` (prints `{"event":"status",...}`: positions,
 * open orders, replay discrepancies, slow consumers, malformed input, wire-to-wire), `corrupt` (the next
 * market-data packet sent goes out with an unknown message type: a test of the clients' recovery),
 * `quit`. SIGTERM / SIGINT close it.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadLobsterDay } from '../../data/lobster/LobsterDay.ts';
import { replayWindow } from './replayWindow.ts';
import { SandboxServer, type Pacing } from './SandboxServer.ts';

function durationNs(text: string, name: string): number {
  const m = /^(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)$/.exec(text);
  if (!m) throw new RangeError(`--${name} must be a duration like 60s, got "${text}"`);
  return Math.round(Number(m[1]) * { ns: 1, us: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 }[m[2] as 'ns']);
}

const { values } = parseArgs({
  options: {
    messages: { type: 'string' },
    orderbook: { type: 'string' },
    from: { type: 'string', default: 'start' },
    duration: { type: 'string' },
    warmup: { type: 'string', default: '0s' },
    speed: { type: 'string', default: '1' },
    session: { type: 'string' },
    'oe-port': { type: 'string', default: '0' },
    'md-port': { type: 'string', default: '0' },
    'cancel-on-disconnect': { type: 'boolean', default: false },
    'start-on': { type: 'string', default: 'login' },
    'no-end-session': { type: 'boolean', default: false },
    spin: { type: 'boolean', default: false },
  },
  strict: true,
});

if (!values.messages || !values.orderbook) {
  process.stderr.write('sandbox: --messages and --orderbook are required\n');
  process.exit(2);
}

const day = await loadLobsterDay(values.messages, values.orderbook);
const total = day.events.length;
const lastNs = day.events.exchTs[total - 1];
const dur = values.duration !== undefined ? durationNs(values.duration, 'duration') : lastNs + 1 - day.events.exchTs[0];
const window = replayWindow(day.events, values.from, dur, durationNs(values.warmup, 'warmup'));
let pacing: Pacing;
if (values.speed === 'lockstep') pacing = { mode: 'lockstep' };
else if (values.speed === 'max' || values.speed === 'asap') pacing = { mode: 'asap' };
else {
  const k = Number(values.speed);
  if (!(k > 0)) throw new RangeError(`--speed must be a positive number, max or lockstep, got "${values.speed}"`);
  pacing = { mode: 'realtime', speed: k, fastUntilNs: window.fromNs };
}
// A new session name per start (a restarted venue is a new session): base-36 seconds of the wall clock.
const session = values.session ?? `S${Math.floor(Date.now() / 1000).toString(36).toUpperCase()}`;
const log = (line: string): void => void process.stderr.write(`${line}\n`);
const server = new SandboxServer({
  day,
  from: window.firstIndex,
  endNs: window.endNs,
  pacing,
  session,
  orderEntryPort: Number(values['oe-port']),
  marketDataPort: Number(values['md-port']),
  cancelOnDisconnect: values['cancel-on-disconnect'],
  startOn: values['start-on'] === 'listen' ? 'listen' : 'login',
  endSession: !values['no-end-session'],
  measureFromNs: window.fromNs,
  spin: values.spin,
  log,
});

let gcMaxMs = 0;
let gcCount = 0;
// GC pauses of the measured window only (loading the day is not trading).
new PerformanceObserver((list) => {
  if (!server.measuring) return;
  for (const e of list.getEntries()) {
    gcCount++;
    if (e.duration > gcMaxMs) gcMaxMs = e.duration;
  }
}).observe({ entryTypes: ['gc'] });

const ports = await server.listen();
const out = (o: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify(o)}\n`);
out({ event: 'ready', pid: process.pid, ...ports, session, symbol: day.instrument.symbol, originNs: String(day.originNs), ...window, pacing: pacing.mode, speed: values.speed });

const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const cmd = line.trim();
  if (cmd === 'status') out({ event: 'status', ...server.status(), gc: { count: gcCount, maxMs: gcMaxMs } });
  else if (cmd === 'corrupt') server.corruptNextPacket();
  else if (cmd === 'quit') void shutdown();
});
rl.on('close', () => undefined);

async function shutdown(): Promise<void> {
  await server.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
