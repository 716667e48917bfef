import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import * as model from '../src/model';
import * as full from '../src/index';

describe('@metrodesk/events/model', () => {
  it('loads neither kafkajs nor mongoose, so domain and use-case code stay free of transport', () => {
    // A fresh process: this test's own module registry already holds whatever jest loaded.
    const loaded = execFileSync(process.execPath, ['-e', "require('./model'); console.log(JSON.stringify(Object.keys(require.cache)))"], { cwd: join(__dirname, '..'), encoding: 'utf8' });
    const modules: string[] = JSON.parse(loaded);
    expect(modules.some((m) => m.includes('/dist/model.js'))).toBe(true);
    expect(modules.filter((m) => /[/\\]node_modules[/\\](kafkajs|mongoose|mongodb)[/\\]/.test(m))).toEqual([]);
  });

  it('offers what use cases need to record events', () => {
    expect(Object.keys(model)).toEqual(expect.arrayContaining(['uuidv7', 'eventFor', 'defineEvent', 'outboxPush', 'outboxInsert', 'envelopeSchema']));
    expect(full.eventFor).toBe(model.eventFor);
  });
});
