import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { CATEGORIES, PRIORITIES, addAttachment, fileRequest, type Category, type Priority } from '../../api/requests';
import { ErrorBox, Field, Progress, Section } from '../../components/ui';
import { navigate } from '../../lib/router';
import { announceFiled } from '../../components/request-number';
import { fieldErrors } from '../../lib/problem';
import { formatBytes } from '../../lib/format';

interface Instrument {
  class: string;
  count: number;
}

export function NewRequestScreen() {
  const { t } = useI18n();
  const [category, setCategory] = useState<Category>('verification_calibration');
  const [priority, setPriority] = useState<Priority>('normal');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [siteAddress, setSiteAddress] = useState('');
  const [preferredTime, setPreferredTime] = useState('');
  const [preferredDate, setPreferredDate] = useState('');
  const [instruments, setInstruments] = useState<Instrument[]>([]);
  const [files, setFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<{ fraction: number; label: string } | null>(null);
  const [error, setError] = useState<unknown>();
  // One key per form: a double click or a retry after a timeout files the request once.
  const [key] = useState(() => crypto.randomUUID());
  const errs = fieldErrors(error);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      setProgress({ fraction: 0, label: t('common.submit') });
      const r = await fileRequest(
        {
          category,
          priority,
          title: title.trim(),
          description: description.trim(),
          ...(siteAddress.trim() ? { siteAddress: siteAddress.trim() } : {}),
          ...(preferredTime.trim() ? { preferredTime: preferredTime.trim() } : {}),
          ...(preferredDate ? { preferredDate } : {}),
          ...(instruments.length ? { instruments: instruments.filter((i) => i.class.trim()) } : {}),
        },
        key,
      );
      for (const [i, f] of files.entries()) {
        await addAttachment(r.id, f, (fr) => setProgress({ fraction: (i + fr) / files.length, label: `${f.name} (${i + 1}/${files.length})` }));
      }
      announceFiled(r.id);
      navigate(`/portal/requests/${r.id}`);
    } catch (err) {
      setError(err);
      setProgress(null);
    }
  };

  return (
    <Section title={t('nav.newRequest')}>
      <form className="form" onSubmit={submit}>
        <div className="row">
          <Field label={t('request.category')} error={errs.category}>
            <select name="category" value={category} onChange={(e) => setCategory(e.target.value as Category)}>
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`category.${c}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('request.priority')} error={errs.priority}>
            <select name="priority" value={priority} onChange={(e) => setPriority(e.target.value as Priority)}>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {t(`priority.${p}`)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <Field label={t('request.title')} error={errs.title}>
          <input name="title" value={title} maxLength={200} required onChange={(e) => setTitle(e.target.value)} />
        </Field>
        <Field label={t('request.description')} error={errs.description}>
          <textarea name="description" value={description} maxLength={5000} rows={5} required onChange={(e) => setDescription(e.target.value)} />
        </Field>
        <fieldset>
          <legend>{t('request.instruments')}</legend>
          {instruments.map((ins, i) => (
            <div className="row" key={i}>
              <input aria-label={t('request.instrumentClass')} placeholder={t('request.instrumentClass')} value={ins.class} onChange={(e) => setInstruments(instruments.map((x, j) => (j === i ? { ...x, class: e.target.value } : x)))} />
              <input aria-label={t('request.instrumentCount')} type="number" min={1} value={ins.count} onChange={(e) => setInstruments(instruments.map((x, j) => (j === i ? { ...x, count: Number(e.target.value) } : x)))} />
            </div>
          ))}
          <button type="button" onClick={() => setInstruments([...instruments, { class: '', count: 1 }])}>
            + {t('request.addInstrument')}
          </button>
        </fieldset>
        <div className="row">
          <Field label={t('request.siteAddress')}>
            <input name="siteAddress" value={siteAddress} onChange={(e) => setSiteAddress(e.target.value)} />
          </Field>
          <Field label={t('request.preferredTime')}>
            <input name="preferredTime" placeholder={t('request.preferredTimeHint')} value={preferredTime} onChange={(e) => setPreferredTime(e.target.value)} />
          </Field>
          <Field label={t('request.preferredDate')}>
            <input type="date" name="preferredDate" value={preferredDate} onChange={(e) => setPreferredDate(e.target.value)} />
          </Field>
        </div>
        <Field label={t('request.attachments')} hint={t('request.attachHint')}>
          <input type="file" name="attachments" multiple accept=".pdf,.png,.jpg,.jpeg,.webp,.docx,.xlsx,.zip" onChange={(e) => setFiles([...(e.target.files ?? [])])} />
        </Field>
        {files.length > 0 && (
          <ul className="files">
            {files.map((f) => (
              <li key={f.name}>
                {f.name} · {formatBytes(f.size)}
              </li>
            ))}
          </ul>
        )}
        {progress && <Progress fraction={progress.fraction} label={progress.label} />}
        <ErrorBox error={error} />
        <button type="submit" className="primary" disabled={!!progress}>
          {t('common.submit')}
        </button>
      </form>
    </Section>
  );
}
