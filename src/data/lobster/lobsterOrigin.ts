import { basename } from 'node:path';
import { newYorkMidnightNs } from '../../core/time.ts';

export { newYorkMidnightNs };

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

/** The symbol in a LOBSTER file name (the part before the first underscore). */
export function lobsterSymbol(path: string): string {
  return basename(path).split('_')[0] || 'UNKNOWN';
}
