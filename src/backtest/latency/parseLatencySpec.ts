import { statSync } from 'node:fs';
import { isLinkKind, LINK_KINDS, type LinkKind } from '../../net/Link.ts';
import { isVenueName, VENUE_NAMES, type VenueName } from '../../net/Venue.ts';
import { VenueNetwork } from '../../net/VenueNetwork.ts';
import { binanceFeedLatency, CLOCK_POLICIES, type ClockPolicy, type ExchangeStamp } from './binanceFeedLatency.ts';
import { ConstantLatency } from './ConstantLatency.ts';
import { EmpiricalLatency } from './EmpiricalLatency.ts';
import type { LatencyModel } from './LatencyModel.ts';
import { LinkLatency } from './LinkLatency.ts';

/**
 * Latency models as the CLI names them (`--latency SPEC`):
 *
 *   zero                                     no latency at all (parity with the live engine's clock)
 *   constant:50us                            the same on every leg; units ns, us (or µs), ms
 *   constant:feed=10us,order=20us,response=20us   one per leg (all three required)
 *   empirical:FILE[,FILE...][:SEED][:clock=deskew|shift|clamp][:floor=DUR][:stamp=exchTs|E]
 *                                            drawn from a Binance capture's receive − exchange times
 *                                            (files of one capture, in order; seed default 1; see
 *                                            binanceFeedLatency for the clock policies)
 *   link:FROM-TO:KIND[:DUR]                  the venue network's one-way latency, KIND microwave|fibre|radio,
 *                                            plus DUR of processing per leg, e.g. link:Aurora-Carteret:microwave:2us
 *
 * Options of `empirical` are read from the right, so a path may itself contain ':' as long as its last part
 * does not look like an option.
 */
export const LATENCY_SPEC_HELP = [
  'zero | constant:DUR | constant:feed=DUR,order=DUR,response=DUR |',
  'empirical:FILE[,FILE...][:SEED][:clock=deskew|shift|clamp][:floor=DUR][:stamp=exchTs|E] |',
  `link:FROM-TO:KIND[:DUR] (venues ${VENUE_NAMES.join(', ')}; kinds ${LINK_KINDS.join(', ')}); DUR like 800ns, 50us, 1.5ms`,
].join('\n');

export type LatencySpec =
  | { readonly kind: 'constant'; readonly feedNs: number; readonly orderNs: number; readonly responseNs: number }
  | {
      readonly kind: 'empirical';
      readonly files: readonly string[];
      readonly seed: number;
      readonly clock: ClockPolicy;
      readonly floorNs: number;
      readonly stamp: ExchangeStamp;
    }
  | { readonly kind: 'link'; readonly from: VenueName; readonly to: VenueName; readonly link: LinkKind; readonly processingNs: number };

/** A spec that cannot be read: the message quotes the spec and names the part at fault. */
export class LatencySpecError extends RangeError {
  constructor(
    readonly spec: string,
    readonly part: string,
    readonly reason: string,
  ) {
    super(`latency spec "${spec}": ${part === spec ? '' : `"${part}": `}${reason}`);
    this.name = 'LatencySpecError';
  }
}

const UNIT_DECIMALS: Readonly<Record<string, number>> = { ns: 0, us: 3, µs: 3, ms: 6 };

/**
 * "50us" → 50000, "1.5ms" → 1500000: exact decimal arithmetic, so 0.1ms is 100000 ns, never 99999.
 * Returns an error text (not a number) for anything else, including fractions of a nanosecond.
 */
function parseDurationNs(text: string): number | string {
  const m = /^(\d+)(?:\.(\d+))?(ns|us|µs|ms)$/.exec(text);
  if (!m) return 'not a duration like 800ns, 50us or 1.5ms';
  const decimals = UNIT_DECIMALS[m[3]];
  const frac = m[2] ?? '';
  if (/[1-9]/.test(frac.slice(decimals))) return 'not a whole number of nanoseconds';
  const ns = Number(m[1]) * 10 ** decimals + Number(frac.slice(0, decimals).padEnd(decimals, '0') || '0');
  return Number.isSafeInteger(ns) ? ns : 'too long';
}

let network: VenueNetwork | undefined;

