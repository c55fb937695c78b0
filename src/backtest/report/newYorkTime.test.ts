import { describe, expect, it } from 'vitest';
import { newYorkMidnightNs, utcMidnightNs } from '../../core/time.ts';
import { newYorkClock, newYorkDate, newYorkOffsetLabel, newYorkTimeTicks } from './newYorkTime.ts';

const S = 1e9;

describe('New York time labels', () => {
  it('gives the New York date and wall-clock time in summer (EDT) and winter (EST)', () => {
    const summer = newYorkMidnightNs('2012-06-21');
    const winter = newYorkMidnightNs('2024-01-05');
    expect(newYorkDate(summer)).toBe('2012-06-21');
    expect(newYorkDate(winter, 57_600 * S)).toBe('2024-01-05');
    expect(newYorkClock(summer, 34_200 * S + 15_105_074)).toBe('09:30:00');
    expect(newYorkClock(winter, 57_599 * S, false)).toBe('15:59');
    expect(newYorkOffsetLabel(summer, 0)).toBe('UTC−4');
    expect(newYorkOffsetLabel(winter, 0)).toBe('UTC−5');
  });

  it('reads a UTC-midnight origin (Binance) in New York time', () => {
    const utc = utcMidnightNs('2024-08-08');
    expect(newYorkClock(utc, 13.5 * 3600 * S)).toBe('09:30:00');
    expect(newYorkDate(utc, 13.5 * 3600 * S)).toBe('2024-08-08');
    expect(newYorkDate(utc, 2 * 3600 * S)).toBe('2024-08-07');
  });

  it('ticks a trading day on the hour, and short spans in seconds', () => {
    const origin = newYorkMidnightNs('2012-06-21');
    const day = newYorkTimeTicks(origin, 34_200 * S, 57_600 * S, 8);
    expect(day.map((t) => t.label)).toEqual(['10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00']);
    expect(day[0].value).toBe(36_000 * S);
    const half = newYorkTimeTicks(origin, 34_200 * S, 36_000 * S, 3);
    expect(half.map((t) => t.label)).toEqual(['09:30', '09:45', '10:00']);
    const short = newYorkTimeTicks(origin, 34_200 * S, 34_210 * S, 6);
    expect(short.map((t) => t.label)).toEqual(['09:30:00', '09:30:02', '09:30:04', '09:30:06', '09:30:08', '09:30:10']);
    expect(newYorkTimeTicks(origin, 5, 1, 4)).toEqual([]);
  });
});
