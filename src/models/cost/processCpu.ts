import { readFileSync } from 'node:fs';

/**
 * CPU seconds this process has used so far, user + system: process.cpuUsage() is getrusage(RUSAGE_SELF),
 * which sums every thread of the process, so worker_threads and the tfjs wasm backend's threads are
 * included.
 */
export function processCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * CPU seconds of this process's terminated, waited-for child processes (e.g. a native XGBoost run through
 * child_process), read from /proc/self/stat fields cutime + cstime. Those fields count in clock ticks of
 * USER_HZ, which Linux fixes at 100 on every mainstream architecture. Null where /proc is missing
 * (macOS, Windows): children then go uncounted, which the caller can see.
 */
export function childrenCpuSeconds(): number | null {
  let text: string;
  try {
    text = readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may contain spaces: split after the last ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state); cutime and cstime are fields 16 and 17.
  const cutime = Number(rest[13]);
  const cstime = Number(rest[14]);
  if (!Number.isFinite(cutime) || !Number.isFinite(cstime)) return null;
  return (cutime + cstime) / 100;
}
