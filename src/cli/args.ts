import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './Command.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs with strict checking, turning its errors into UsageError. */
export function parseCommandArgs<O extends Options>(args: readonly string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function requireOption(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new UsageError(`missing required option --${name}`);
  return value;
}

export function intOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new UsageError(`--${name} must be an integer, got "${value}"`);
  return n;
}

/** Parses durations like 500ms, 30s, 10m, 6.5h into nanoseconds. */
export function durationOptionNs(value: string | undefined, name: string, fallbackNs: number): number {
  if (value === undefined) return fallbackNs;
  const m = /^(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)$/.exec(value);
  if (!m) throw new UsageError(`--${name} must be a duration like 500ms, 30s, 10m or 6.5h, got "${value}"`);
  const unit = { ns: 1, us: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 }[m[2] as 'ns'];
  return Math.round(Number(m[1]) * unit);
}
