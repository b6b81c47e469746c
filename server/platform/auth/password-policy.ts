/**
 * 等保 8.1.4.1 a) 身份鉴别信息具有复杂度要求并定期更换 (security-requirements S1):
 * at least 8 characters from at least three of four classes, no username inside, not a common password.
 * Long passphrases (up to 128) and paste are allowed, in the spirit of ASVS V6.2.
 */
const COMMON = new Set(
  [
    '123456',
    '12345678',
    '123456789',
    'password',
    'password1',
    'password123',
    'p@ssw0rd',
    'passw0rd',
    'admin123',
    'admin@123',
    'qwerty123',
    'abc@1234',
    'abcd1234',
    'a1b2c3d4',
    'qwe123!@#',
    '1qaz@wsx',
    '1qaz2wsx',
    'zaq12wsx',
    'woaini1314',
    'fazhi123',
    'fazhi@123',
    'huawei@123',
    'root@123',
    'test@123',
    'welcome1',
    'changeme1',
    // the demo accounts' password is printed in the README: never a real one
    'fazhi@2026',
    // widely reported among the most used in China (with three character classes, so the rules above let them pass)
    'a123456!',
    'aa123456!',
    'qq123456!',
    'abc@123456',
    'admin@2024',
    'admin@2025',
    'admin@2026',
    'admin#123',
    'admin!123',
    'qwe@123456',
    'qwe!@#123',
    '1qaz!qaz',
    '1qaz@wsx3edc',
    'woaini@1314',
    'woaini1314!',
    'p@ssw0rd!',
    'p@ssword1',
    'password@123',
    'test@1234',
    'root@1234',
    'sa@12345',
    'zxcv@1234',
    'asdf@1234',
    'aa@123456',
    'abc!1234',
    'huawei@1234',
    'sifa@123',
    'sfs@123456',
  ].map((s) => s.toLowerCase()),
);

export function passwordClasses(pw: string): number {
  return [/[A-Z]/, /[a-z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(pw)).length;
}

export function isStrongPassword(pw: string, username: string, context: string[] = []): boolean {
  if (pw.length < 8 || pw.length > 128) return false;
  if (passwordClasses(pw) < 3) return false;
  const lower = pw.toLowerCase();
  if (COMMON.has(lower)) return false;
  if (username && username.length >= 3 && lower.includes(username.toLowerCase())) return false;
  for (const c of context) if (c && c.length >= 2 && lower.includes(c.toLowerCase())) return false;
  return true;
}
