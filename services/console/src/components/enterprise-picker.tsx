import { useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import { getEnterprise, listEnterprises, type Enterprise } from '../api/accounts';
import { useLocation } from '../lib/router';
import { ErrorBox, InputField } from './ui';

/** How long typing pauses before the search goes out. */
const DEBOUNCE_MS = 250;

/**
 * Picks an enterprise by name or USCC as the user types. The accounts service keeps the list
 * to the caller's scope (a liaison sees their city's enterprises); only active ones can file.
 */
export function EnterprisePicker({ value, onChange }: { value: Enterprise | null; onChange: (e: Enterprise | null) => void }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Enterprise[] | null>(null);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    const term = q.trim();
    if (value || term.length === 0) {
      setFound(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      listEnterprises({ q: term, status: 'active', limit: 10 }).then(
        (page) => live && (setFound(page.items), setError(undefined)),
        (err: unknown) => live && setError(err),
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q, value]);
  if (value)
    return (
      <div className="field" data-testid="picked-enterprise">
        <span className="label">{t('request.enterprise')}</span>
        <strong>{value.name}</strong>
        <small className="muted">
          {value.uscc} · {t(`city.${value.cityCode}`)}
        </small>
        <button type="button" onClick={() => onChange(null)}>
          {t('onBehalf.change')}
        </button>
      </div>
    );
  return (
    <div className="picker">
      <InputField label={t('onBehalf.enterprise')} name="enterpriseSearch" type="search" autoComplete="off" value={q} onValue={setQ} aria-controls={found && found.length > 0 ? 'enterprise-results' : undefined} />
      <div aria-live="polite">
        {found && found.length === 0 && <p className="muted">{t('onBehalf.noMatch')}</p>}
        {found && found.length > 0 && (
          <ul className="picker-results" id="enterprise-results" data-testid="enterprise-results">
            {found.map((e) => (
              <li key={e.id}>
                <button type="button" onClick={() => onChange(e)}>
                  {e.name} <small className="muted">{e.uscc}</small>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <ErrorBox error={error} />
    </div>
  );
}

/**
 * The enterprise named by `?enterprise=` in the address (the 360 view's actions link here with
 * it), picked once when the screen opens; without one, or when it cannot be read, nothing is.
 */
export function useEnterpriseFromAddress(pick: (e: Enterprise) => void): void {
  const id = useLocation().search.get('enterprise');
  useEffect(() => {
    if (!id) return;
    let live = true;
    getEnterprise(id).then(
      (e) => live && pick(e),
      () => undefined,
    );
    return () => {
      live = false;
    };
    // Once per address: `pick` is a fresh closure on every render.
  }, [id]);
}
