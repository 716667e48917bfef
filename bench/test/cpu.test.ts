import { cpuSecondsOf, cpuSnapshot, cpuUsed, pidsMatching, SERVER_COMMANDS } from '../src/cpu';

describe('CPU profile', () => {
  it("reads a process's CPU time, which grows while it works", () => {
    const before = cpuSecondsOf(process.pid)!;
    const until = Date.now() + 300;
    let x = 0;
    while (Date.now() < until) x += Math.sqrt(x + 1);
    expect(x).toBeGreaterThan(0);
    expect(cpuSecondsOf(process.pid)!).toBeGreaterThan(before);
    expect(cpuSecondsOf(2 ** 22 + 1)).toBeUndefined();
  });

  it('finds processes by their command line', () => {
    expect(pidsMatching(/jest/)).toContain(process.pid);
    expect(pidsMatching(/no-such-process-name-here-\d{40}/)).toEqual([]);
  });

  it('sums each group over its processes, counting one started meanwhile whole', () => {
    const before = new Map([['db', new Map([[1, 10], [2, 5]])]]);
    const after = new Map([['db', new Map([[1, 12], [2, 5.5], [3, 1]])], ['svc', new Map([[4, 2]])]]);
    expect(cpuUsed(before, after)).toEqual([{ name: 'db', seconds: 3.5 }, { name: 'svc', seconds: 2 }]);
    expect(cpuSnapshot([{ name: 'me', pids: () => [process.pid] }]).get('me')!.get(process.pid)).toBeGreaterThan(0);
  });

  it("tells the servers apart by their program, not by words later in the command line", () => {
    const lines = {
      '/work/x/.local/bin/ferretdb-v1.24.2 --handler=postgresql --postgresql-url=postgres://metrodesk@127.0.0.1:55432/ferretdb': 'FerretDB',
      '/usr/lib/postgresql/15/bin/postgres -D /work/x/.local/data/pg/data -p 55432': 'PostgreSQL',
      'postgres: metrodesk ferretdb 127.0.0.1(34142) idle': 'PostgreSQL',
      'postgres: walwriter ': 'PostgreSQL',
      'java -Xmx512m -cp /x/libs/* kafka.Kafka /x/server.properties': 'Kafka',
      'redis-server 127.0.0.1:6390': 'Redis',
      'node /work/x/services/requests/dist/main.js': undefined,
    };
    for (const [line, server] of Object.entries(lines)) {
      expect([line, Object.entries(SERVER_COMMANDS).filter(([, re]) => re.test(line)).map(([name]) => name)]).toEqual([line, server ? [server] : []]);
    }
  });
});
