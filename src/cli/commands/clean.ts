import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MANIPULATION_KINDS, ManipulationKind } from '../../clean/ManipulationKind.ts';
import type { OrderFlag } from '../../clean/OrderFlag.ts';
import { runDetectors, runDetectorsOnLobsterDay, type DetectorRun } from '../../clean/runDetectors.ts';
import { scoreFlags, type KindScore } from '../../clean/scoreFlags.ts';
import { writeFlagsCsv } from '../../clean/flagsCsv.ts';
import { formatNsAsSeconds } from '../../core/time.ts';
import { loadLobsterDay } from '../../data/lobster/LobsterDay.ts';
import { readEventsParquetBatch } from '../../data/store/readEventsParquet.ts';
import { readSimulatedDay } from '../../sim/readSimulatedDay.ts';
import { EVENTS_FILE, LABELS_FILE } from '../../sim/simulatedDayFiles.ts';
import type { GroundTruth } from '../../sim/GroundTruth.ts';
import { UsageError, type Command, type CommandIo } from '../Command.ts';
import { intOption, parseCommandArgs, requireOption } from '../args.ts';
import { ProgressBar } from '../progress.ts';

const help = `tachyon clean — detect market manipulation and bad data in a day of L3 market data

usage:
  tachyon clean --in DIR [--flags-out F] [--examples n] [--json]
  tachyon clean --messages M --orderbook O [--lenient] [--flags-out F] [--examples n] [--json]

Runs the detectors of src/clean over one day: spoofing, layering, wash trading, quote stuffing, momentum
ignition and bad data. They see only what the venue's market data shows (adds, cancels, executions with
order ids, times, prices, sizes), never agent ids or labels, so they run unchanged on simulated and real
days. Each flag names an order (bad data: an event, by its sequence number), a score in [0, 1] and a reason.

--in DIR: a simulated day written by \`tachyon sim\` (DIR/${EVENTS_FILE}, DIR/${LABELS_FILE}). The flags are
  scored against the ground truth per order id: precision = flagged as k and truly k / flagged as k;
  recall = truly k and flagged as k / truly k, over orders whose id appears in the events (an aggressive
  order that filled at once has no event of its own, so no market-data detector can name it). Without
  ${LABELS_FILE}, precision and recall are null.
--messages M --orderbook O: a LOBSTER day; the book is seeded and refilled from the orderbook file. No
  ground truth: precision and recall are null, and flagRate = flagged / orders added that day (bad data:
  flagged events / events).

Prints {"kinds":{"<kind>":{"flagged","precision","recall"}},"events","orders","seconds"} (LOBSTER days
add "flagRate" per kind).

options:
  --in DIR                  simulated day directory
  --messages M, --orderbook O  LOBSTER message and orderbook files (.csv or .csv.gz)
  --lenient                 LOBSTER: count bad rows and go on instead of stopping at the first
  --flags-out F             write every flag as CSV: orderId,kind,score,reason (header line; reason quoted)
  --examples n              print the n highest-scoring flags of each kind, readably (default 0; 3 without --json)
  --json                    print exactly one JSON object as the last line of stdout

examples:
  npx tachyon sim --seed 7 --duration 1h --out /tmp/day && npx tachyon clean --in /tmp/day --json
  npx tachyon clean --messages ../shared/data/lobster/GOOG_2012-06-21_34200000_57600000_message_10.csv.gz \\
    --orderbook ../shared/data/lobster/GOOG_2012-06-21_34200000_57600000_orderbook_10.csv.gz --examples 3`;

interface KindSummary {
  flagged: number;
  precision: number | null;
  recall: number | null;
  flagRate?: number;
}

