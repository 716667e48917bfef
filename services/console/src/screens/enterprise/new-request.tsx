import { useState } from 'react';
import { useI18n } from '../../i18n';
import { CATEGORIES, PRIORITIES, fileRequest, type Category, type Priority } from '../../api/requests';
import type { Enterprise } from '../../api/accounts';
import { CodeSelectField, ErrorBox, Field, InputField, Notice, Progress, Section } from '../../components/ui';
import { FilePicker } from '../../components/attachments';
import { EnterprisePicker, useEnterpriseFromAddress } from '../../components/enterprise-picker';
import { navigate } from '../../lib/router';
import { fieldErrors } from '../../lib/problem';
import { fileProblems } from '../../lib/files';
import { useAction } from '../../lib/use-action';

interface Instrument {
  class: string;
  count: number;
}

/**
 * The full filing form: an enterprise files for itself; staff (`onBehalf`) file for an
 * enterprise of their city after it called, picking it by name or USCC.
 */
export function NewRequestScreen({ onBehalf = false }: { onBehalf?: boolean }) {
  const { t } = useI18n();
  const [enterprise, setEnterprise] = useState<Enterprise | null>(null);
  // The 360 view's "file on behalf" names its enterprise in the address.
  useEnterpriseFromAddress((e) => onBehalf && setEnterprise(e));
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
  const action = useAction();
  // One key per form: a double click or a retry after a timeout files the request once.
  const [key] = useState(() => crypto.randomUUID());
  const errs = fieldErrors(action.error);

  const submit = action.submit(async () => {
    if (onBehalf && !enterprise) throw new Error(t('onBehalf.pickFirst'));
    try {
      setProgress({ fraction: 0, label: t('common.submit') });
      const r = await fileRequest(
        {
          ...(onBehalf && enterprise ? { enterpriseId: enterprise.id } : {}),
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
        files,
        (fraction) => setProgress({ fraction, label: files.map((f) => f.name).join('、') }),
      );
      navigate(onBehalf ? `/work/requests/${r.id}?filed=1` : `/portal/requests/${r.id}?filed=1`);
    } catch (err) {
      setProgress(null);
      throw err;
    }
  });

  return (
    <Section title={onBehalf ? t('onBehalf.title') : t('nav.newRequest')}>
      <form className="form" onSubmit={submit}>
        {onBehalf && (
          <>
            <Notice>{t('onBehalf.hint')}</Notice>
            <EnterprisePicker
              value={enterprise}
              onChange={(picked) => {
                setEnterprise(picked);
                if (picked?.address && !siteAddress) setSiteAddress(picked.address);
              }}
            />
          </>
        )}
        <div className="row">
          <CodeSelectField label={t('request.category')} error={errs.category} name="category" value={category} codes={CATEGORIES} prefix="category" onValue={setCategory} />
          <CodeSelectField label={t('request.priority')} error={errs.priority} name="priority" value={priority} codes={PRIORITIES} prefix="priority" onValue={setPriority} />
        </div>
        <InputField label={t('request.title')} error={errs.title} name="title" value={title} maxLength={200} required onValue={setTitle} />
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
          <InputField label={t('request.siteAddress')} name="siteAddress" value={siteAddress} onValue={setSiteAddress} />
          <InputField label={t('request.preferredTime')} name="preferredTime" placeholder={t('request.preferredTimeHint')} value={preferredTime} onValue={setPreferredTime} />
          <InputField label={t('request.preferredDate')} type="date" name="preferredDate" value={preferredDate} onValue={setPreferredDate} />
        </div>
        <FilePicker files={files} onChange={setFiles} />
        {progress && <Progress fraction={progress.fraction} label={progress.label} />}
        <ErrorBox error={action.error} />
        <button type="submit" className="primary" disabled={!!progress || fileProblems(files).length > 0}>
          {t('common.submit')}
        </button>
      </form>
    </Section>
  );
}
