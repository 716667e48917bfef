import { useI18n } from '../../i18n';
import { listRequests } from '../../api/requests';
import { Section, StateTag } from '../../components/ui';
import { ItemsList } from '../../components/table';
import { Link } from '../../lib/router';
import { useAsync } from '../../lib/use-async';
import { formatDateTime } from '../../lib/format';

export function PortalScreen() {
  const { t, lang } = useI18n();
  const state = useAsync(() => listRequests({ sort: 'newest', limit: 50 }), []);
  return (
    <Section
      title={t('portal.title')}
      actions={
        <Link to="/portal/new" className="button primary">
          {t('portal.new')}
        </Link>
      }
    >
      <ItemsList
        state={state}
        testId="my-requests"
        item={(r) => (
          <>
            <Link to={`/portal/requests/${r.id}`}>
              <strong>{r.title}</strong>
            </Link>
            <div className="meta">
              {r.number && <span data-testid="my-request-number">{r.number} · </span>}
              <StateTag state={r.state} /> · {t(`category.${r.category}`)} · {formatDateTime(r.filedAt, lang)}
            </div>
          </>
        )}
      />
    </Section>
  );
}
