import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import * as R from '../../api/requests';
import { ErrorBox, Field, InputField, Section } from '../../components/ui';
import { fieldErrors } from '../../lib/problem';

type Run = (fn: () => Promise<unknown>) => Promise<void>;

/** A resolved or closed request: what it brought the enterprise and the commendations received. */
export function BenefitPanel({ r, run, error }: { r: R.Request; run: Run; error: unknown }) {
  const { t } = useI18n();
  const b = r.benefit ?? null;
  const [text, setText] = useState(b?.text ?? '');
  const [amount, setAmount] = useState(b?.amountYuan == null ? '' : String(b.amountYuan));
  const [banners, setBanners] = useState(b?.banners ?? 0);
  const [letters, setLetters] = useState(b?.letters ?? 0);
  const errs = fieldErrors(error);
  if (!['resolved', 'closed'].includes(r.state)) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() => R.recordBenefit(r.id, { version: r.version, text: text.trim() || null, amountYuan: amount.trim() === '' ? null : Number(amount), banners, letters }));
  };
  return (
    <Section title={t('benefit.title')}>
      <form className="form" onSubmit={submit} data-testid="benefit-form">
        <Field label={t('benefit.text')} error={errs.text}>
          <textarea name="benefitText" rows={2} maxLength={2000} value={text} placeholder={t('benefit.textHint')} onChange={(e) => setText(e.target.value)} />
        </Field>
        <div className="row">
          <InputField label={t('benefit.amountYuan')} error={errs.amountYuan} type="number" name="amountYuan" min={0} step="0.01" value={amount} onValue={setAmount} />
          <InputField label={t('benefit.banners')} error={errs.banners} type="number" name="banners" min={0} max={10000} value={banners} onValue={(v) => setBanners(Number(v))} />
          <InputField label={t('benefit.letters')} error={errs.letters} type="number" name="letters" min={0} max={10000} value={letters} onValue={(v) => setLetters(Number(v))} />
        </div>
        <ErrorBox error={error} />
        <button className="primary">{t('benefit.save')}</button>
      </form>
    </Section>
  );
}
