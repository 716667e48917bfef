import type { FormEvent, InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';
import { useI18n, type MessageKey } from '../i18n';
import { ApiError } from '../api/http';
import { problemMessage, problemDetails, fieldErrors, fieldLabel } from '../lib/problem';
import { formatDuration } from '../lib/format';
import type { Badge } from '../lib/urgency';

/**
 * The one way a failure is shown: what happened in the user's language, the fields to fix by
 * their names, and the technical particulars (request id, code) folded under "details" for
 * support.
 */
export function ErrorBox({ error, context }: { error: unknown; context?: 'login' }) {
  const { t } = useI18n();
  if (!error) return null;
  const fields = Object.keys(fieldErrors(error))
    .map((path) => fieldLabel(path, t))
    .filter((x): x is string => x !== null);
  const details = problemDetails(error);
  return (
    <div className="error" role="alert">
      <strong>{problemMessage(error, t, context)}</strong>
      {fields.length > 0 && (
        <ul>
          {[...new Set(fields)].map((label) => (
            <li key={label}>{t('error.fieldInvalid', { field: label })}</li>
          ))}
        </ul>
      )}
      {details.length > 0 && (
        <details className="details">
          <summary>{t('error.details')}</summary>
          <pre className="pre">{details.join('\n')}</pre>
        </details>
      )}
    </div>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="notice" role="status">
      {children}
    </div>
  );
}

/** Loading, error and empty states around a screen's data in one place. */
export function Async<T>({ state, children, empty }: { state: { data: T | undefined; error: unknown; loading: boolean }; children: (d: T) => ReactNode; empty?: (d: T) => boolean }) {
  const { t } = useI18n();
  if (state.error) {
    // A service or route not deployed yet: say so plainly instead of showing an error.
    const missing = state.error instanceof ApiError && ['upstream_unavailable', 'service_not_found', 'route_not_found'].includes(state.error.code);
    return missing ? <Notice>{t('common.unavailable')}</Notice> : <ErrorBox error={state.error} />;
  }
  if (state.data === undefined) return <p className="muted">{t('common.loading')}</p>;
  if (empty?.(state.data)) return <p className="muted empty">{t('common.empty')}</p>;
  return <>{children(state.data)}</>;
}

export function Field({ label, children, hint, error }: { label: string; children: ReactNode; hint?: string; error?: string }) {
  return (
    <label className={`field${error ? ' invalid' : ''}`}>
      <span className="label">{label}</span>
      {children}
      {hint && <small className="muted">{hint}</small>}
      {error && <small className="field-error">{error}</small>}
    </label>
  );
}

/** A Field of one input; `onValue` hears its text as it changes. */
export function InputField({ label, hint, error, onValue, ...input }: InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string; error?: string; onValue?: (value: string) => void }) {
  return (
    <Field label={label} hint={hint} error={error}>
      <input {...input} {...(onValue ? { onChange: (e) => onValue(e.target.value) } : {})} />
    </Field>
  );
}

/**
 * A file input that speaks the user's language: the browser draws its own button and "no file
 * chosen" in the browser's language. The real input lies, transparent, over the words, so a
 * click or tap anywhere on them (and the keyboard) reaches it; put it inside a Field.
 */
export function FileInput({ count, ...input }: Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & { count: number }) {
  const { t } = useI18n();
  return (
    <span className="file-input">
      <input type="file" {...input} />
      <span className="button" aria-hidden="true">
        {t('file.choose')}
      </span>
      <span className="muted" aria-hidden="true">
        {count === 0 ? t('file.noneChosen') : t('file.chosen', { n: count })}
      </span>
    </span>
  );
}

/** Progress of long work; `fraction` null means "working, size unknown". */
export function Progress({ fraction, label }: { fraction: number | null; label: string }) {
  return (
    <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)} aria-label={label}>
      <div className={`bar${fraction === null ? ' indeterminate' : ''}`} style={fraction === null ? undefined : { width: `${Math.round(fraction * 100)}%` }} />
      <span>{label}</span>
    </div>
  );
}

