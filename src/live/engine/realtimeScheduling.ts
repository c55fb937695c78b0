import { spawnSync } from 'node:child_process';

/** The SCHED_FIFO priority `--realtime` runs the sandbox and the engine at (1–99; the kernel's threads run at 50+). */
export const REALTIME_PRIORITY = 40;

/**
 * A command prefix that starts a process under Linux's SCHED_FIFO real-time policy (`chrt -f PRIO`): a
 * runnable engine then preempts every normal process on its core at once, instead of waiting for the
 * fair scheduler to give it a slice. On this shared 2-core VM that is most of the difference between a
 * loopback write of ~0.1 ms and one of ~1 ms at p99 (README, "Latency"). The kernel's real-time throttle
 * (sched_rt_runtime_us, 95 % by default) still leaves other work 5 % of a core, so even a spinning
 * engine cannot lock the machine up.
 *
 * Checks once that it can be done (chrt exists, and this user may set the policy: root or CAP_SYS_NICE)
 * and otherwise throws an error that says which.
 */
export function realtimeCommandPrefix(priority: number = REALTIME_PRIORITY): readonly string[] {
  if (!Number.isInteger(priority) || priority < 1 || priority > 99) throw new RangeError(`real-time priority must be an integer in 1..99, got ${priority}`);
  const probe = spawnSync('chrt', ['-f', String(priority), 'true'], { encoding: 'utf8' });
  if (probe.error !== undefined) throw new Error(`--realtime needs chrt (util-linux) on the PATH: ${probe.error.message}`);
  if (probe.status !== 0) throw new Error(`--realtime: chrt -f ${priority} was refused (needs root or CAP_SYS_NICE): ${probe.stderr.trim()}`);
  return ['chrt', '-f', String(priority)];
}

/**
 * Why real-time scheduling and spinning are refused together: a spinning SCHED_FIFO process uses its core's
 * whole real-time budget and the kernel then throttles it for the rest of each period (sched_rt_runtime_us
 * 950 000 of 1 000 000: measured, a 48 ms pause and a 12 ms wire-to-wire p99).
 */
export const REALTIME_WITH_SPIN = 'real-time scheduling (--realtime) and spinning (--spin) do not mix: a spinning SCHED_FIFO process is throttled by the kernel for 50 ms every second (sched_rt_runtime_us); choose one';
