import { describe, expect, it } from 'vitest';
import { simulateMarket, SIMULATED_MANIPULATIONS } from '../sim/simulateMarket.ts';
import { ManipulationKind, MANIPULATION_KINDS } from './ManipulationKind.ts';
import { runDetectors } from './runDetectors.ts';
import { scoreFlags, type KindScore } from './scoreFlags.ts';

/**
 * Precision and recall per kind on simulated days (the agent-based simulator's manipulators, ground truth
 * per order), over several seeds. Each day has every manipulator twice, for enough episodes in 2 hours.
 * The measured figures are printed; the bounds are the floor below which a change is a regression.
 */
const SEEDS = [1, 2, 3];
const HOURS = 2;

/** Floors per kind (the goal is ≥ 0.9 for spoof, layer and wash; see the printed figures). */
const FLOORS: Partial<Record<ManipulationKind, { precision: number; recall: number }>> = {
  spoof: { precision: 0.9, recall: 0.85 },
  layer: { precision: 0.95, recall: 0.95 },
  wash: { precision: 0.95, recall: 0.9 },
  stuff: { precision: 0.98, recall: 0.98 },
  ignite: { precision: 0.8, recall: 0.75 },
};

describe('detectors on simulated days', () => {
  it(`reach the precision and recall floors on ${SEEDS.length} seeds × ${HOURS} h`, () => {
    const totals = new Map<ManipulationKind, { flagged: number; truth: number; tp: number }>();
    const rows: string[] = [];
    for (const seed of SEEDS) {
      const day = simulateMarket({ seed, durationNs: HOURS * 3600e9, manipulators: [...SIMULATED_MANIPULATIONS, ...SIMULATED_MANIPULATIONS] });
      const t0 = performance.now();
      const run = runDetectors(day.events);
      const ms = performance.now() - t0;
      const s = scoreFlags(run.flags, day.groundTruth, { events: day.events });
      rows.push(`seed ${seed}: ${day.events.length} events, detectors ${ms.toFixed(0)} ms; ` + MANIPULATION_KINDS.map((k) => `${k} ${fmt(s[k])}`).join(', '));
      for (const k of MANIPULATION_KINDS) {
        const t = totals.get(k) ?? { flagged: 0, truth: 0, tp: 0 };
        t.flagged += s[k].flagged;
        t.truth += s[k].truth;
        t.tp += s[k].truePositives;
        totals.set(k, t);
      }
    }
    console.log(['detectors on simulated days (P/R, flagged/truly):', ...rows].join('\n  '));
    for (const [k, floor] of Object.entries(FLOORS) as [ManipulationKind, { precision: number; recall: number }][]) {
      const t = totals.get(k);
      expect(t?.truth, `${k}: no truly-${k} orders simulated`).toBeGreaterThan(0);
      if (!t) continue;
      expect(t.tp / t.flagged, `${k} precision`).toBeGreaterThanOrEqual(floor.precision);
      expect(t.tp / t.truth, `${k} recall`).toBeGreaterThanOrEqual(floor.recall);
    }
  });
});

function fmt(s: KindScore): string {
  const p = (x: number | null) => (x === null ? '—' : x.toFixed(2));
  return `${p(s.precision)}/${p(s.recall)} (${s.flagged}/${s.truth})`;
}
