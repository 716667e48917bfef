import { describe, expect, it } from 'vitest';
import { parseSse } from '../../src/api/notifications';

describe('the notifications stream reader', () => {
  it('splits complete events, keeps ids and event names, skips comments and keeps the unfinished rest', () => {
    const text = 'retry: 3000\n\n: keep-alive\n\nid: c1\nevent: notification\ndata: {"id":"a"}\n\nevent: unread\ndata: {"unread":2}\n\nid: c2\nevent: notif';
    const { events, rest } = parseSse(text);
    expect(events).toEqual([
      { id: 'c1', event: 'notification', data: '{"id":"a"}' },
      { event: 'unread', data: '{"unread":2}' },
    ]);
    expect(rest).toBe('id: c2\nevent: notif');
    expect(parseSse(`${rest}ication\ndata: {}\n\n`).events).toEqual([{ id: 'c2', event: 'notification', data: '{}' }]);
  });

  it('joins multi-line data and reads CRLF line ends', () => {
    expect(parseSse('data: a\r\ndata: b\r\n\r\n').events).toEqual([{ event: 'message', data: 'a\nb' }]);
  });
});
