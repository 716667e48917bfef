/** What the liaison picker needs of a roster row. */
export interface RosterRow {
  userId: string;
  name: string;
  eligible: boolean;
}

/**
 * The roster rows whose name holds what was typed (spaces and letter case ignored), those who
 * can take the request first; nothing typed lists everyone.
 */
export function liaisonsMatching<R extends RosterRow>(rows: readonly R[], typed: string): R[] {
  const norm = (s: string) => s.replace(/\s+/g, '').toLocaleLowerCase();
  const term = norm(typed);
  const hits = rows.filter((r) => norm(r.name).includes(term));
  return [...hits.filter((r) => r.eligible), ...hits.filter((r) => !r.eligible)];
}
