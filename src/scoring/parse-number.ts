/**
 * Numbers from CSV bytes, exactly as JavaScript's Number() would read them, but
 * without making a string for the common case.
 *
 * Fast path (Clinger): a plain decimal with at most 15 digits is m / 10^f where m
 * and 10^f are both exact doubles, so one IEEE division gives the correctly rounded
 * value, the same bits as Number(text). Anything else (exponents, long mantissas)
 * goes through Number() on the text, after a strict grammar check so that "0x10",
 * "1_000" or "" are never read as numbers.
 */

const POW10: number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The value, or NaN when the bytes are not a finite number (then call classifyNonNumber). */
export function parseNumberBytes(b: Uint8Array, start: number, end: number): number {
  let i = start;
  let negative = false;
  const first = b[i];
  if (first === 0x2d) {
    negative = true;
    i++;
  } else if (first === 0x2b) i++;
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  let sawDot = false;
  for (; i < end; i++) {
    const c = b[i]!;
    if (c >= 0x30 && c <= 0x39) {
      mantissa = mantissa * 10 + (c - 0x30);
      digits++;
      if (sawDot) fraction++;
    } else if (c === 0x2e && !sawDot) sawDot = true;
    else break;
  }
  if (i === end && digits > 0 && digits <= 15) {
    const value = fraction === 0 ? mantissa : mantissa / POW10[fraction]!;
    return negative ? -value : value;
  }
  return parseNumberText(Buffer.from(b.buffer, b.byteOffset + start, end - start).toString('latin1'));
}

/** Strict number grammar for the slow path; surrounding spaces are allowed. */
export function parseNumberText(text: string): number {
  const t = text.trim();
  if (!DECIMAL.test(t)) return NaN;
  const value = Number(t);
  return Number.isFinite(value) ? value : NaN;
}

export type NonNumber = 'empty_value' | 'nan' | 'infinite' | 'not_a_number';

/** Why a cell that failed parseNumberBytes is not a number. */
export function classifyNonNumber(text: string): NonNumber {
  const t = text.trim();
  if (t === '') return 'empty_value';
  if (/^[+-]?nan$/i.test(t)) return 'nan';
  if (/^[+-]?(inf|infinity)$/i.test(t)) return 'infinite';
  // Grammatically a number but too large for a double: 1e999.
  if (DECIMAL.test(t)) return 'infinite';
  return 'not_a_number';
}
