import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/**
 * Where the machine's CPU goes during a bench step: user + system time of each named group
 * of processes (a service, or a server's processes found by their command line), from
 * /proc/<pid>/stat. Linux only, as the machine the benches run on.
 */
export interface CpuGroup {
  name: string;
  /** The group's processes now (a server may start a process per connection). */
  pids(): number[];
}

/** Clock ticks per second of /proc's times (USER_HZ: 100 on every Linux this runs on). */
const TICKS_PER_SECOND = 100;

/** A process's user + system CPU seconds so far; undefined when it is gone. */
export function cpuSecondsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), from field 3 (state) on.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Every process whose command line matches. */
export function pidsMatching(pattern: RegExp): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (pattern.test(cmd)) out.push(Number(entry));
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

/**
 * The local servers of deploy/local/up, by the program their command line starts with:
 * PostgreSQL's backends are titled `postgres: <user> <database> …`, and the database is
 * called ferretdb, so a pattern matching anywhere would count them as FerretDB's too.
 */
export const SERVER_COMMANDS = {
  FerretDB: /^(\S*\/)?ferretdb[^\s/]*(\s|$)/,
  PostgreSQL: /^(\S*\/)?postgres(:|\s|$)/,
  Kafka: /^(\S*\/)?java\s.*\bkafka\.Kafka\b/,
  Redis: /^(\S*\/)?redis-server(\s|$)/,
};

export const SERVER_GROUPS: CpuGroup[] = Object.entries(SERVER_COMMANDS).map(([name, pattern]) => ({ name, pids: () => pidsMatching(pattern) }));

export type CpuSnapshot = Map<string, Map<number, number>>;

export function cpuSnapshot(groups: CpuGroup[]): CpuSnapshot {
  const snap: CpuSnapshot = new Map();
  for (const g of groups) {
    const byPid = new Map<number, number>();
    for (const pid of g.pids()) {
      const s = cpuSecondsOf(pid);
      if (s !== undefined) byPid.set(pid, s);
    }
    snap.set(g.name, byPid);
  }
  return snap;
}

/**
 * CPU seconds each group used between two snapshots: a process started meanwhile counts
 * whole; one that ended meanwhile is missed (its last seconds are not readable).
 */
export function cpuUsed(before: CpuSnapshot, after: CpuSnapshot): { name: string; seconds: number }[] {
  return [...after].map(([name, byPid]) => {
    const was = before.get(name) ?? new Map<number, number>();
    let seconds = 0;
    for (const [pid, s] of byPid) seconds += s - (was.get(pid) ?? 0);
    return { name, seconds };
  });
}

export const machineCores = (): number => cpus().length;
