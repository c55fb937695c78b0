import { UsageError } from '../Command.ts';
import { DEFAULT_BACKTEST_SPEC, type BacktestSpec } from '../../backtest/BacktestSetup.ts';
import { LATENCY_SPEC_HELP } from '../../backtest/latency/parseLatencySpec.ts';
import { VENUE_FEES } from '../../backtest/fees/venueFees.ts';

/** The options every LOBSTER backtest command shares (backtest, experiment quality). */
export const BACKTEST_OPTIONS = {
  messages: { type: 'string' },
  orderbook: { type: 'string' },
  model: { type: 'string' },
  policy: { type: 'string' },
  latency: { type: 'string' },
  queue: { type: 'string' },
  fees: { type: 'string' },
  qty: { type: 'string' },
  threshold: { type: 'string' },
  hold: { type: 'string' },
  'signal-ticks': { type: 'string' },
  'inventory-ticks': { type: 'string' },
  'max-position': { type: 'string' },
  'trade-from': { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

const d = DEFAULT_BACKTEST_SPEC;
export const BACKTEST_OPTIONS_HELP = `  --policy taker|maker      taker: IOC at the touch when P(up) or P(down) > --threshold (default ${d.threshold}), held
                            --hold predictions (default: the model's label horizon) or until the prediction flips;
                            maker: bid and ask at the touch leaned by --signal-ticks (${d.signalTicks}) × (P(up) − P(down))
                            and --inventory-ticks (${d.inventoryTicks}) per --qty of position (default ${d.policy})
  --latency SPEC            ${LATENCY_SPEC_HELP.split('\n').join('\n                            ')}
                            (default ${d.latency})
  --queue l3|l2-conservative|l2-prob[:n]   queue position model (default ${d.queue}: exact, from LOBSTER's order ids)
  --fees ${Object.keys(VENUE_FEES).join('|')}|maker=X,taker=Y[bps]   (default ${d.fees})
  --qty n                   shares per order (default ${d.qty}); --max-position n pre-trade limit (default ${d.maxPosition})
  --trade-from F|HH:MM      start trading at this fraction of the day's messages or New York time (default ${d.tradeFrom}:
                            the test part of the 60/10/30 split the models are trained with; earlier is in-sample)
  --seed n                  seed of the run's randomness (default ${d.seed})`;

type Values = { readonly [K in keyof typeof BACKTEST_OPTIONS]?: (typeof BACKTEST_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

export function backtestSpecFromOptions(v: Values): BacktestSpec {
  const num = (name: keyof Values, fallback: number): number => {
    const raw = v[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got "${String(raw)}"`);
    return n;
  };
  const policy = (v.policy as string | undefined) ?? d.policy;
  if (policy !== 'taker' && policy !== 'maker') throw new UsageError(`--policy must be taker or maker, got "${policy}"`);
  return {
    policy,
    latency: (v.latency as string | undefined) ?? d.latency,
    queue: (v.queue as string | undefined) ?? d.queue,
    fees: (v.fees as string | undefined) ?? d.fees,
    qty: num('qty', d.qty),
    threshold: num('threshold', d.threshold),
    hold: v.hold === undefined ? undefined : num('hold', 1),
    signalTicks: num('signal-ticks', d.signalTicks),
    inventoryTicks: num('inventory-ticks', d.inventoryTicks),
    maxPosition: num('max-position', d.maxPosition),
    tradeFrom: (v['trade-from'] as string | undefined) ?? d.tradeFrom,
    seed: num('seed', d.seed),
  };
}
