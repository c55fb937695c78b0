/**
 * Time in Tachyon is integer nanoseconds. Epoch nanoseconds (~1.7e18) do not fit a double exactly,
 * so event batches carry an exact `originNs` (bigint, usually UTC midnight of the session date) and
 * per-event offsets from it as integer-valued doubles: exact up to 2^53 ns (104 days), and cheap to
 * read in a hot loop (no BigInt allocation per event).
 */
export const NS_PER_US = 1_000;
export const NS_PER_MS = 1_000_000;
export const NS_PER_SECOND = 1_000_000_000;
export const NS_PER_DAY = 86_400 * NS_PER_SECOND;
export const MAX_EXACT_OFFSET_NS = Number.MAX_SAFE_INTEGER;

/** Thrown by the text helpers below; readers wrap it with file/line/field. */
export class TimeFormatError extends Error {}

/**
 * Parses seconds with up to 9 decimals ("34200.05990197") into exact integer nanoseconds.
 * Pure integer arithmetic on the digits: 34200.05990197 s is 34200059901970 ns, never 34200059901969.99.
 */
export function parseSecondsToNs(text: string): number {
  const dot = text.indexOf('.');
  const whole = dot < 0 ? text : text.slice(0, dot);
  const frac = dot < 0 ? '' : text.slice(dot + 1);
  if (whole.length === 0 || !/^\d+$/.test(whole) || (dot >= 0 && !/^\d{1,9}$/.test(frac))) {
    throw new TimeFormatError(`not a time in seconds with at most 9 decimals: "${text}"`);
  }
  const ns = Number(whole) * NS_PER_SECOND + (frac.length ? Number(frac.padEnd(9, '0')) : 0);
  if (!Number.isSafeInteger(ns)) throw new TimeFormatError(`time out of range: "${text}"`);
  return ns;
}

/** Formats integer nanoseconds as seconds with exactly 9 decimals; inverse of parseSecondsToNs. */
export function formatNsAsSeconds(ns: number): string {
  if (!Number.isSafeInteger(ns) || ns < 0) throw new TimeFormatError(`not a non-negative integer ns: ${ns}`);
  const s = Math.floor(ns / NS_PER_SECOND);
  const frac = ns - s * NS_PER_SECOND;
  return `${s}.${String(frac).padStart(9, '0')}`;
}

/** UTC midnight of an ISO date ("2012-06-21") as epoch nanoseconds. */
export function utcMidnightNs(isoDate: string): bigint {
  const ms = Date.parse(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new TimeFormatError(`not an ISO date: "${isoDate}"`);
  return BigInt(ms) * 1_000_000n;
}

/**
 * New York midnight of an ISO date as epoch nanoseconds (EDT or EST as the date requires): the origin
 * of US equity session times (LOBSTER counts seconds after it).
 */
export function newYorkMidnightNs(isoDate: string): bigint {
  const utcMidnightMs = Date.parse(`${isoDate}T00:00:00Z`);
  // New York's UTC offset at 08:00 local of the previous day: DST switches happen at 02:00 local, so
  // the offset in force then is the one in force at the following local midnight.
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', timeZoneName: 'shortOffset' });
  const part = fmt.formatToParts(new Date(utcMidnightMs - 12 * 3600_000)).find((p) => p.type === 'timeZoneName');
  const off = /GMT([+-]\d+)/.exec(part?.value ?? '');
  const offsetHours = off ? Number(off[1]) : -5;
  return BigInt(utcMidnightMs - offsetHours * 3600_000) * 1_000_000n;
}

/** UTC midnight of the day containing an epoch-ns instant. */
export function utcMidnightOfNs(epochNs: bigint): bigint {
  const day = BigInt(NS_PER_DAY);
  return (epochNs / day) * day;
}

/** Splits an epoch-ns instant into an exact offset from `originNs`. Throws if it would lose precision. */
export function offsetFrom(originNs: bigint, epochNs: bigint): number {
  const off = epochNs - originNs;
  if (off > BigInt(MAX_EXACT_OFFSET_NS) || off < -BigInt(MAX_EXACT_OFFSET_NS)) {
    throw new TimeFormatError(`instant ${epochNs} is more than 2^53 ns from origin ${originNs}`);
  }
  return Number(off);
}

/** The injected source of time: backtests drive it from events, live code from the OS. */
export interface Clock {
  /** Nanoseconds since the clock's origin (integer-valued). */
  nowNs(): number;
}

/** A clock that only moves when told to: backtests, simulations and tests. */
export class ManualClock implements Clock {
  private now: number;
  constructor(startNs = 0) {
    this.now = startNs;
  }
  nowNs(): number {
    return this.now;
  }
  set(ns: number): void {
    if (ns < this.now) throw new RangeError(`ManualClock cannot go back: ${ns} < ${this.now}`);
    this.now = ns;
  }
  advance(ns: number): void {
    this.set(this.now + ns);
  }
}
