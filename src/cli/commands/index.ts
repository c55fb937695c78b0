import type { Command } from '../Command.ts';

/** Every `tachyon` command, in the order `tachyon --help` lists them. */
export const commands: readonly Command[] = [];
