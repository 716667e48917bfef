import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/http';
import { lastQuestion, type HistoryEntry } from '../../src/api/requests';
import { actorLabel } from '../../src/lib/actor';
import { problemMessage } from '../../src/lib/problem';
import { translate, type Lang } from '../../src/i18n';

const tr = (lang: Lang) => (k: string, v?: Record<string, string | number>) => translate(lang, k, v);
const entry = (action: string, note: string | null): HistoryEntry => ({ at: '2026-03-01T08:00:00Z', by: 'u', byRole: 'liaison', action, from: 'in_progress', to: 'waiting_enterprise', note, byName: null, assigneeName: null });

describe('the timeline names who acted, in words', () => {
  it('says name and role, or the role alone, never a code', () => {
    expect(actorLabel(tr('zh-CN'), '王芳', 'liaison')).toBe('王芳（联络员）');
    expect(actorLabel(tr('en'), 'Wang Fang', 'liaison')).toBe('Wang Fang (Liaison)');
    expect(actorLabel(tr('zh-CN'), null, 'service')).toBe('系统');
    expect(actorLabel(tr('zh-CN'), '赵磊', 'brand_new_role')).toBe('赵磊（工作人员）');
  });
});

describe('the answer box shows the question it answers', () => {
  it('takes the latest question of the timeline', () => {
    expect(lastQuestion([entry('ask', '请提供铭牌照片'), entry('answer', '已上传'), entry('ask', '还缺检定证书编号')])).toBe('还缺检定证书编号');
    expect(lastQuestion([entry('file', null)])).toBeNull();
  });
});

describe('a refused file is named in the error', () => {
  it('names the file the service refused, in each language', () => {
    const big = new ApiError({ status: 413, code: 'attachment_too_large', detail: 'x', fileName: '扫描件.pdf' });
    expect(problemMessage(big, tr('zh-CN'))).toBe('附件“扫描件.pdf”超过 10 MB，未被接受。');
    expect(problemMessage(big, tr('en'))).toContain('"扫描件.pdf"');
    const odd = new ApiError({ status: 415, code: 'unsupported_media_type', detail: 'x', fileName: 'setup.pdf' });
    expect(problemMessage(odd, tr('zh-CN'))).toContain('setup.pdf');
    // Without a name (another service's refusal) the general message stands.
    expect(problemMessage(new ApiError({ status: 415, code: 'unsupported_media_type', detail: 'x' }), tr('zh-CN'))).toBe('不支持的文件类型。');
  });
});
