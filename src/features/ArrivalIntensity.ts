import type { Feature, FeatureColumn } from './Feature.ts';
import { DECAY_TAUS_NS, TAU_LABELS, TAU_100MS, TAU_1S, TAU_10S, type FeatureContext } from './FeatureContext.ts';
import { eventKind, KIND_NAMES, KIND_NONE, restingSide } from './eventKinds.ts';

const TAUS = [TAU_100MS, TAU_1S, TAU_10S] as const;
const SIDES = ['bid', 'ask'] as const;

/**
 * Arrival intensity of adds, cancels and executions on each side, in events per second, over decaying
 * windows of 100 ms, 1 s and 10 s (an exponentially weighted Hawkes-style rate estimate: the sum decays
 * by exp(−dt/τ) and each arrival adds 1; intensity = sum/τ). Columns: intensity_<kind>_<side>_<τ>.
 */
export class ArrivalIntensity implements Feature {
  readonly name = 'intensity';
  readonly columns: readonly FeatureColumn[];
  readonly warmUpEvents = 1;
  readonly warmUpNs = 30e9;
  readonly bookLevels = 0;
  readonly decayTaus = TAUS;
  /** sums[(kind * 2 + sideIndex) * TAUS.length + t] */
  private readonly sums = new Float64Array(KIND_NAMES.length * 2 * TAUS.length);
  /** 1/τ in seconds of each window, so that write() multiplies instead of dividing. */
  private readonly perSecond0 = 1e9 / DECAY_TAUS_NS[TAUS[0]];
  private readonly perSecond1 = 1e9 / DECAY_TAUS_NS[TAUS[1]];
  private readonly perSecond2 = 1e9 / DECAY_TAUS_NS[TAUS[2]];

  constructor() {
    const cols: FeatureColumn[] = [];
    for (const kind of KIND_NAMES) for (const side of SIDES) for (const t of TAUS) cols.push({ name: `intensity_${kind}_${side}_${TAU_LABELS[t]}`, unit: 'events/s' });
    this.columns = cols;
  }

  update(ctx: FeatureContext): void {
    const sums = this.sums;
    const d0 = ctx.decay[TAUS[0]];
    const d1 = ctx.decay[TAUS[1]];
    const d2 = ctx.decay[TAUS[2]];
    for (let k = 0; k < sums.length; k += 3) {
      sums[k] *= d0;
      sums[k + 1] *= d1;
      sums[k + 2] *= d2;
    }
    const kind = eventKind(ctx.type);
    if (kind === KIND_NONE) return;
    const side = restingSide(ctx.type, ctx.side);
    if (side === 0) return;
    const base = (kind * 2 + (side > 0 ? 0 : 1)) * 3;
    sums[base] += 1;
    sums[base + 1] += 1;
    sums[base + 2] += 1;
  }

  write(_ctx: FeatureContext, out: Float64Array, offset: number): void {
    const sums = this.sums;
    const p0 = this.perSecond0;
    const p1 = this.perSecond1;
    const p2 = this.perSecond2;
    for (let k = 0; k < sums.length; k += 3) {
      out[offset + k] = sums[k] * p0;
      out[offset + k + 1] = sums[k + 1] * p1;
      out[offset + k + 2] = sums[k + 2] * p2;
    }
  }

  reset(): void {
    this.sums.fill(0);
  }
}
