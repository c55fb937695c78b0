import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Relative imports of a source file (static `import … from`, `export … from` and dynamic `import()`). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]/g)) out.push(m[1]);
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]);
  return out;
}

/** Every source file a file reaches through relative imports. */
function closure(entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length) {
    const f = todo.pop() as string;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const spec of importsOf(f)) if (spec.startsWith('.')) todo.push(resolve(dirname(f), spec));
  }
  return seen;
}

describe('detectors see only market data', () => {
  const detectors = readdirSync(HERE).filter((f) => /Detector\.ts$/.test(f) && f !== 'Detector.ts' && f !== 'TapeDetector.ts');

  it('finds the six detectors', () => {
    expect(detectors.sort()).toEqual(['BadDataDetector.ts', 'LayeringDetector.ts', 'MomentumIgnitionDetector.ts', 'QuoteStuffingDetector.ts', 'SpoofingDetector.ts', 'WashTradeDetector.ts']);
  });

  it.each(detectors)('%s never imports src/sim (ground truth, agents), directly or through what it imports', (file) => {
    const sim = join(HERE, '..', 'sim');
    const reached = [...closure(join(HERE, file))];
    expect(reached.filter((f) => f.startsWith(sim + '/') || f === sim)).toEqual([]);
    // Nor anything that names ground truth or agents.
    for (const f of reached) expect(readFileSync(f, 'utf8')).not.toMatch(/GroundTruth|agentId|agent_id|agentType/);
  });

  it('the scan sees imports (it is not vacuous)', () => {
    expect(importsOf(join(HERE, 'scoreFlags.ts'))).toContain('../sim/GroundTruth.ts');
    expect([...closure(join(HERE, 'SpoofingDetector.ts'))].map((f) => f.slice(HERE.length + 1))).toContain('MarketTape.ts');
  });
});
