/** Addresses as the server sees them (req.ip, a DNS answer): IPv4, IPv6 or IPv4 written as IPv6. */

function plain(address: string): string {
  return address.toLowerCase().replace(/^::ffff:/, '');
}

/** This machine: 127.0.0.0/8, ::1, and the unspecified 0.0.0.0 / :: (which also reach it). */
export function isLoopbackAddress(address: string): boolean {
  const a = plain(address);
  return /^127\./.test(a) || /^0\./.test(a) || a === '::1' || a === '::';
}

/** Link-local: 169.254.0.0/16 (cloud metadata at 169.254.169.254) and fe80::/10. */
export function isLinkLocalAddress(address: string): boolean {
  const a = plain(address);
  return /^169\.254\./.test(a) || /^fe[89ab][0-9a-f]:/.test(a);
}
