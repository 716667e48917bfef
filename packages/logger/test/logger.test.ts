import { Writable } from 'node:stream';
import { createLogger, runWithContext } from '../src';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(JSON.parse(String(chunk)));
      cb();
    },
  });
  return { lines, destination };
}

describe('logger', () => {
  it('writes JSON with the service name and the request and correlation ids in scope', async () => {
    const { lines, destination } = capture();
    const log = createLogger({ service: 'accounts', destination });
    await runWithContext({ requestId: 'r-1', correlationId: 'c-1' }, async () => {
      await Promise.resolve();
      log.info({ enterpriseId: 'e1' }, 'created');
    });
    log.info('outside');
    expect(lines[0]).toMatchObject({ service: 'accounts', level: 'info', requestId: 'r-1', correlationId: 'c-1', enterpriseId: 'e1', msg: 'created' });
    expect(lines[1]).not.toHaveProperty('requestId');
  });

  it('censors personal data', () => {
    const { lines, destination } = capture();
    const log = createLogger({ service: 'training', destination });
    log.info({ person: { idNumber: '110101199003074477', name: 'Li' }, password: 'secret' }, 'x');
    const text = JSON.stringify(lines[0]);
    expect(text).not.toContain('110101199003074477');
    expect(text).not.toContain('secret');
    expect(text).toContain('Li');
  });
});
