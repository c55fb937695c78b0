/**
 * Exact decimal text → integer units. Venues send prices and sizes as decimal strings
 * ("61737.63000000"); Tachyon holds them as integers in units of 10^-decimals, parsed digit by digit
 * so that no binary floating-point rounding ever enters a price.
 */
export class DecimalFormatError extends Error {}

/** Parses a non-negative decimal string into integer units of 10^-decimals. Extra non-zero digits throw. */
export function parseDecimalUnits(text: string, decimals: number): number {
  let value = 0;
  let fracDigits = -1;
  if (text.length === 0) throw new DecimalFormatError('empty number');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 /* . */) {
      if (fracDigits >= 0) throw new DecimalFormatError(`two decimal points in "${text}"`);
      fracDigits = 0;
      continue;
    }
    const digit = c - 48;
    if (digit < 0 || digit > 9) throw new DecimalFormatError(`not a decimal number: "${text}"`);
    if (fracDigits >= 0) {
      if (fracDigits >= decimals) {
        if (digit !== 0) throw new DecimalFormatError(`"${text}" has more than ${decimals} decimals`);
        continue;
      }
      fracDigits++;
    }
    value = value * 10 + digit;
  }
  const scaled = value * 10 ** (decimals - Math.max(fracDigits, 0));
  if (!Number.isSafeInteger(scaled)) throw new DecimalFormatError(`"${text}" is out of exact range`);
  return scaled;
}

/** Formats integer units of 10^-decimals back to a decimal string with exactly `decimals` places. */
export function formatDecimalUnits(units: number, decimals: number): string {
  const neg = units < 0;
  const s = String(Math.abs(units)).padStart(decimals + 1, '0');
  const out = decimals === 0 ? s : `${s.slice(0, s.length - decimals)}.${s.slice(s.length - decimals)}`;
  return neg ? `-${out}` : out;
}