export const cleanCommand: Command = {
  path: ['clean'],
  summary: 'detect spoofing, layering, wash trades, quote stuffing, momentum ignition and bad data in a day',
  help,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        in: { type: 'string' },
        messages: { type: 'string' },
        orderbook: { type: 'string' },
        lenient: { type: 'boolean', default: false },
        'flags-out': { type: 'string' },
        examples: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      true,
    );
    if (positionals.length) throw new UsageError(`unexpected arguments: ${positionals.join(' ')}`);
    const lobster = values.messages !== undefined || values.orderbook !== undefined;
    if (lobster === (values.in !== undefined)) throw new UsageError('give either --in DIR (a simulated day) or --messages M --orderbook O (a LOBSTER day)');
    const examples = intOption(values.examples, 'examples', values.json ? 0 : 3);
    if (examples < 0) throw new UsageError(`--examples must be ≥ 0, got ${examples}`);

    const bar = new ProgressBar('clean: load, replay, detect', 3, io.stderrIsTty);
    const t0 = performance.now();
    let run: DetectorRun;
    let truth: GroundTruth | null = null;
    if (lobster) {
      const messages = requireOption(values.messages, 'messages');
      const orderbook = requireOption(values.orderbook, 'orderbook');
      const day = await loadLobsterDay(messages, orderbook, { lenient: values.lenient });
      bar.update(1);
      run = runDetectorsOnLobsterDay(day);
    } else {
      const dir = requireOption(values.in, 'in');
      let events;
      if (existsSync(join(dir, LABELS_FILE))) {
        const sim = await readSimulatedDay(dir);
        events = sim.events;
        truth = sim.groundTruth;
      } else {
        events = await readEventsParquetBatch(join(dir, EVENTS_FILE));
      }
      bar.update(1);
      run = runDetectors(events);
    }
    bar.update(3);
    bar.finish();
    const seconds = (performance.now() - t0) / 1000;

    const scores: Record<ManipulationKind, KindScore> | null = truth ? scoreFlags(run.flags, truth, { events: run.tape.events }) : null;
    const kinds = {} as Record<ManipulationKind, KindSummary>;
    for (const k of MANIPULATION_KINDS) {
      const flagged = run.byKind[k].flagged;
      const s: KindSummary = { flagged, precision: scores ? scores[k].precision : null, recall: scores ? scores[k].recall : null };
      if (lobster) s.flagRate = flagged / Math.max(1, k === ManipulationKind.BadData ? run.events : run.orders);
      kinds[k] = s;
    }
    if (values['flags-out']) await writeFlagsCsv(values['flags-out'], run.flags);

    if (!values.json) {
      const src = lobster ? (values.messages ?? '') : (values.in ?? '');
      io.out(`tachyon clean: ${src}: ${run.events.toLocaleString('en-US')} events, ${run.orders.toLocaleString('en-US')} orders, ${seconds.toFixed(2)} s`);
      for (const k of MANIPULATION_KINDS) {
        const s = kinds[k];
        const pr = scores ? `  precision ${fmt(s.precision)}  recall ${fmt(s.recall)} (truly ${k}: ${scores[k].truth})` : '';
        const rate = s.flagRate !== undefined ? `  (${(s.flagRate * 100).toFixed(3)} % of ${k === ManipulationKind.BadData ? 'events' : 'orders'})` : '';
        io.out(`  ${k.padEnd(9)} ${String(s.flagged).padStart(7)} flagged${rate}${pr}`);
      }
    }
    if (examples > 0) printExamples(io, run, examples, truth);
    if (values['flags-out'] && !values.json) io.out(`  flags written to ${values['flags-out']} (${run.flags.length} rows)`);
    if (values.json) io.out(JSON.stringify({ kinds, events: run.events, orders: run.orders, seconds: Math.round(seconds * 1000) / 1000 }));
    return 0;
  },
};

function fmt(x: number | null): string {
  return x === null ? '—' : x.toFixed(3);
}

/** The highest-scoring flags of each kind, with the exchange time of the order's add (or the event). */
function printExamples(io: CommandIo, run: DetectorRun, n: number, truth: GroundTruth | null): void {
  const tape = run.tape;
  const ev = tape.events;
  const addTime = new Map<number, number>();
  for (let k = 0; k < tape.orders; k++) if (!addTime.has(tape.oId[k])) addTime.set(tape.oId[k], ev.exchTs[tape.oAddEv[k]]);
  const seqTime = new Map<number, number>();
  const seqOrder = new Map<number, number>();
  const trueKind = new Map<number, string>();
  if (truth) for (let i = 0; i < truth.orderId.length; i++) trueKind.set(truth.orderId[i], truth.kind[i] ?? 'honest');
  const byKind = new Map<ManipulationKind, OrderFlag[]>();
  for (const f of run.flags) {
    let list = byKind.get(f.kind);
    if (!list) byKind.set(f.kind, (list = []));
    list.push(f);
  }
  const bad = byKind.get(ManipulationKind.BadData);
  if (bad?.length) {
    for (let i = 0; i < ev.length; i++) {
      seqTime.set(ev.seq[i], ev.exchTs[i]);
      seqOrder.set(ev.seq[i], ev.orderId[i]);
    }
  }
  for (const k of MANIPULATION_KINDS) {
    const list = (byKind.get(k) ?? []).slice().sort((a, b) => b.score - a.score || a.orderId - b.orderId);
    if (list.length === 0) continue;
    io.out(`\n${k}: ${list.length} flagged; the ${Math.min(n, list.length)} highest scores:`);
    for (const f of list.slice(0, n)) {
      const t = k === ManipulationKind.BadData ? seqTime.get(f.orderId) : addTime.get(f.orderId);
      const when = t === undefined ? '' : ` at ${formatNsAsSeconds(t)} s`;
      const id = k === ManipulationKind.BadData ? seqOrder.get(f.orderId) : f.orderId;
      const label = truth ? ` [truly ${(id !== undefined && trueKind.get(id)) || 'honest'}]` : '';
      io.out(`  ${k === ManipulationKind.BadData ? 'event' : 'order'} ${f.orderId}${when}, score ${f.score}${label}: ${f.reason}`);
    }
  }
}
