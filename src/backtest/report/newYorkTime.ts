import type { Tick } from './svgChart.ts';

/**
 * Wall-clock New York time for report labels: dates and hh:mm ticks of ns offsets from an epoch-ns
 * origin. Display only; nothing computes with these strings.
 */

const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', timeZoneName: 'longOffset' });

/** New York's UTC offset (ms, e.g. −4 h in summer) at an epoch-ms instant. */
export function newYorkOffsetMs(epochMs: number): number {
  const name = offsetFormat.formatToParts(new Date(epochMs)).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 0; // "GMT" alone: offset 0
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return (m[1] === '-' ? -1 : 1) * minutes * 60_000;
}

/** Epoch ms of an instant given as an ns offset from an epoch-ns origin (sub-µs precision is plenty for labels). */
export function epochMsOf(originNs: bigint, offsetNs: number): number {
  const originMs = Number(originNs / 1_000_000n);
  const originRestNs = Number(originNs % 1_000_000n);
  return originMs + (originRestNs + offsetNs) / 1e6;
}

/** "2012-06-21": the New York calendar date of an instant. */
export function newYorkDate(originNs: bigint, offsetNs = 0): string {
  const ms = epochMsOf(originNs, offsetNs);
  return new Date(ms + newYorkOffsetMs(ms)).toISOString().slice(0, 10);
}

/** "09:30:00" (or "09:30" without seconds): New York wall-clock time of an instant. */
export function newYorkClock(originNs: bigint, offsetNs: number, seconds = true): string {
  const ms = epochMsOf(originNs, offsetNs);
  const iso = new Date(ms + newYorkOffsetMs(ms)).toISOString();
  return iso.slice(11, seconds ? 19 : 16);
}

/** "EDT"/"EST"-style label of New York's offset at an instant, as "UTC−4". */
export function newYorkOffsetLabel(originNs: bigint, offsetNs: number): string {
  const h = newYorkOffsetMs(epochMsOf(originNs, offsetNs)) / 3_600_000;
  return `UTC${h < 0 ? '−' : '+'}${Math.abs(h)}`;
}

const STEPS_MS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000,
  7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
];

/**
 * Ticks for a time axis over [startNs, endNs] (ns from originNs): at most `maxCount` ticks on round New
 * York wall-clock times (every 30 min, every 5 s, …), labelled hh:mm, or hh:mm:ss / hh:mm:ss.mmm when the
 * step is shorter than a minute / a second. Tick values are ns offsets from originNs.
 */
export function newYorkTimeTicks(originNs: bigint, startNs: number, endNs: number, maxCount = 8): Tick[] {
  if (!Number.isFinite(startNs) || !Number.isFinite(endNs) || endNs < startNs) return [];
  const startMs = epochMsOf(originNs, startNs);
  const endMs = epochMsOf(originNs, endNs);
  const offset = newYorkOffsetMs(startMs);
  const span = endMs - startMs;
  const step = STEPS_MS.find((s) => Math.floor(span / s) + 1 <= maxCount) ?? Math.ceil(span / Math.max(1, maxCount - 1) / 86_400_000) * 86_400_000;
  const originMs = epochMsOf(originNs, 0);
  const ticks: Tick[] = [];
  for (let local = Math.ceil((startMs + offset) / step) * step; local <= endMs + offset; local += step) {
    const iso = new Date(local).toISOString();
    const label = step < 1_000 ? iso.slice(11, 23) : step < 60_000 ? iso.slice(11, 19) : iso.slice(11, 16);
    ticks.push({ value: (local - offset - originMs) * 1e6, label });
  }
  return ticks;
}
