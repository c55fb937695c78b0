import { DEFAULT_LINKS, LINK_KINDS } from '../../net/Link.ts';
import { VenueNetwork, type VenueRoute } from '../../net/VenueNetwork.ts';
import { parseCommandArgs } from '../args.ts';
import { UsageError, type Command } from '../Command.ts';

/** km to the metre, ms to the nanosecond: finer digits would be noise on coordinates good to ~100 m. */
function rounded(r: VenueRoute): VenueRoute {
  const ms = (x: number) => Math.round(x * 1e6) / 1e6;
  const orNull = (x: number | null) => (x === null ? null : ms(x));
  return {
    from: r.from,
    to: r.to,
    km: Math.round(r.km * 1000) / 1000,
    vacuumMs: ms(r.vacuumMs),
    microwaveMs: orNull(r.microwaveMs),
    fibreMs: orNull(r.fibreMs),
    radioMs: orNull(r.radioMs),
  };
}

function table(routes: readonly VenueRoute[]): string[] {
  const header = ['from', 'to', 'km', 'vacuum ms', 'microwave ms', 'fibre ms', 'radio ms'];
  const ms = (x: number | null) => (x === null ? '—' : x.toFixed(3));
  const rows = routes.map((r) => [r.from, r.to, r.km.toFixed(1), ms(r.vacuumMs), ms(r.microwaveMs), ms(r.fibreMs), ms(r.radioMs)]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  // Names left-aligned, figures right-aligned.
  const line = (cells: readonly string[]) => cells.map((s, c) => (c < 2 ? s.padEnd(widths[c]) : s.padStart(widths[c]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

export const netRoutesCommand: Command = {
  path: ['net', 'routes'],
  summary: 'light-time floors and microwave / fibre / radio latencies between the venues',
  help: [
    'usage: tachyon net routes [--json]',
    '',
    'For every pair of venues: the WGS-84 geodesic (Vincenty), the vacuum floor (geodesic / c) and the',
    'one-way latency of each link kind (geodesic × route stretch × refractive index / c). Microwave is',
    'null (— in the table) between venues on different landmasses: towers cannot cross an ocean.',
    '',
    'links:',
    ...LINK_KINDS.map((k) => `  ${DEFAULT_LINKS[k].summary}`),
    '',
    'options:',
    '  --json   print one JSON object as the last line:',
    '           {"routes":[{"from","to","km","vacuumMs","microwaveMs","fibreMs","radioMs"},...]}',
    '           (km to the metre, ms to the nanosecond)',
    '',
    'example:',
    '  npx tachyon net routes --json',
  ].join('\n'),

  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean', default: false } }, true);
    if (positionals.length) throw new UsageError(`unexpected arguments: ${positionals.join(' ')}`);
    const routes = new VenueNetwork().routes();
    if (values.json) {
      io.out(JSON.stringify({ routes: routes.map(rounded) }));
      return 0;
    }
    for (const l of table(routes)) io.out(l);
    return 0;
  },
};
