import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/time.ts';
import { measureTrainingCost } from './measureTrainingCost.ts';
import { DEFAULT_DOLLARS_PER_CORE_HOUR, DOLLARS_PER_CORE_HOUR_ENV, dollarsForCpuSeconds, resolveDollarsPerCoreHour } from './pricing.ts';
import { childrenCpuSeconds, processCpuSeconds } from './processCpu.ts';

const MIB = 1024 * 1024;

describe('measureTrainingCost with injected probes (deterministic)', () => {
  it('CPU and wall deltas, dollars at the given rate, peak from samples when maxRSS did not rise', async () => {
    const clock = new ManualClock(1_000);
    let cpu = 10;
    const rssSeq = [100 * MIB, 300 * MIB, 150 * MIB];
    let at = 0;
    const { result, cost } = await measureTrainingCost(
      (meter) => {
        clock.advance(2.5e9);
        cpu += 7.2;
        meter.sample(); // 300 MiB: the run's peak
        return 42;
      },
      {
        clock,
        cpuSeconds: () => cpu,
        rssBytes: () => rssSeq[Math.min(at++, rssSeq.length - 1)],
        maxRssBytes: () => 900 * MIB, // an earlier run set the process peak: not this run's
        dollarsPerCoreHour: 0.1,
        env: {},
      },
    );
    expect(result).toBe(42);
    expect(cost.wallSeconds).toBe(2.5);
    expect(cost.cpuSeconds).toBeCloseTo(7.2, 12);
    expect(cost.dollars).toBeCloseTo((7.2 / 3600) * 0.1, 15); // 0.0002 $
    expect(cost.peakRssMB).toBe(300);
    expect(cost.peakRssSource).toBe('samples');
    expect(cost.dollarsPerCoreHour).toBe(0.1);
  });

  it('uses the kernel high-water mark when the run raised it (exact, catches spikes between samples)', async () => {
    let maxRss = 500 * MIB;
    const { cost } = await measureTrainingCost(
      () => {
        maxRss = 812 * MIB;
      },
      { clock: new ManualClock(), cpuSeconds: () => 0, rssBytes: () => 200 * MIB, maxRssBytes: () => maxRss, env: {} },
    );
    expect(cost.peakRssMB).toBe(812);
    expect(cost.peakRssSource).toBe('maxrss');
  });

  it('awaits async functions and rethrows errors', async () => {
    const { result } = await measureTrainingCost(async () => 'done', { env: {} });
    expect(result).toBe('done');
    await expect(measureTrainingCost(() => { throw new Error('boom'); }, { env: {} })).rejects.toThrow('boom');
  });
});

describe('measureTrainingCost on the real process', () => {
  it('measures a busy loop: CPU and wall time > 0, RSS plausible', async () => {
    const { cost } = await measureTrainingCost(() => {
      let s = 0;
      for (let i = 0; i < 2e7; i++) s += Math.sqrt(i);
      return s;
    }, { env: {} });
    expect(cost.cpuSeconds).toBeGreaterThan(0);
    expect(cost.wallSeconds).toBeGreaterThan(0);
    expect(cost.peakRssMB).toBeGreaterThan(10);
    expect(cost.peakRssMB).toBeLessThan(64 * 1024);
    expect(cost.dollarsPerCoreHour).toBe(DEFAULT_DOLLARS_PER_CORE_HOUR);
  });

  it('process and children CPU probes read', () => {
    expect(processCpuSeconds()).toBeGreaterThan(0);
    const c = childrenCpuSeconds();
    if (process.platform === 'linux') expect(c).toBeGreaterThanOrEqual(0);
  });
});

describe('price per core-hour', () => {
  it('option beats env beats default; bad values are named', () => {
    expect(resolveDollarsPerCoreHour(undefined, {})).toBe(0.05);
    expect(resolveDollarsPerCoreHour(undefined, { [DOLLARS_PER_CORE_HOUR_ENV]: '0.12' })).toBe(0.12);
    expect(resolveDollarsPerCoreHour(0.2, { [DOLLARS_PER_CORE_HOUR_ENV]: '0.12' })).toBe(0.2);
    expect(() => resolveDollarsPerCoreHour(undefined, { [DOLLARS_PER_CORE_HOUR_ENV]: 'cheap' })).toThrow(/TACHYON_DOLLARS_PER_CORE_HOUR/);
    expect(() => resolveDollarsPerCoreHour(-1, {})).toThrow(/dollarsPerCoreHour/);
  });

  it('one core-hour at the default costs $0.05', () => {
    expect(dollarsForCpuSeconds(3600, DEFAULT_DOLLARS_PER_CORE_HOUR)).toBe(0.05);
  });
});
