import { useI18n } from '../i18n';
import { eligibleLiaisons } from '../api/assignment';
import { useAsync } from '../lib/use-async';
import { Async } from './ui';

/**
 * Picks a liaison by name from the roster of the request's bureau (or `cityCode`), each with
 * their open load and, when they cannot take the request, why; those are shown but not
 * selectable.
 */
export function LiaisonPicker({ requestId, cityCode, value, onChange }: { requestId: string; cityCode?: string; value: string; onChange: (userId: string) => void }) {
  const { t } = useI18n();
  const list = useAsync(() => eligibleLiaisons(requestId, cityCode || undefined), [requestId, cityCode]);
  return (
    <Async state={list}>
      {(rows) =>
        rows.length === 0 ? (
          <p className="muted">{t('assign.none')}</p>
        ) : (
          <select name="liaison" value={value} onChange={(e) => onChange(e.target.value)} data-testid="liaison-picker">
            <option value="">{t('assign.choose')}</option>
            {rows.map((c) => (
              <option key={c.userId} value={c.userId} disabled={!c.eligible}>
                {t('assign.option', { name: c.name, open: c.open, capacity: c.capacity })}
                {c.why ? ` · ${t(`assign.why.${c.why}`)}` : ''}
              </option>
            ))}
          </select>
        )
      }
    </Async>
  );
}
