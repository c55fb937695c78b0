/**
 * Default price of one CPU core for one hour, in US dollars: $0.05.
 *
 * Where it comes from: AWS EC2 on-demand, Linux, us-east-1, compute-optimised c7i.large (2 vCPU) lists at
 * $0.08925/hour, i.e. ≈ $0.045 per vCPU-hour (2024–2025 price list); rounded up to $0.05 so the figure is
 * easy to scale and errs towards dearer. A vCPU is a hyperthread, so this is a price per logical core.
 * Override per run with the `dollarsPerCoreHour` option or for a whole shell with the
 * TACHYON_DOLLARS_PER_CORE_HOUR environment variable (option wins over the variable).
 */
export const DEFAULT_DOLLARS_PER_CORE_HOUR = 0.05;

export const DOLLARS_PER_CORE_HOUR_ENV = 'TACHYON_DOLLARS_PER_CORE_HOUR';

/** The rate to charge: the option, else the environment variable, else the default. A bad value is a RangeError naming its source. */
export function resolveDollarsPerCoreHour(option?: number, env: Readonly<Record<string, string | undefined>> = process.env): number {
  if (option !== undefined) {
    if (!Number.isFinite(option) || option < 0) throw new RangeError(`dollarsPerCoreHour must be a finite number ≥ 0, got ${option}`);
    return option;
  }
  const text = env[DOLLARS_PER_CORE_HOUR_ENV];
  if (text === undefined || text.trim() === '') return DEFAULT_DOLLARS_PER_CORE_HOUR;
  const v = Number(text);
  if (!Number.isFinite(v) || v < 0) throw new RangeError(`${DOLLARS_PER_CORE_HOUR_ENV} must be a number ≥ 0 (dollars per core-hour), got "${text}"`);
  return v;
}

/** Dollars for CPU time: core-seconds / 3600 × price per core-hour. */
export function dollarsForCpuSeconds(cpuSeconds: number, dollarsPerCoreHour: number): number {
  return (cpuSeconds / 3600) * dollarsPerCoreHour;
}
