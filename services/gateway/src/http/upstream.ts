/**
 * A service's replicas as the gateway sees them: one base URL or several (REQUESTS_URL may list
 * them, comma-separated). Each request starts one replica further along, and a replica that
 * refuses the connection is passed over for the next: a refused connection never reached it, so
 * trying another is safe for any method.
 */
export class Upstream {
  private turn = 0;
  readonly bases: readonly string[];

  constructor(
    readonly service: string,
    bases: string | readonly string[],
  ) {
    this.bases = typeof bases === 'string' ? splitBases(bases) : bases;
    if (this.bases.length === 0) throw new Error(`no address for ${service}`);
  }

  /** The replicas in the order one request tries them. */
  order(): string[] {
    const k = this.turn++ % this.bases.length;
    return [...this.bases.slice(k), ...this.bases.slice(0, k)];
  }
}

export const splitBases = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The connection was refused (nothing listens there): the request never reached the replica. */
export function refused(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } } | undefined;
  return e?.code === 'ECONNREFUSED' || e?.cause?.code === 'ECONNREFUSED';
}
