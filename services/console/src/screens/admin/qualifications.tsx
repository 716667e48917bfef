import { useState } from 'react';
import { useI18n } from '../../i18n';
import { fileQualification, importFiles, listFiles, type ImportReport } from '../../api/qualifications';
import { ErrorBox, Field, FileInput, FormCard, InputField, Section, UploadProgress } from '../../components/ui';
import { ItemsTable } from '../../components/table';
import { useAsync } from '../../lib/use-async';
import { formatDate } from '../../lib/format';
import { fieldErrors } from '../../lib/problem';
import { useUser } from '../../lib/auth';
import { uploadThenProcessing, useAction, useProgressTask } from '../../lib/use-action';
import { VerifierLinks } from './verifier-links';
import { useQualificationTypeName, useQualificationTypes } from '../../components/names';

export function QualificationsScreen() {
  const { t, lang } = useI18n();
  const user = useUser();
  const files = useAsync(() => listFiles({ cityCode: user.cityCode ?? undefined }), [user.cityCode]);
  const typeName = useQualificationTypeName();
  return (
    <>
      <Section title={t('qual.title')}>
        <ItemsTable
          state={files}
          testId="qual-files"
          columns={[
            { head: t('qual.person'), cell: (f) => f.personName },
            { head: t('qual.type'), cell: (f) => typeName(f.type) },
            { head: t('qual.certificateNo'), cell: (f) => <code>{f.certificateNo}</code> },
            { head: t('qual.employerName'), cell: (f) => f.employer.name },
            { head: t('qual.expiresOn'), cell: (f) => formatDate(f.expiresOn, lang) },
            { head: t('common.status'), cell: (f) => t(`qual.status.${f.status}`) },
          ]}
        />
      </Section>
      <FileForm onDone={files.reload} />
      <ImportForm onDone={files.reload} />
      <VerifierLinks />
    </>
  );
}

function FileForm({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const types = useQualificationTypes();
  const [f, setF] = useState({ name: '', idNumber: '', type: '', scope: '', certificateNo: '', issuingAuthority: '', issuedOn: '', expiresOn: '', employerUscc: '', employerName: '' });
  const action = useAction();
  const errs = fieldErrors(action.error);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = action.submit(async () => {
    await fileQualification({
      person: { idNumber: f.idNumber.trim(), name: f.name.trim() },
      type: f.type || types.data?.[0]?.code || '',
      scope: f.scope.split(/[;；、]/).map((s) => s.trim()).filter(Boolean),
      certificateNo: f.certificateNo.trim(),
      issuingAuthority: f.issuingAuthority.trim(),
      issuedOn: f.issuedOn,
      expiresOn: f.expiresOn,
      employer: { uscc: f.employerUscc.trim().toUpperCase(), name: f.employerName.trim() },
    });
    onDone();
  });
  return (
    <FormCard title={t('qual.file')} onSubmit={submit} error={action.error} done={action.done && t('qual.filed')} submit={t('qual.file')}>
      <div className="row">
        <InputField label={t('qual.person')} error={errs['person.name']} value={f.name} required onChange={set('name')} />
        <InputField label={t('qual.idNumber')} error={errs['person.idNumber']} value={f.idNumber} required autoComplete="off" onChange={set('idNumber')} />
        <Field label={t('qual.type')} error={errs.type}>
          <select value={f.type} onChange={set('type')}>
            {(types.data ?? []).map((ty) => (
              <option key={ty.code} value={ty.code}>
                {ty.name}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <InputField label={t('qual.scope')} error={errs.scope} value={f.scope} onChange={set('scope')} />
      <div className="row">
        <InputField label={t('qual.certificateNo')} error={errs.certificateNo} value={f.certificateNo} required onChange={set('certificateNo')} />
        <InputField label={t('qual.authority')} error={errs.issuingAuthority} value={f.issuingAuthority} required onChange={set('issuingAuthority')} />
      </div>
      <div className="row">
        <InputField label={t('qual.issuedOn')} error={errs.issuedOn} type="date" value={f.issuedOn} required onChange={set('issuedOn')} />
        <InputField label={t('qual.expiresOn')} error={errs.expiresOn} type="date" value={f.expiresOn} required onChange={set('expiresOn')} />
      </div>
      <div className="row">
        <InputField label={t('qual.employerUscc')} error={errs['employer.uscc']} value={f.employerUscc} required onChange={set('employerUscc')} />
        <InputField label={t('qual.employerName')} error={errs['employer.name']} value={f.employerName} required onChange={set('employerName')} />
      </div>
    </FormCard>
  );
}

function ImportForm({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport>();
  const { progress, error, submit } = useProgressTask();
  const start = submit(async (setProgress) => {
    if (!file) return;
    setReport(await importFiles(file, uploadThenProcessing(setProgress)));
    onDone();
  });
  return (
    <Section title={t('qual.import')}>
      <form className="form" onSubmit={start}>
        <FileInput accept=".csv,.xlsx" aria-label={t('qual.importFile')} count={file ? 1 : 0} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <button disabled={!file || progress !== undefined}>{t('import.start')}</button>
      </form>
      <UploadProgress progress={progress} />
      <ErrorBox error={error} />
      {report && <p>{`${report.total} · ${t('qual.filed')} ${report.filed} · ${report.unchanged} · ${t('import.errors')} ${report.errors}`}</p>}
    </Section>
  );
}
