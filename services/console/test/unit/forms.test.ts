import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CodeSelectField, FormCard, InputField, UploadProgress, YearInput } from '../../src/components/ui';
import { uploadThenProcessing, type Fraction } from '../../src/lib/use-action';

describe('a form field of one input', () => {
  it('is the input inside its label, with the hint and the field error under it', () => {
    const html = renderToStaticMarkup(h(InputField, { label: '到期日', hint: '年-月-日', error: '请检查“到期日”', type: 'date', name: 'expiresOn', value: '2026-12-07', onValue: () => undefined }));
    expect(html).toBe('<label class="field invalid"><span class="label">到期日</span><input type="date" name="expiresOn" value="2026-12-07"/><small class="muted">年-月-日</small><small class="field-error">请检查“到期日”</small></label>');
  });
});

describe('a form field choosing among codes', () => {
  it('offers "any" first, then each code in words, the code kept as the value', () => {
    const html = renderToStaticMarkup(h(CodeSelectField<'normal' | 'urgent', '*'>, { label: '优先级', name: 'priority', value: '*', codes: ['normal', 'urgent'], prefix: 'priority', first: { value: '*', label: '任意' }, onValue: () => undefined }));
    expect(html).toBe('<label class="field"><span class="label">优先级</span><select name="priority"><option value="*" selected="">任意</option><option value="normal">普通</option><option value="urgent">紧急</option></select></label>');
  });
});

describe("an upload's progress", () => {
  it('shows the percent sent, then that the server is reading the file', () => {
    const seen: Fraction[] = [];
    const onProgress = uploadThenProcessing((f) => seen.push(f));
    onProgress(0.5);
    onProgress(1);
    expect(seen).toEqual([0, 0.5, null]);
    expect(renderToStaticMarkup(h(UploadProgress, { progress: 0.5 }))).toContain('aria-valuenow="50"');
    expect(renderToStaticMarkup(h(UploadProgress, { progress: null }))).toContain('<span>服务端处理中…</span>');
    expect(renderToStaticMarkup(h(UploadProgress, { progress: undefined }))).toBe('');
  });
});

describe('the year of a screen', () => {
  it('is a number input labelled with the word for year', () => {
    expect(renderToStaticMarkup(h(YearInput, { value: 2026, onChange: () => undefined }))).toBe('<label>年度 <input type="number" min="2000" max="2999" value="2026"/></label>');
  });
});

describe('a form in a card', () => {
  it('puts its fields first, then what it did, then its button', () => {
    const html = renderToStaticMarkup(h(FormCard, { title: '登记企业', onSubmit: () => undefined, error: undefined, done: '企业已登记', submit: '登记企业', testId: 'create-enterprise', children: h('input', { name: 'uscc' }) }));
    expect(html).toBe('<section class="card"><header class="card-head"><h2>登记企业</h2></header><form class="form" data-testid="create-enterprise"><input name="uscc"/><div class="notice" role="status">企业已登记</div><button class="primary">登记企业</button></form></section>');
    expect(renderToStaticMarkup(h(FormCard, { title: 'x', onSubmit: () => undefined, error: new Error('断网了'), done: false, submit: '保存', children: null }))).toContain('role="alert"');
  });
});
