import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** Runs a tiny service process through `runService` (the built package, as main.ts runs it). */
function runProbe(create: string, signal?: NodeJS.Signals): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const entry = resolve(__dirname, '..', 'dist', 'index.js');
  const script = `require(${JSON.stringify(entry)}).runService('probe', () => ({ LOG_LEVEL: 'silent' }), ${create});`;
  return new Promise((done) => {
    const child = spawn(process.execPath, ['-e', script]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (signal && stdout.includes('started')) child.kill(signal);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

describe('runService', () => {
  it('exits with status 1 and says why when the service cannot start', async () => {
    const r = await runProbe(`async () => { throw new Error('database unreachable'); }`);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('probe failed to start: database unreachable\n');
  });

  it('starts the service and drains it on SIGTERM before exiting cleanly', async () => {
    const service = `() => ({
      start: async () => { process.stdout.write('started\\n'); setInterval(() => undefined, 1000); },
      stop: async () => { process.stdout.write('stopped\\n'); },
    })`;
    const r = await runProbe(service, 'SIGTERM');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('started\nstopped\n');
  });
});
