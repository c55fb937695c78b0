import type { MetricValue, ModelArtifact } from './ModelArtifact.ts';
import { DATA_HASH_SCHEME } from './trainingDataHash.ts';
import { describeModelKind } from './PredictorRegistry.ts';

/**
 * A short Markdown model card: what the model is, on which features and label, how well it did, what it
 * cost (CPU-seconds and dollars, at the rate recorded), and the data hash. Plain text in, plain text out:
 * deterministic for a given artifact.
 */
export function modelCard(artifact: ModelArtifact): string {
  const a = artifact;
  const out: string[] = [];
  const commit = a.createdBy.gitCommit === null ? 'no git commit recorded' : `commit ${a.createdBy.gitCommit.slice(0, 12)}`;
  out.push(`# Model card: ${a.kind}`, '');
  out.push(`**What it is.** ${describeModelKind(a.kind) ?? `A model of kind "${a.kind}"`}.`);
  out.push(`Trained by ${a.createdBy.name} ${a.createdBy.version} (${commit}); ${a.seed === null ? 'no randomness in training (no seed)' : `seed ${a.seed}`}.`);
  out.push(`Artifact format ${a.format} v${a.version}.`, '');

  out.push('## Label', '');
  const l = a.label;
  const target = l.target === 'direction' ? 'direction class (0 down, 1 stationary, 2 up)' : 'forward mid return (bps)';
  out.push(`- Target: ${target}, protocol \`${l.protocol}\`, horizon ${l.horizon} events`);
  if (l.thresholds !== null) out.push(`- Thresholds: up if change > ${fmt(l.thresholds.alphaUp)}, down if < ${fmt(l.thresholds.alphaDown)}`);
  const params = Object.entries(l.params);
  if (params.length > 0) out.push(`- Parameters: ${params.map(([k, v]) => `${k} = ${typeof v === 'number' ? fmt(v) : String(v)}`).join(', ')}`);
  out.push('');

  out.push(`## Features (${a.features.length})`, '');
  const norm = a.normalisation === null ? 'none (the model takes raw values)' : 'z-score, fitted on training rows only';
  out.push(`Normalisation: ${norm}.`, '');
  out.push('| # | feature | unit |', '|---|---|---|');
  a.features.forEach((f, i) => out.push(`| ${i} | ${f.name} | ${f.unit === '' ? '—' : f.unit} |`));
  out.push('');

  out.push('## Metrics', '');
  const rows = flattenMetrics(a.metrics, '');
  if (rows.length === 0) out.push('(none recorded)');
  else {
    out.push('| metric | value |', '|---|---|');
    for (const [k, v] of rows) out.push(`| ${k} | ${v} |`);
  }
  out.push('');

  out.push('## Training cost', '');
  const c = a.cost;
  out.push(`- CPU: ${fmt(c.cpuSeconds)} CPU-s (wall ${fmt(c.wallSeconds)} s)`);
  out.push(`- Peak memory: ${fmt(c.peakRssMB)} MiB RSS${c.peakRssSource === 'samples' ? ' (sampled: a lower bound)' : ''}`);
  out.push(`- Dollars: $${fmt(c.dollars)} at $${fmt(c.dollarsPerCoreHour)} per core-hour`);
  out.push('');

  out.push('## Data', '');
  out.push(`SHA-256 of the training rows' feature and label bytes (${DATA_HASH_SCHEME}): \`${a.dataHash}\``);
  out.push('');
  return out.join('\n');
}

/** Scalars as `a.b.c` rows; arrays of numbers inline; long matrices (confusion) compactly as JSON. */
function flattenMetrics(m: MetricValue, prefix: string): [string, string][] {
  if (m === null) return [[prefix, '—']];
  if (typeof m === 'number') return [[prefix, fmt(m)]];
  if (typeof m === 'string') return [[prefix, m]];
  if (Array.isArray(m)) return [[prefix, JSON.stringify(m, (_k, v: unknown) => (typeof v === 'number' ? Number(fmt(v)) : v))]];
  const rows: [string, string][] = [];
  for (const [k, v] of Object.entries(m as { readonly [name: string]: MetricValue })) rows.push(...flattenMetrics(v, prefix === '' ? k : `${prefix}.${k}`));
  return rows;
}

/** Four significant digits, no exponent for ordinary magnitudes: cards are read by people. */
function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-4 && a < 1e9) return Number(v.toPrecision(4)).toString();
  return v.toPrecision(4);
}
