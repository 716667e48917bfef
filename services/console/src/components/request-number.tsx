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
