/**
 * The seed acts as a user: an action refused because an event moved the request meanwhile
 * ("changed by someone else") is repeated on the request read again, as the console tells a
 * user to do; any other refusal stops the seed with the reason.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { reloadingOnConflict } = require('../../scripts/seed-requests.js') as {
  reloadingOnConflict: (who: Session, requestPath: string, action: string, body: Record<string, unknown>, version?: number) => Promise<{ version: number }>;
};

type Reply = { status: number; body: Record<string, unknown> };
interface Session {
  username: string;
  call(method: string, path: string, body?: unknown): Promise<Reply>;
  must(method: string, path: string): Promise<Record<string, unknown>>;
}

/** A user whose request is at `current`, with the POST replies given in turn. */
function user(current: number, replies: Reply[]) {
  const posts: { path: string; body: Record<string, unknown> }[] = [];
  const session: Session = {
    username: 'ent-210100-1',
    call: async (_method, path, body) => {
      posts.push({ path, body: body as Record<string, unknown> });
      return replies.shift()!;
    },
    must: async () => ({ version: current }),
  };
  return { session, posts };
}

const conflict: Reply = { status: 409, body: { code: 'version_conflict', detail: 'changed by someone else' } };

test('a version conflict is repeated on the version read again', async () => {
  const { session, posts } = user(2, [conflict, { status: 200, body: { version: 3 } }]);
  const done = await reloadingOnConflict(session, '/requests/requests/r1', 'withdraw', { reason: '企业已自行解决' }, 1);
  expect(done).toEqual({ version: 3 });
  expect(posts).toEqual([
    { path: '/requests/requests/r1/withdraw', body: { reason: '企业已自行解决', version: 1 } },
    { path: '/requests/requests/r1/withdraw', body: { reason: '企业已自行解决', version: 2 } },
  ]);
});

test('without a version the request is read first', async () => {
  const { session, posts } = user(5, [{ status: 201, body: { version: 6 } }]);
  await reloadingOnConflict(session, '/requests/requests/r1', 'visits', { date: '2026-12-14' });
  expect(posts).toEqual([{ path: '/requests/requests/r1/visits', body: { date: '2026-12-14', version: 5 } }]);
});

test('any other refusal stops the seed with the reason', async () => {
  const { session, posts } = user(2, [{ status: 409, body: { code: 'illegal_transition' } }]);
  await expect(reloadingOnConflict(session, '/requests/requests/r1', 'start', {}, 2)).rejects.toThrow('ent-210100-1: POST /requests/requests/r1/start: 409 {"code":"illegal_transition"}');
  expect(posts).toHaveLength(1);
});

test('it gives up after three conflicts in a row', async () => {
  const { session, posts } = user(2, [conflict, conflict, conflict, { status: 200, body: { version: 9 } }]);
  await expect(reloadingOnConflict(session, '/requests/requests/r1', 'respond', {}, 1)).rejects.toThrow('409');
  expect(posts).toHaveLength(3);
});
