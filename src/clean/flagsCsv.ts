import { open } from 'node:fs/promises';
import type { OrderFlag } from './OrderFlag.ts';

/** Header of a flags file. */
export const FLAGS_CSV_HEADER = 'orderId,kind,score,reason';

/** One CSV field: quoted (inner quotes doubled) when it holds a comma, quote, CR or LF (RFC 4180). */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One flag as a CSV row: orderId,kind,score,reason (the reason always quoted: it is prose). */
export function flagCsvRow(f: OrderFlag): string {
  return `${f.orderId},${f.kind},${f.score},"${f.reason.replaceAll('"', '""')}"`;
}

/** Writes flags as CSV (header line, one row per flag, LF line ends). */
export async function writeFlagsCsv(path: string, flags: readonly OrderFlag[]): Promise<void> {
  const fh = await open(path, 'w');
  try {
    let buf = `${FLAGS_CSV_HEADER}\n`;
    for (const f of flags) {
      buf += `${flagCsvRow(f)}\n`;
      if (buf.length > 1 << 20) {
        await fh.write(buf);
        buf = '';
      }
    }
    await fh.write(buf);
  } finally {
    await fh.close();
  }
}

/** Parses a flags CSV back (for tests and for scoring flags written by another run). */
export function parseFlagsCsv(text: string): { orderId: number; kind: string; score: number; reason: string }[] {
  const rows = parseCsv(text);
  if (rows.length === 0 || rows[0].join(',') !== FLAGS_CSV_HEADER) throw new Error(`not a flags file: the first line must be "${FLAGS_CSV_HEADER}"`);
  return rows.slice(1).map((r, i) => {
    if (r.length !== 4) throw new Error(`line ${i + 2}: expected 4 fields, got ${r.length}`);
    return { orderId: Number(r[0]), kind: r[1], score: Number(r[2]), reason: r[3] };
  });
}

/** Minimal RFC 4180 reader: quoted fields with doubled quotes and embedded line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
