import { describe, expect, it } from 'vitest';
import type { BacktestResult } from '../BacktestResult.ts';
import { escapeHtml } from './escapeHtml.ts';
import { fakeBacktestResult } from './fakeBacktestResult.ts';
import { REPORT_SECTIONS, renderBacktestReport } from './renderBacktestReport.ts';
import { MAX_LINE_POINTS } from './reportLayout.ts';

const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link']);

/** Every tag is closed in order (self-closing SVG tags and HTML void elements aside); returns the tag counts. */
function checkNesting(html: string): Map<string, number> {
  const stack: string[] = [];
  const counts = new Map<string, number>();
  for (const m of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(\/?)>/g)) {
    const [, close, name, selfClose] = m;
    if (close) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}> at offset ${m.index}`);
    } else {
      counts.set(name, (counts.get(name) ?? 0) + 1);
      if (!selfClose && !VOID.has(name)) stack.push(name);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed: ${stack.join(' > ')}`);
  return counts;
}

const COORD_ATTRS = new Set(['x', 'y', 'x1', 'x2', 'y1', 'y2', 'cx', 'cy', 'r', 'width', 'height']);

/** No attribute value holds NaN or Infinity; coordinate attributes and path data are finite numbers. */
function checkAttributes(html: string): number {
  let checked = 0;
  for (const m of html.matchAll(/\s([a-zA-Z:-]+)="([^"]*)"/g)) {
    const [, name, value] = m;
    expect(value, `${name}="${value.slice(0, 60)}"`).not.toMatch(/NaN|Infinity/);
    if (COORD_ATTRS.has(name)) expect(Number.isFinite(Number(value)), `${name}="${value}"`).toBe(true);
    if (name === 'd' || name === 'viewBox' || name === 'transform') {
      for (const num of value.match(/-?\d*\.?\d+(e[-+]?\d+)?/g) ?? []) expect(Number.isFinite(Number(num))).toBe(true);
    }
    checked++;
  }
  return checked;
}

function checkSelfContained(html: string): void {
  expect(html).not.toMatch(/<script|<link|<iframe|<img|@import|@font-face/i);
  const urls = html.match(/https?:\/\/[^\s"')]+/g) ?? [];
  expect(urls.filter((u) => u !== 'http://www.w3.org/2000/svg')).toEqual([]);
}

const qualityPoints = [0, 0.25, 0.5, 0.75, 1].map((blend) => ({ blend, accuracy: 0.35 + 0.2 * blend, macroF1: 0.3 + 0.2 * blend, pnl: -500 + 3000 * blend }));

describe('renderBacktestReport', () => {
  const result = fakeBacktestResult({ seed: 3, samples: 23_400, fills: 3_000 });
  const html = renderBacktestReport(result, { qualityPoints, elasticity: 2.5 });

  it('writes one well-formed, self-contained page with every section', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    const counts = checkNesting(html);
    expect(counts.get('svg')).toBe(6); // equity, position, fills, latency, markouts, quality
    expect(counts.get('section')).toBe(Object.keys(REPORT_SECTIONS).length);
    for (const title of Object.values(REPORT_SECTIONS)) expect(html).toContain(`<h2>${escapeHtml(title)}</h2>`);
    checkSelfContained(html);
    expect(checkAttributes(html)).toBeGreaterThan(500);
  });

  it('shows the header, summary, config and the elasticity', () => {
    expect(html).toContain('<title>Backtest: AAPL 2012-06-21</title>');
    expect(html).toContain('09:30:00–15:59:59 New York time (UTC−4)');
    expect(html).toContain('10:00</text>');
    expect(html).toContain('15:00</text>');
    expect(html).toContain(escapeHtml(result.config.policy as string));
    expect(html).toContain('P&amp;L elasticity to model quality: <b>2.500</b>');
    expect(html).toContain('after 1 s');
    expect(html).toContain('after 10 s');
    expect(html).toContain('µs (log scale)'); // the fake response latency spreads over decades
  });

  it('is deterministic and leaves the quality section out without points', () => {
    expect(renderBacktestReport(result, { qualityPoints, elasticity: 2.5 })).toBe(html);
    const plain = renderBacktestReport(result);
    expect(plain).not.toContain(escapeHtml(REPORT_SECTIONS.quality));
    expect(checkNesting(plain).get('svg')).toBe(5);
  });

  it('escapes every text it shows', () => {
    const evil: BacktestResult = {
      ...result,
      symbol: '<script>alert("x")</script>',
      config: { 'a<b': `"quoted" & 'single'`, '<img src=x onerror=alert(1)>': 1 },
      latency: { ...result.latency, description: '</text><script>x</script>' },
    };
    const out = renderBacktestReport(evil, { title: 'P&L <b>bold</b>' });
    expect(out).not.toContain('<script');
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<b>bold</b>');
    expect(out).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(out).toContain('<th>a&lt;b</th><td>&quot;quoted&quot; &amp; &#39;single&#39;</td>');
    expect(out).toContain('<title>P&amp;L &lt;b&gt;bold&lt;/b&gt;</title>');
    checkNesting(out);
  });

  it('stays small for 100k equity samples, 50k fills and 100k latency samples, drawing ≤ 2000 points per line', () => {
    const big = fakeBacktestResult({ seed: 5, samples: 100_000, fills: 50_000, latencySamples: 100_000 });
    const started = performance.now();
    const out = renderBacktestReport(big, { qualityPoints, elasticity: 1 });
    const ms = performance.now() - started;
    expect(out.length).toBeLessThan(600_000);
    expect(ms).toBeLessThan(5_000);
    checkNesting(out);
    checkAttributes(out);
    for (const m of out.matchAll(/<path class="series[^"]*" d="([^"]*)"/g)) {
      const points = (m[1].match(/[MLH]/g) ?? []).length;
      expect(points).toBeLessThanOrEqual(MAX_LINE_POINTS);
    }
    expect(out).toContain('50,000 fills, 2,000 drawn');
  });

  it('draws degenerate runs without NaN: no fills, one sample, no mid at all, flat equity, no latency samples', () => {
    const empty = new Float64Array(0);
    const cases: BacktestResult[] = [
      fakeBacktestResult({ seed: 1, samples: 50, fills: 0, latencySamples: 0 }),
      fakeBacktestResult({ seed: 2, samples: 1, fills: 1, latencySamples: 1 }),
      (() => {
        const r = fakeBacktestResult({ seed: 4, samples: 30, fills: 5 });
        r.equity.mid.fill(NaN);
        r.equity.equity.fill(0);
        return r;
      })(),
      {
        ...fakeBacktestResult({ seed: 6, samples: 10, fills: 0 }),
        equity: { length: 0, timeNs: empty, equity: empty, position: empty, mid: empty },
        latency: { description: 'none', feedNs: empty, orderNs: empty, responseNs: Float64Array.of(0, 0) },
      },
    ];
    for (const r of cases) {
      const out = renderBacktestReport(r, { qualityPoints: [{ blend: 1, accuracy: 0.5, macroF1: 0.5, pnl: 0 }] });
      checkNesting(out);
      checkAttributes(out);
      checkSelfContained(out);
    }
  });
});
