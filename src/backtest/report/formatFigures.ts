/** Figures as a report prints them: grouped thousands, a real minus sign, "—" for a missing (non-finite) value. */

export const MISSING = '—';

function fixed(v: number, decimals: number): string {
  const s = v.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  if (!s.startsWith('-')) return s;
  return /[1-9]/.test(s) ? `−${s.slice(1)}` : s.slice(1); // a value that rounds to zero has no sign
}

/** "1,234.5" with the given decimals. */
export function formatNumber(v: number, decimals = 2): string {
  return Number.isFinite(v) ? fixed(v, decimals) : MISSING;
}

/** "$1,234.56", "−$0.42". */
export function formatUsd(v: number, decimals = 2): string {
  if (!Number.isFinite(v)) return MISSING;
  const s = fixed(Math.abs(v), decimals);
  return v < 0 && s !== fixed(0, decimals) ? `−$${s}` : `$${s}`;
}

/** A share as "12.3 %". */
export function formatPercent(share: number, decimals = 1): string {
  return Number.isFinite(share) ? `${fixed(share * 100, decimals)} %` : MISSING;
}

/** A count as "12,345". */
export function formatCount(v: number): string {
  return Number.isFinite(v) ? fixed(v, 0) : MISSING;
}

/** A quantity with about three significant digits and an SI suffix: "1.23 M", "456 k", "7.8". */
export function formatCompact(v: number): string {
  if (!Number.isFinite(v)) return MISSING;
  const a = Math.abs(v);
  const [div, suffix] = a >= 1e9 ? [1e9, ' G'] : a >= 1e6 ? [1e6, ' M'] : a >= 1e4 ? [1e3, ' k'] : [1, ''];
  const x = v / div;
  const ax = Math.abs(x);
  return `${fixed(x, ax >= 100 ? 0 : ax >= 10 ? 1 : 2)}${suffix}`;
}

/** A latency in µs with sensible precision: "0.35 µs", "52 µs", "4,100 µs". */
export function formatMicros(us: number): string {
  if (!Number.isFinite(us)) return MISSING;
  return `${fixed(us, us < 10 ? 2 : us < 100 ? 1 : 0)} µs`;
}
