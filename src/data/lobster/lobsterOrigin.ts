import { basename } from 'node:path';

/**
 * LOBSTER times are seconds after midnight, New York time. The event model needs an exact epoch origin,
 * so this finds the date in the file name (TICKER_YYYY-MM-DD_...) and returns New York midnight of that
 * date as epoch nanoseconds (EDT or EST as the date requires).
 */
export function lobsterOriginNs(path: string): bigint {
  const m = /_(\d{4}-\d{2}-\d{2})_/.exec(basename(path));
  if (!m) return 0n; // no date in the name: times stay "since midnight" of an unknown day
  return newYorkMidnightNs(m[1]);
}

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

/** The symbol in a LOBSTER file name (the part before the first underscore). */
export function lobsterSymbol(path: string): string {
  return basename(path).split('_')[0] || 'UNKNOWN';
}
