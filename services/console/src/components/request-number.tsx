import { hasKey, useI18n } from '../i18n';
import type { Request } from '../api/requests';

/** The request number as a fact line of a request page; older requests have none. */
export function NumberFact({ r }: { r: Pick<Request, 'number'> }) {
  const { t } = useI18n();
  return (
    <>
      <dt>{t('request.number')}</dt>
      <dd data-testid="request-number">{r.number ?? t('common.none')}</dd>
    </>
  );
}

/** Who works the request, by name; never the account id. */
export function AssigneeName({ r }: { r: Pick<Request, 'assigneeId' | 'assigneeName'> }) {
  const { t } = useI18n();
  if (!r.assigneeId) return <span className="muted">{t('request.unassigned')}</span>;
  return <>{r.assigneeName ?? t('request.assigneeUnnamed')}</>;
}

/** A city by name; a code the console has no name for is shown as it is. */
export function CityName({ code }: { code: string }) {
  const { t } = useI18n();
  return <>{hasKey(`city.${code}`) ? t(`city.${code}`) : code}</>;
}

// The request just filed in this tab, so its page can confirm the filing with the number
// once, right after the filing form navigates there.
let justFiled: { id: string; at: number } | null = null;
const CONFIRM_FOR_MS = 120_000;

export function announceFiled(id: string): void {
  justFiled = { id, at: Date.now() };
}

export function FiledNotice({ r }: { r: Pick<Request, 'id' | 'number'> }) {
  const { t } = useI18n();
  if (!justFiled || justFiled.id !== r.id || Date.now() - justFiled.at > CONFIRM_FOR_MS) return null;
  return (
    <div className="notice success" role="status" data-testid="filed-notice">
      {r.number ? t('request.filedNumber', { number: r.number }) : t('request.filed')}
    </div>
  );
}
