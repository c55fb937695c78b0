#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx: no build step, so `npx tachyon` always runs
// exactly the code in src/ (the CLI's startup pays ~0.2 s of transpilation once).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
