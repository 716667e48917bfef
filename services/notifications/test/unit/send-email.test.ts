import { queueDueDigests, sendDigest, sendEmail, PermanentMailError, type OutgoingMail, type SendDeps } from '../../src/use-cases/send-email';
import type { DeliveryRepository, EmailDelivery } from '../../src/use-cases/ports';

class MemoryDeliveries implements DeliveryRepository {
  readonly all = new Map<string, EmailDelivery>();
  async insert(d: EmailDelivery) {
    if (this.all.has(d.id)) return false;
    this.all.set(d.id, { ...d });
    return true;
  }
  async insertMany(ds: EmailDelivery[]) {
    for (const d of ds) await this.insert(d);
  }
  async get(id: string) {
    return this.all.get(id) ?? null;
  }
  async markSent(ids: string[], at: Date) {
    for (const id of ids) Object.assign(this.all.get(id)!, { status: 'sent', sentAt: at });
  }
  async markFailed(id: string, error: string) {
    Object.assign(this.all.get(id)!, { status: 'failed', lastError: error });
  }
  async noteError(id: string, error: string) {
    Object.assign(this.all.get(id)!, { lastError: error });
  }
  async fold(id: string, digestKey: string) {
    Object.assign(this.all.get(id)!, { status: 'folded', digestKey });
  }
  async failed() {
    return [...this.all.values()].filter((d) => d.status === 'failed');
  }
  async folded(key: string) {
    return [...this.all.values()].filter((d) => d.digestKey === key && d.status === 'folded');
  }
  async dueDigests(at: Date) {
    return [...new Set([...this.all.values()].filter((d) => d.status === 'folded' && d.digestDue && d.digestDue <= at).map((d) => d.digestKey!))];
  }
}

const NOW = new Date('2026-03-02T02:00:10Z');

function setup(perMinute = 2, fail?: Error) {
  const deliveries = new MemoryDeliveries();
  const sent: OutgoingMail[] = [];
  const digests: { key: string; at: Date }[] = [];
  const counts = new Map<string, number>();
  const deps: SendDeps = {
    deliveries,
    mailer: { send: async (m) => (fail ? Promise.reject(fail) : void sent.push(m)) },
    limiter: { take: async (u, w) => counts.set(`${u}:${w}`, (counts.get(`${u}:${w}`) ?? 0) + 1).get(`${u}:${w}`)! },
    digests: { enqueueDigest: async (key, at) => void digests.push({ key, at }) },
    consoleUrl: 'https://desk.example',
    perMinute,
    now: () => NOW,
  };
  const add = async (n: number, urgent = false) => {
    const d: EmailDelivery = { id: `ev${n}:u1:email`, userId: 'u1', email: 'a@example.cn', language: 'en', message: { subject: `S${n}`, body: `B${n}`, link: '/work/requests/r1' }, urgent, status: 'pending', digestKey: null, lastError: null, createdAt: NOW, sentAt: null };
    await deliveries.insert(d);
    return d.id;
  };
  return { deps, deliveries, sent, digests, add };
}

