import { useState } from 'react';
import { useI18n } from '../i18n';
import { eligibleLiaisons } from '../api/assignment';
import { useAsync } from '../lib/use-async';
import { liaisonsMatching } from '../lib/roster';
import { Async, InputField } from './ui';

/**
 * Picks a liaison by name, as the user types, from the roster of the request's bureau (or
 * `cityCode`), each with their open load and, when they cannot take the request, why; those
 * are shown but cannot be picked. The results sit outside the field's label so that a click
 * on one is not taken for a click on the search box.
 */
export function LiaisonPicker({ requestId, cityCode, label, value, onChange }: { requestId: string; cityCode?: string; label: string; value: string; onChange: (userId: string) => void }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const list = useAsync(() => eligibleLiaisons(requestId, cityCode || undefined), [requestId, cityCode]);
  return (
    <Async state={list}>
      {(rows) => {
        if (rows.length === 0) return <p className="muted">{t('assign.none')}</p>;
        const picked = rows.find((c) => c.userId === value);
        if (picked)
          return (
            <div className="field" data-testid="picked-liaison">
              <span className="label">{label}</span>
              <strong>{picked.name}</strong>
              <small className="muted">{t('assign.load', { open: picked.open, capacity: picked.capacity })}</small>
              <button type="button" onClick={() => onChange('')}>
                {t('assign.change')}
              </button>
            </div>
          );
        const found = liaisonsMatching(rows, q);
        return (
          <div className="picker">
            <InputField label={label} hint={t('assign.searchHint')} name="liaisonSearch" type="search" autoComplete="off" value={q} onValue={setQ} aria-controls={found.length > 0 ? `liaison-results-${requestId}` : undefined} />
            <div aria-live="polite">
              {found.length === 0 ? (
                <p className="muted">{t('assign.noMatch')}</p>
              ) : (
                <ul className="picker-results" id={`liaison-results-${requestId}`} data-testid="liaison-results">
                  {found.map((c) => (
                    <li key={c.userId}>
                      <button type="button" disabled={!c.eligible} onClick={() => onChange(c.userId)}>
                        {t('assign.option', { name: c.name, open: c.open, capacity: c.capacity })}
                        {c.why ? ` · ${t(`assign.why.${c.why}`)}` : ''}
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>
        );
      }}
    </Async>
  );
}
