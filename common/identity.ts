/**
 * Pure rules about personal identifiers, shared by server validation and web forms.
 * GB 11643-1999: 18-character citizen identity number, ISO 7064 MOD 11-2 check character.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function idCardCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/** True for a well-formed 18-digit number with a real date of birth and the right check character. */
export function isValidIdCard(value: string): boolean {
  const v = value.trim().toUpperCase();
  if (!/^[1-9]\d{5}(18|19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}[\dX]$/.test(v)) return false;
  const y = Number(v.slice(6, 10));
  const m = Number(v.slice(10, 12));
  const d = Number(v.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  return idCardCheckChar(v.slice(0, 17)) === v[17];
}

export function normalizeIdCard(value: string): string {
  return value.trim().toUpperCase();
}

/** Mainland mobile (1[3-9]x, 11 digits) or a landline with area code (0xx-xxxxxxx). */
export function isValidPhone(value: string): boolean {
  const v = value.replace(/[\s-]/g, '');
  return /^1[3-9]\d{9}$/.test(v) || /^0\d{2,3}\d{7,8}$/.test(v);
}

export function normalizePhone(value: string): string {
  return value.replace(/[\s-]/g, '');
}

/**
 * The one masking function family (security-requirements S9): every screen, export, log line and
 * audit record shows personal identifiers through these.
 */
export function maskIdCard(value: string | null | undefined): string {
  if (!value) return '';
  const v = value.trim();
  if (v.length <= 10) return '*'.repeat(v.length);
  return `${v.slice(0, 6)}${'*'.repeat(v.length - 10)}${v.slice(-4)}`;
}

export function maskPhone(value: string | null | undefined): string {
  if (!value) return '';
  const v = normalizePhone(value);
  if (v.length < 7) return '*'.repeat(v.length);
  return `${v.slice(0, 3)}${'*'.repeat(v.length - 7)}${v.slice(-4)}`;
}

/** 姓+某 for public documents about family or minors' matters. */
export function maskName(value: string | null | undefined): string {
  if (!value) return '';
  const chars = Array.from(value.trim());
  if (chars.length <= 1) return chars.join('');
  return `${chars[0]}某`;
}
