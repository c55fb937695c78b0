import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REALTIME_PRIORITY, realtimeCommandPrefix } from './realtimeScheduling.ts';
import { runLiveSandbox } from './runLiveSandbox.ts';

/** A process's scheduling policy and real-time priority, from /proc/<pid>/stat (fields 40 and 41). */
const POLICY_OF_SELF = "const f=require('fs').readFileSync('/proc/self/stat','utf8').split(') ')[1].split(' ');console.log(f[38]+' '+f[37])";

describe('realtimeCommandPrefix', () => {
  it.each([0, 100, 1.5, NaN])('refuses priority %s', (p) => {
    expect(() => realtimeCommandPrefix(p)).toThrow(RangeError);
  });

  it('runs a process under SCHED_FIFO at the priority asked for (or says why it cannot)', (ctx) => {
    let prefix: readonly string[];
    try {
      prefix = realtimeCommandPrefix(REALTIME_PRIORITY);
    } catch (e) {
      // A machine without chrt or the right to use it: the error must say which.
      expect((e as Error).message).toMatch(/chrt/);
      console.log(`[realtime] not available here: ${(e as Error).message}`);
      ctx.skip();
      return;
    }
    const r = spawnSync(prefix[0], [...prefix.slice(1), process.execPath, '-e', POLICY_OF_SELF], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    // SCHED_FIFO is policy 1; rt_priority is the priority given to chrt.
    expect(r.stdout.trim()).toBe(`1 ${REALTIME_PRIORITY}`);
    // Without the prefix a child keeps this process's own policy.
    const own = spawnSync(process.execPath, ['-e', POLICY_OF_SELF], { encoding: 'utf8' }).stdout.trim();
    const self = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    expect(own).toBe(`${self[38]} ${self[37]}`);
  });
});

describe('runLiveSandbox with real-time scheduling', () => {
  it('refuses to spin under SCHED_FIFO (the kernel would throttle the engine 50 ms every second), before starting anything', async () => {
    const run = { messages: 'm.csv', orderbook: 'o.csv', modelPath: null, policy: 'taker' as const, from: 'peak', duration: '1s', warmup: '0s', speed: '1', realtimePriority: REALTIME_PRIORITY };
    await expect(runLiveSandbox({ ...run, spin: true })).rejects.toThrow(/do not mix/);
    await expect(runLiveSandbox({ ...run, sandboxSpin: true })).rejects.toThrow(/throttled/);
  });
});
