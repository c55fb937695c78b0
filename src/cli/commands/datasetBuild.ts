import type { Command } from '../Command.ts';
import { UsageError } from '../Command.ts';
import { durationOptionNs, intOption, parseCommandArgs, requireOption } from '../args.ts';
import { ProgressBar } from '../progress.ts';
import { buildLobsterDataset, writeDatasetParquet } from '../../datasets/buildDataset.ts';
import { FEATURE_FACTORIES, FEATURE_SETS } from '../../features/featureSets.ts';
import { LABEL_PROTOCOLS } from '../../labels/LabelProtocols.ts';

const help = `tachyon dataset build — features + labels from a real day, leakage-safe, as Parquet

usage:
  tachyon dataset build --messages M --orderbook O --features <set> --label <protocol> --horizon k
                        --out D.parquet [--sampling event] [--train-fraction 0.7] [--alpha a] [--sigma s]
                        [--smoothing h] [--return-clock 1s] [--lenient] [--json]

Replays the LOBSTER day into the verified L3 book, runs the streaming features after every message (the
same objects the live engine runs), samples rows, labels each with the mid-price direction over the next
k samples, and writes ts, seq, the features, label (0 down, 1 stationary, 2 up) and return_bps.
Thresholds that depend on the data (lobcast, tlob) are fitted on the first --train-fraction of samples
only: the test part never moves them.

options:
  --features <set>   ${Object.keys(FEATURE_SETS).join(' | ')}, or a comma list of: ${Object.keys(FEATURE_FACTORIES).join(', ')}
  --label <p>        ${Object.entries(LABEL_PROTOCOLS).map(([n, p]) => `${n} (${p.describe})`).join('\n                     ')}
  --horizon k        samples ahead: 1, 2, 3, 5, 10, 20, 50, 100 …
  --sampling s       event | n:<count> | mid | clock:<duration> (default event)
  --train-fraction f share of samples whose labels may fit thresholds (default 0.7)
  --alpha a          fixed threshold (fi2010, kahead); --smoothing h (tlob)
  --sigma s          lobcast thresholds mean ± s·std (default 0.9), or "balanced": the s that splits the
                     training changes into thirds
  --return-clock d   also write return_bps_clock: the forward mid return over d of exchange time (e.g. 1s)
  --json             print {"rows","features","classBalance","buildSeconds","eventsPerSecond"} last

example:
  npx tachyon dataset build --messages ../shared/data/lobster/GOOG_2012-06-21_34200000_57600000_message_10.csv.gz \\
    --orderbook ../shared/data/lobster/GOOG_2012-06-21_34200000_57600000_orderbook_10.csv.gz \\
    --features default --label lobcast --horizon 10 --out goog-k10.parquet --json`;

export const datasetBuildCommand: Command = {
  path: ['dataset', 'build'],
  summary: 'features + direction labels from a LOBSTER day, written as Parquet',
  help,
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      messages: { type: 'string' },
      orderbook: { type: 'string' },
      features: { type: 'string', default: 'default' },
      label: { type: 'string' },
      horizon: { type: 'string' },
      out: { type: 'string' },
      sampling: { type: 'string', default: 'event' },
      'train-fraction': { type: 'string' },
      alpha: { type: 'string' },
      sigma: { type: 'string' },
      smoothing: { type: 'string' },
      'return-clock': { type: 'string' },
      lenient: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    });
    const messages = requireOption(values.messages, 'messages');
    const orderbook = requireOption(values.orderbook, 'orderbook');
    const out = requireOption(values.out, 'out');
    const num = (v: string | undefined, name: string): number | undefined => {
      if (v === undefined) return undefined;
      const n = Number(v);
      if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got "${v}"`);
      return n;
    };
    const started = performance.now();
    const bar = new ProgressBar('events', 0, io.stderrIsTty);
    const ds = await buildLobsterDataset(messages, orderbook, {
      features: values.features,
      sampling: values.sampling,
      label: requireOption(values.label, 'label'),
      horizon: intOption(requireOption(values.horizon, 'horizon'), 'horizon', 0),
      trainFraction: num(values['train-fraction'], 'train-fraction'),
      alpha: num(values.alpha, 'alpha'),
      sigma: values.sigma === 'balanced' ? 'balanced' : num(values.sigma, 'sigma'),
      smoothing: num(values.smoothing, 'smoothing'),
      returnClockNs: values['return-clock'] === undefined ? undefined : durationOptionNs(values['return-clock'], 'return-clock', 0),
      lenient: values.lenient,
      onProgress: (n) => bar.update(n),
    });
    bar.finish();
    const written = await writeDatasetParquet(out, ds, { messages, orderbook });
    const buildSeconds = (performance.now() - started) / 1000;
    const b = ds.classBalance;
    const summary = {
      rows: written.rows,
      features: ds.matrix.columns.length,
      classBalance: { down: b.down, stationary: b.stationary, up: b.up },
      buildSeconds: Math.round(buildSeconds * 1000) / 1000,
      eventsPerSecond: Math.round(ds.matrix.events / buildSeconds),
    };
    if (values.json) io.out(JSON.stringify(summary));
    else {
      const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
      io.out(`${out}: ${summary.rows.toLocaleString('en-US')} rows × ${summary.features} features (+ ts, seq, label, return_bps), ${(written.bytes / 1e6).toFixed(1)} MB`);
      io.out(`  label ${ds.protocol} k=${ds.horizon}: thresholds up > ${ds.alphaUp.toPrecision(3)}, down < ${ds.alphaDown.toPrecision(3)} (fitted on the first ${ds.fitRows.toLocaleString('en-US')} samples where data-driven)`);
      io.out(`  class balance: down ${b.down} (${pct(b.fractions.down)}), stationary ${b.stationary} (${pct(b.fractions.stationary)}), up ${b.up} (${pct(b.fractions.up)})`);
      io.out(`  sampling ${ds.matrix.sampling}; ${ds.matrix.events.toLocaleString('en-US')} events in ${summary.buildSeconds} s (${summary.eventsPerSecond.toLocaleString('en-US')} events/s)`);
    }
    return 0;
  },
};
