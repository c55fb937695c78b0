/**
 * The trading engine as its own process:
 *
 *   node --import tsx src/live/engine/main.ts --oe-port P --md-port P --symbol GOOG --origin-ns N
 *        --journal engine.journal [--model A.json] [--policy taker|maker] [--threshold 0.6] [--qty 100]
 *        [--hold N] [--account 7] [--lockstep] [--measure-from NS] [--trade-from NS] [--keep-recovered]
 *        [--spin | --keep-warm] [--jit-warmup PACKETS]
 *
 * Run it with `--no-memory-reducer` (EngineProcess does): see LATENCY_NODE_FLAGS (src/live/sandbox/SandboxProcess.ts).
 *
 * Prints `{"event":"ready",...}` once started; reads commands on stdin: `status` (prints
 * `{"event":"status",...}`: position, open orders, recovery, reconciliations, feed and session counts,
 * malformed input, latency figures), `stop` (graceful: logout, journal synced, exit 0). A `kill -9` at
 * any moment is what the journal is for: a restart with the same --journal recovers.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { LiveEngine } from './LiveEngine.ts';
import { liveEngineParts, lobsterInstrument } from './liveSetup.ts';
import { liveResult } from './liveResult.ts';

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    'oe-port': { type: 'string' },
    'md-port': { type: 'string' },
    symbol: { type: 'string', default: 'GOOG' },
    'origin-ns': { type: 'string', default: '0' },
    journal: { type: 'string' },
    model: { type: 'string' },
    policy: { type: 'string', default: 'taker' },
    threshold: { type: 'string' },
    qty: { type: 'string' },
    hold: { type: 'string' },
    account: { type: 'string', default: '7' },
    lockstep: { type: 'boolean', default: false },
    'measure-from': { type: 'string' },
    'trade-from': { type: 'string' },
    'keep-recovered': { type: 'boolean', default: false },
    spin: { type: 'boolean', default: false },
    'keep-warm': { type: 'boolean', default: false },
    'jit-warmup': { type: 'string' },
  },
  strict: true,
});

if (!values['oe-port'] || !values['md-port'] || !values.journal) {
  process.stderr.write('engine: --oe-port, --md-port and --journal are required\n');
  process.exit(2);
}
const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));
const parts = await liveEngineParts({
  modelPath: values.model ?? null,
  policy: values.policy === 'maker' ? 'maker' : 'taker',
  threshold: num(values.threshold),
  qty: num(values.qty),
  hold: num(values.hold),
  account: Number(values.account),
});
const engine = new LiveEngine({
  host: values.host,
  orderEntryPort: Number(values['oe-port']),
  marketDataPort: Number(values['md-port']),
  instrument: lobsterInstrument(values.symbol),
  originNs: BigInt(values['origin-ns']),
  journalPath: values.journal,
  lockstep: values.lockstep,
  measureFromNs: num(values['measure-from']),
  tradeFromNs: num(values['trade-from']),
  cancelRecoveredOrders: !values['keep-recovered'],
  spin: values.spin,
  keepWarm: values['keep-warm'],
  jitWarmUpPackets: num(values['jit-warmup']),
  ...parts,
  log: (line) => void process.stderr.write(`${line}\n`),
  onEndOfSession: () => out({ event: 'end' }),
});
const out = (o: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify(o)}\n`);
engine.start();
out({ event: 'ready', pid: process.pid, journal: values.journal, recovery: engine.recovery });

createInterface({ input: process.stdin }).on('line', (line) => {
  const cmd = line.trim();
  if (cmd === 'status') out({ event: 'status', ...engine.status(), latency: liveResult(engine), table: engine.stats.table(), warmUpMs: engine.warmUpMs });
  else if (cmd === 'stop') void engine.stop().then(() => process.exit(0));
});
process.on('SIGTERM', () => void engine.stop().then(() => process.exit(0)));
