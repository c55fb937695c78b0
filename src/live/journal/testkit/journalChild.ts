/**
 * The process the kill -9 test kills: opens a journal, writes the seeded order flow as fast as it can,
 * and reports on stdout (synchronous for a pipe on Linux) what it knows to be safe:
 *   "ready <lastSeq>"      once the journal is open,
 *   "synced <seq>"         after each fdatasync (batch),
 *   "written <seq>"        every 256 records once write(2) returned (os).
 * Usage: node --import tsx journalChild.ts <path> <os|batch> <seed> <checkpointEvery>
 */
import { JournalWriter, type FsyncPolicy } from '../JournalWriter.ts';
import { SimulatedOrderFlow } from './SimulatedOrderFlow.ts';

const [path, policyArg, seedArg, everyArg] = process.argv.slice(2);
const policy = policyArg as FsyncPolicy;
const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const writer = JournalWriter.open(path, {
  policy,
  bufferBytes: 16 * 1024,
  batchMaxDelayNs: 500_000,
  onSync: (seq) => out(`synced ${seq}`),
  label: `journalChild ${policy} seed ${seedArg}`,
});
const flow = new SimulatedOrderFlow(Number(seedArg), { checkpointEvery: Number(everyArg) });
out(`ready ${writer.lastSeq}`);
for (;;) {
  flow.step(writer);
  if (policy === 'os' && (writer.lastSeq & 255) === 0) out(`written ${writer.writtenSeq}`);
}
