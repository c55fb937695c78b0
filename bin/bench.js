#!/usr/bin/env node
// `npm run bench -- <name> [args]` runs bench/<name>.bench.ts, which prints one JSON line.
import { register } from 'tsx/esm/api';
import { readdirSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';

register();
const dir = fileURLToPath(new URL('../bench/', import.meta.url));
const names = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).map((f) => f.slice(0, -'.bench.ts'.length));
const [name, ...rest] = process.argv.slice(2);
if (!name || !names.includes(name)) {
  console.error(`usage: npm run bench -- <name>\nbenchmarks: ${names.join(', ')}`);
  process.exit(name ? 2 : 0);
}
process.argv = [process.argv[0], name, ...rest];
const mod = await import(`../bench/${name}.bench.ts`);
if (typeof mod.run === 'function') await mod.run(rest);