/** A running task's progress bar and, once it failed, why. */
export function TaskProgress({ task, label }: { task: { progress: number | null | undefined; error: unknown }; label: string }) {
  return (
    <>
      {task.progress !== undefined && <Progress fraction={task.progress} label={label} />}
      <ErrorBox error={task.error} />
    </>
  );
}

/** An upload's bar: the percent sent, then "processing" while the server reads the file. */
export function UploadProgress({ progress }: { progress: number | null | undefined }) {
  const { t } = useI18n();
  if (progress === undefined) return null;
  return <Progress fraction={progress} label={progress === null ? t('import.processing') : t('import.uploading', { percent: `${Math.round(progress * 100)}%` })} />;
}

/** The year a screen is about, in its header. */
export function YearInput({ value, onChange }: { value: number; onChange: (year: number) => void }) {
  const { t } = useI18n();
  return (
    <label>
      {t('programmes.year')} <input type="number" value={value} min={2000} max={2999} onChange={(e) => onChange(Number(e.target.value))} />
    </label>
  );
}

export function SlaBadge({ badge }: { badge: Badge }) {
  const { t } = useI18n();
  const key: MessageKey = badge === 'paused' ? 'sla.paused' : (`sla.${badge}` as MessageKey);
  return <span className={`badge badge-${badge}`}>{t(key)}</span>;
}

export function Countdown({ deadline, now }: { deadline: number | null; now: number }) {
  const { t, lang } = useI18n();
  if (deadline === null) return <span className="muted">—</span>;
  const left = deadline - now;
  return <span className={`countdown${left < 0 ? ' overdue' : ''}`}>{left >= 0 ? t('sla.remaining', { time: formatDuration(left, lang) }) : t('sla.overdue', { time: formatDuration(left, lang) })}</span>;
}

/** A select's options for a list of codes, each in the reader's words (the message `prefix.code`). */
export function CodeOptions({ codes, prefix }: { codes: readonly string[]; prefix: string }) {
  const { t } = useI18n();
  return (
    <>
      {codes.map((c) => (
        <option key={c} value={c}>
          {t(`${prefix}.${c}`)}
        </option>
      ))}
    </>
  );
}

/** A Field of a select among codes shown in words; `first` is an option before them ("any", "all"). */
export function CodeSelectField<C extends string, F extends string = never>({ label, hint, error, codes, prefix, first, onValue, ...select }: Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange'> & {
  label: string;
  hint?: string;
  error?: string;
  codes: readonly C[];
  prefix: string;
  first?: { value: F; label: string };
  onValue: (value: NoInfer<C | F>) => void;
}) {
  return (
    <Field label={label} hint={hint} error={error}>
      <select {...select} onChange={(e) => onValue(e.target.value as C | F)}>
        {first && <option value={first.value}>{first.label}</option>}
        <CodeOptions codes={codes} prefix={prefix} />
      </select>
    </Field>
  );
}

export function StateTag({ state }: { state: string }) {
  const { t } = useI18n();
  return <span className={`state state-${state}`}>{t(`state.${state}`)}</span>;
}

export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="card">
      <header className="card-head">
        <h2>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}

/** A form in a card of its own: its fields, then why it failed, what it did (`done`) and its button. */
export function FormCard({ title, onSubmit, error, done, submit, testId, children }: { title: string; onSubmit: (e: FormEvent) => void; error: unknown; done?: string | false; submit: string; testId?: string; children: ReactNode }) {
  return (
    <Section title={title}>
      <form className="form" onSubmit={onSubmit} data-testid={testId}>
        {children}
        <ErrorBox error={error} />
        {done && <Notice>{done}</Notice>}
        <button className="primary">{submit}</button>
      </form>
    </Section>
  );
}

/** One headline figure with its label under it. */
export function Kpi({ label, value }: { label: string; value: string }) {
  return (
    <div className="kpi">
      <span className="kpi-value">{value}</span>
      <span className="kpi-label">{label}</span>
    </div>
  );
}
