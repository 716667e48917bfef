import { useState, type FormEvent } from 'react';
import { useI18n, type Lang } from '../../i18n';
import { getEnterpriseRecords, recordEnergyReview, signCommitment } from '../../api/accounts';
import { Async, ErrorBox, InputField, Section } from '../../components/ui';
import { useAsync } from '../../lib/use-async';
import { formatDate, formatNumber, todayIso } from '../../lib/format';
import { useUser } from '../../lib/auth';

/** Integrity commitments, demonstration namings and energy reviews on the enterprise 360 view. */
export function EnterpriseRecords({ id, uscc, keyEnergyUnit, lang }: { id: string; uscc: string; keyEnergyUnit: boolean; lang: Lang }) {
  const { t } = useI18n();
  const user = useUser();
  const s = useAsync(() => getEnterpriseRecords(id), [id]);
  const staff = user.role !== 'enterprise';
  return (
    <Section title={t('records.title')}>
      <Async state={s}>
        {(r) => (
          <div data-testid="records">
            <h4>{t('records.commitments')}</h4>
            {r.commitments.length === 0 ? (
              <p className="muted">{t('common.empty')}</p>
            ) : (
              <ul>
                {r.commitments.map((c) => (
                  <li key={c.id}>
                    {t('records.signedOn', { date: formatDate(c.signedOn, lang) })}
                    {c.document ? ` · ${c.document.name}` : ''}
                    {c.withdrawnOn ? ` · ${t('records.withdrawnOn', { date: formatDate(c.withdrawnOn, lang) })}` : ''}
                  </li>
                ))}
              </ul>
            )}
            {r.demonstrations.length > 0 && (
              <>
                <h4>{t('records.demonstrations')}</h4>
                <ul>
                  {r.demonstrations.map((d) => (
                    <li key={`${d.year}-${d.namedBy?.code ?? ''}`}>
                      {t('records.namedFor', { year: d.year })} · {d.namedBy ? (d.namedBy.kind === 'province' ? t('programmes.organiser.province') : t(`city.${d.namedBy.code}`)) : t('common.none')}
                    </li>
                  ))}
                </ul>
              </>
            )}
            {keyEnergyUnit && (
              <>
                <h4>{t('records.energyReviews')}</h4>
                <ul>
                  {r.energyReviews.map((v) => (
                    <li key={v.id}>
                      {formatDate(v.date, lang)} · {v.reviewers.join('、')} · {t('records.instrumentsReviewed', { count: formatNumber(v.instrumentsReviewed, lang) })}
                      {v.findings ? ` · ${v.findings}` : ''}
                    </li>
                  ))}
                </ul>
                {r.dataCollection.length > 0 && <p>{t('records.dataCollection', { status: t(`records.collection.${r.dataCollection[r.dataCollection.length - 1]!.status}`), since: formatDate(r.dataCollection[r.dataCollection.length - 1]!.since, lang) })}</p>}
              </>
            )}
            {staff && <RecordForms uscc={uscc} keyEnergyUnit={keyEnergyUnit} onDone={s.reload} />}
          </div>
        )}
      </Async>
    </Section>
  );
}

function RecordForms({ uscc, keyEnergyUnit, onDone }: { uscc: string; keyEnergyUnit: boolean; onDone: () => void }) {
  const { t } = useI18n();
  const [signedOn, setSignedOn] = useState(todayIso());
  const [docName, setDocName] = useState('');
  const [reviewDate, setReviewDate] = useState(todayIso());
  const [reviewers, setReviewers] = useState('');
  const [instruments, setInstruments] = useState(0);
  const [error, setError] = useState<unknown>();
  const run = (work: () => Promise<unknown>) => async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      await work();
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <form className="form" onSubmit={run(() => signCommitment({ uscc, signedOn, document: docName ? { name: docName, ref: docName } : null }))}>
        <div className="row">
          <InputField label={t('records.signDate')} type="date" value={signedOn} onValue={setSignedOn} />
          <InputField label={t('records.document')} value={docName} onValue={setDocName} />
        </div>
        <button className="primary">{t('records.sign')}</button>
      </form>
      {keyEnergyUnit && (
        <form className="form" onSubmit={run(() => recordEnergyReview({ uscc, date: reviewDate, reviewers: reviewers.split(/[,，、\s]+/).filter(Boolean), instrumentsReviewed: instruments }))}>
          <div className="row">
            <InputField label={t('common.date')} type="date" value={reviewDate} onValue={setReviewDate} />
            <InputField label={t('records.reviewers')} value={reviewers} required onValue={setReviewers} />
            <InputField label={t('records.instruments')} type="number" min={0} value={instruments} onValue={(v) => setInstruments(Number(v))} />
          </div>
          <button className="primary">{t('records.review')}</button>
        </form>
      )}
      <ErrorBox error={error} />
    </>
  );
}