/** Reads a spec into its parts, checking every name and number (no file is opened). */
export function parseLatencySpecText(spec: string): LatencySpec {
  const fail = (part: string, reason: string): never => {
    throw new LatencySpecError(spec, part, reason);
  };
  const duration = (text: string, part: string = text): number => {
    const ns = parseDurationNs(text);
    return typeof ns === 'number' ? ns : fail(part, ns);
  };
  const text = spec.trim();
  if (text === 'zero') return { kind: 'constant', feedNs: 0, orderNs: 0, responseNs: 0 };
  const colon = text.indexOf(':');
  const head = colon < 0 ? text : text.slice(0, colon);
  const body = colon < 0 ? '' : text.slice(colon + 1);
  switch (head) {
    case 'constant': {
      if (body === '') return fail(text, 'constant needs a duration: constant:50us or constant:feed=…,order=…,response=…');
      if (!body.includes('=')) {
        const ns = duration(body);
        return { kind: 'constant', feedNs: ns, orderNs: ns, responseNs: ns };
      }
      const legs = new Map<string, number>();
      for (const item of body.split(',')) {
        const eq = item.indexOf('=');
        const key = eq < 0 ? item : item.slice(0, eq);
        if (eq < 0 || !['feed', 'order', 'response'].includes(key)) fail(item, 'expected feed=DUR, order=DUR or response=DUR');
        if (legs.has(key)) fail(item, `${key} given twice`);
        legs.set(key, duration(item.slice(eq + 1), item));
      }
      for (const leg of ['feed', 'order', 'response']) if (!legs.has(leg)) fail(body, `missing ${leg}=DUR (give all three legs, or one duration for all)`);
      return { kind: 'constant', feedNs: legs.get('feed')!, orderNs: legs.get('order')!, responseNs: legs.get('response')! };
    }
    case 'empirical': {
      const parts = body.split(':');
      let seed: number | undefined;
      let clock: ClockPolicy | undefined;
      let floorNs: number | undefined;
      let stamp: ExchangeStamp | undefined;
      // Options from the right; what is left is the file list.
      while (parts.length > 1) {
        const last = parts[parts.length - 1];
        if (/^\d+$/.test(last)) {
          if (seed !== undefined) fail(last, 'seed given twice');
          seed = Number(last);
          if (!Number.isSafeInteger(seed) || seed > 0xffffffff) fail(last, 'seed must be an integer in 0..4294967295');
        } else if (last.startsWith('seed=')) {
          if (seed !== undefined) fail(last, 'seed given twice');
          seed = Number(last.slice(5));
          if (!/^\d+$/.test(last.slice(5)) || seed > 0xffffffff) fail(last, 'seed must be an integer in 0..4294967295');
        } else if (last.startsWith('clock=')) {
          const c = last.slice(6);
          if (!(CLOCK_POLICIES as readonly string[]).includes(c)) fail(last, `clock must be one of ${CLOCK_POLICIES.join(', ')}`);
          clock = c as ClockPolicy;
        } else if (last.startsWith('floor=')) {
          floorNs = duration(last.slice(6), last);
        } else if (last.startsWith('stamp=')) {
          const s = last.slice(6);
          if (s !== 'exchTs' && s !== 'E') fail(last, 'stamp must be exchTs or E');
          stamp = s as ExchangeStamp;
        } else {
          break;
        }
        parts.pop();
      }
      const files = parts.join(':').split(',');
      if (files.some((f) => f === '')) fail(body === '' ? text : body, 'empirical needs the capture file(s): empirical:FILE[,FILE...][:SEED]');
      return { kind: 'empirical', files, seed: seed ?? 1, clock: clock ?? 'deskew', floorNs: floorNs ?? 0, stamp: stamp ?? 'exchTs' };
    }
    case 'link': {
      const parts = body.split(':');
      if (parts.length < 2 || parts.length > 3) return fail(text, 'expected link:FROM-TO:KIND[:DUR], e.g. link:Aurora-Carteret:microwave');
      const [pair, kind, processing] = parts;
      const names = pair.split('-');
      if (names.length !== 2) fail(pair, 'expected two venues as FROM-TO, e.g. Aurora-Carteret');
      for (const name of names) if (!isVenueName(name)) fail(name, `unknown venue (venues: ${VENUE_NAMES.join(', ')})`);
      if (!isLinkKind(kind)) fail(kind, `unknown link kind (kinds: ${LINK_KINDS.join(', ')})`);
      const [from, to] = names as [VenueName, VenueName];
      network ??= new VenueNetwork();
      if (network.oneWayMs(from, to, kind as LinkKind) === null) {
        fail(pair, `no ${kind} route between ${from} and ${to} (different landmasses: towers cannot cross the sea; use fibre or radio)`);
      }
      const processingNs = processing === undefined ? 0 : duration(processing);
      return { kind: 'link', from, to, link: kind as LinkKind, processingNs };
    }
    default:
      return fail(head === '' ? text : head, `unknown latency model (expected ${LATENCY_SPEC_HELP.split('\n').join(' ')})`);
  }
}

/** Builds the model a parsed spec describes (reads the capture for `empirical`). */
export async function latencyModelFromSpec(spec: LatencySpec, text = ''): Promise<LatencyModel> {
  return (await latencyModelMaker(spec, text))();
}

/**
 * Reads what a parsed spec needs once (the capture for `empirical`) and returns a maker of fresh models:
 * each starts its random stream from the spec's seed, so repeated runs (an experiment's backtests) draw
 * the same latencies without reading the capture again.
 */
export async function latencyModelMaker(spec: LatencySpec, text = ''): Promise<() => LatencyModel> {
  switch (spec.kind) {
    case 'constant':
      return () => new ConstantLatency(spec.feedNs, spec.orderNs, spec.responseNs);
    case 'link':
      return () => new LinkLatency(spec.from, spec.to, spec.link, { processingNs: spec.processingNs });
    case 'empirical': {
      for (const f of spec.files) {
        try {
          statSync(f);
        } catch {
          throw new LatencySpecError(text || f, f, 'no such capture file');
        }
      }
      const capture = await binanceFeedLatency(spec.files, { clock: spec.clock, floorNs: spec.floorNs, stamp: spec.stamp });
      return () => new EmpiricalLatency(capture.distribution, { seed: spec.seed });
    }
  }
}

/** Turns a CLI spec (see LATENCY_SPEC_HELP) into a latency model; LatencySpecError names the bad part. */
export async function parseLatencySpec(spec: string): Promise<LatencyModel> {
  return latencyModelFromSpec(parseLatencySpecText(spec), spec);
}
