/**
 * Failed logins per client address, in front of the per-account lock (security S2; ASVS V6.3.1):
 * an address that failed `limit` times within `windowMs` is refused — 429, audited, before any
 * password check, so guessing across many accounts costs no PBKDF2 time either — until its oldest
 * failure leaves the window. Only failures count: a village office behind one address, logging in
 * every morning, is never held up by its successes.
 *
 * Kept per process (a restart forgets it; with FAZHI_WORKERS=N an address gets up to N × limit):
 * the rate limit of the reverse proxy in front (deployment.md) is the bound across machines.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxAddresses = 10_000,
  ) {}

  /** The address's failures still inside the window (older ones dropped). */
  private recent(address: string, now: number): number[] {
    const list = this.failures.get(address);
    if (!list) return [];
    const cut = now - this.windowMs;
    let old = 0;
    while (old < list.length && list[old] <= cut) old++;
    if (old) list.splice(0, old);
    if (list.length === 0) this.failures.delete(address);
    return list;
  }

  /** Milliseconds until the address may try again; 0 when it may now. */
  waitMs(address: string, now = Date.now()): number {
    const list = this.recent(address, now);
    return list.length < this.limit ? 0 : list[list.length - this.limit] + this.windowMs - now;
  }

  fail(address: string, now = Date.now()): void {
    let list = this.failures.get(address);
    if (!list) {
      // an attacker rotating addresses cannot grow this without bound: the longest-known address goes
      if (this.failures.size >= this.maxAddresses) this.failures.delete(this.failures.keys().next().value as string);
      list = [];
      this.failures.set(address, list);
    }
    list.push(now);
    if (list.length > this.limit) list.shift();
  }
}