describe('sending an email delivery', () => {
  it('sends once: a second run of the same job sends nothing', async () => {
    const { deps, sent, add } = setup();
    const id = await add(1);
    expect(await sendEmail(deps, id)).toBe('sent');
    expect(await sendEmail(deps, id)).toBe('skipped');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.messageId).toMatch(/^<ev1\.u1\.email@/);
  });

  it('sends again under the same Message-ID when the run was cut off after the server took it (at least once)', async () => {
    const { deps, deliveries, sent, add } = setup();
    const id = await add(1);
    // A process killed between the SMTP server's acceptance and the record of it.
    const markSent = jest.spyOn(deliveries, 'markSent').mockRejectedValueOnce(new Error('killed'));
    await expect(sendEmail(deps, id)).rejects.toThrow('killed');
    expect(await sendEmail(deps, id)).toBe('sent');
    expect(await sendEmail(deps, id)).toBe('skipped');
    expect(sent.map((m) => m.messageId)).toEqual([sent[0]!.messageId, sent[0]!.messageId]);
    markSent.mockRestore();
  });

  it('folds what passes the per-minute limit into one digest at the next minute', async () => {
    const { deps, sent, digests, add } = setup(2);
    const ids = [await add(1), await add(2), await add(3), await add(4)];
    const outcomes = [];
    for (const id of ids) outcomes.push(await sendEmail(deps, id));
    expect(outcomes).toEqual(['sent', 'sent', 'folded', 'folded']);
    expect(new Set(digests.map((d) => d.key)).size).toBe(1);
    expect(digests[0]!.at.toISOString()).toBe('2026-03-02T02:01:00.000Z');
    expect(await sendDigest(deps, digests[0]!.key)).toBe(2);
    expect(sent).toHaveLength(3);
    expect(sent[2]!.subject).toBe('2 new notifications');
    expect(sent[2]!.text).toContain('B3');
    expect(sent[2]!.text).toContain('B4');
    expect(await sendDigest(deps, digests[0]!.key)).toBe(0);
  });

  it('never holds an emergency back for the limit', async () => {
    const { deps, add } = setup(1);
    await sendEmail(deps, await add(1));
    expect(await sendEmail(deps, await add(2, true))).toBe('sent');
  });

  it('marks a delivery failed when the server refuses it for good', async () => {
    const { deps, deliveries, add } = setup(2, new PermanentMailError('550 no such user'));
    const id = await add(1);
    await sendEmail(deps, id);
    expect(deliveries.all.get(id)).toMatchObject({ status: 'failed', lastError: '550 no such user' });
  });

  it('keeps a delivery pending, with the error, when the server is unreachable, so the job retries', async () => {
    const { deps, deliveries, add } = setup(2, new Error('connect ECONNREFUSED'));
    const id = await add(1);
    await expect(sendEmail(deps, id)).rejects.toThrow('ECONNREFUSED');
    expect(deliveries.all.get(id)).toMatchObject({ status: 'pending', lastError: 'connect ECONNREFUSED' });
  });
});

describe('the daily and weekly digests', () => {
  it('queues each digest once it is due and sends it once, however often the sweep runs', async () => {
    const { deps, deliveries, sent, digests } = setup();
    const due = new Date('2026-03-03T00:00:00Z');
    for (const n of [1, 2]) {
      await deliveries.insert({ id: `ev${n}:u1:email`, userId: 'u1', email: 'a@example.cn', language: 'zh-CN', message: { subject: `S${n}`, body: `B${n}`, link: '/portal' }, urgent: false, status: 'folded', digestKey: 'u1|daily|x', digestPeriod: 'daily', digestDue: due, lastError: null, createdAt: NOW, sentAt: null });
    }
    expect(await queueDueDigests(deps, new Date(due.getTime() - 1))).toBe(0);
    expect(await queueDueDigests(deps, due)).toBe(1);
    expect(await sendDigest(deps, digests[0]!.key)).toBe(2);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: 'a@example.cn', subject: '每日通知摘要：2 条', messageId: '<digest.u1.daily.x@metrodesk.notifications>' });
    expect(sent[0]!.text).toContain('B1');
    expect(sent[0]!.text).toContain('B2');
    expect(await queueDueDigests(deps, due)).toBe(0);
    expect(await sendDigest(deps, digests[0]!.key)).toBe(0);
    expect(sent).toHaveLength(1);
  });

  it('sends a digest to the address the person has when it goes out', async () => {
    const { deps, deliveries, sent } = setup();
    deps.people = { get: async (userId) => ({ userId, version: 2, name: 'n', role: 'enterprise', enterpriseId: 'e', cityCode: null, active: true, email: 'moved@example.cn', language: 'en' }) };
    await deliveries.insert({ id: 'ev1:u1:email', userId: 'u1', email: 'old@example.cn', language: 'en', message: { subject: 'S', body: 'B', link: '/portal' }, urgent: false, status: 'folded', digestKey: 'k', digestPeriod: 'weekly', digestDue: NOW, lastError: null, createdAt: NOW, sentAt: null });
    expect(await sendDigest(deps, 'k')).toBe(1);
    expect(sent[0]).toMatchObject({ to: 'moved@example.cn', subject: 'Weekly digest: 1 notification' });
  });
});
