import { useEffect, type ReactNode } from 'react';
import { useI18n } from './i18n';
import { matchPath, navigate, useLocation } from './lib/router';
import { homeFor, useSession } from './lib/auth';
import type { Role } from './api/identity';
import { Layout } from './components/layout';
import { LoginScreen } from './screens/login';
import { PortalScreen } from './screens/enterprise/portal';
import { NewRequestScreen } from './screens/enterprise/new-request';
import { EnterpriseRequestScreen } from './screens/enterprise/request';
import { QueueScreen } from './screens/liaison/queue';
import { RequestDetailScreen } from './screens/liaison/request-detail';
import { EnterprisesScreen } from './screens/liaison/enterprises';
import { Enterprise360Screen } from './screens/liaison/enterprise-360';
import { OutreachScreen } from './screens/liaison/outreach';
import { DashboardScreen } from './screens/manager/dashboard';
import { ImportScreen } from './screens/admin/import';
import { UsersScreen } from './screens/admin/users';
import { SlaAdminScreen } from './screens/admin/sla';
import { RoutingScreen } from './screens/admin/routing';
import { TrainingScreen } from './screens/admin/training';
import { QualificationsScreen } from './screens/admin/qualifications';
import { InboxScreen } from './screens/inbox';
import { CampaignsScreen } from './screens/programmes/campaigns';
import { AnnualSummaryScreen } from './screens/programmes/summary';

const STAFF: Role[] = ['liaison', 'city_manager', 'province_manager', 'admin'];
const MANAGERS: Role[] = ['city_manager', 'province_manager'];

interface Route {
  pattern: string;
  roles: Role[];
  render: (p: Record<string, string>) => ReactNode;
}

const ROUTES: Route[] = [
  { pattern: '/inbox', roles: ['enterprise', ...STAFF], render: () => <InboxScreen /> },
  { pattern: '/portal', roles: ['enterprise'], render: () => <PortalScreen /> },
  { pattern: '/portal/new', roles: ['enterprise'], render: () => <NewRequestScreen /> },
  { pattern: '/portal/requests/:id', roles: ['enterprise'], render: (p) => <EnterpriseRequestScreen id={p.id!} /> },
  { pattern: '/work', roles: ['liaison', ...MANAGERS], render: () => <QueueScreen /> },
  { pattern: '/work/new', roles: ['liaison', ...MANAGERS], render: () => <NewRequestScreen onBehalf /> },
  { pattern: '/work/requests/:id', roles: STAFF, render: (p) => <RequestDetailScreen id={p.id!} /> },
  { pattern: '/enterprises', roles: STAFF, render: () => <EnterprisesScreen /> },
  { pattern: '/enterprises/:id', roles: STAFF, render: (p) => <Enterprise360Screen id={p.id!} /> },
  { pattern: '/outreach', roles: ['liaison', ...MANAGERS], render: () => <OutreachScreen /> },
  { pattern: '/dashboard', roles: MANAGERS, render: () => <DashboardScreen /> },
  { pattern: '/programmes', roles: STAFF, render: () => <CampaignsScreen /> },
  { pattern: '/programmes/summary', roles: MANAGERS, render: () => <AnnualSummaryScreen /> },
  { pattern: '/admin/enterprises', roles: ['admin', 'province_manager'], render: () => <ImportScreen /> },
  { pattern: '/admin/users', roles: ['admin'], render: () => <UsersScreen /> },
  { pattern: '/admin/sla', roles: ['admin', 'province_manager'], render: () => <SlaAdminScreen /> },
  { pattern: '/admin/routing', roles: ['admin', ...MANAGERS], render: () => <RoutingScreen /> },
  { pattern: '/admin/training', roles: ['admin', ...MANAGERS], render: () => <TrainingScreen /> },
  { pattern: '/admin/qualifications', roles: ['admin', ...MANAGERS], render: () => <QualificationsScreen /> },
];

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, true), [to]);
  return null;
}

export function App() {
  const { t } = useI18n();
  const session = useSession();
  const { path } = useLocation();
  if (path === '/login') return session ? <Redirect to={homeFor(session.user.role)} /> : <LoginScreen />;
  if (!session) return <Redirect to={path === '/' ? '/login' : `/login?next=${encodeURIComponent(path + location.search)}`} />;
  if (path === '/') return <Redirect to={homeFor(session.user.role)} />;
  for (const r of ROUTES) {
    const params = matchPath(r.pattern, path);
    if (!params) continue;
    if (!r.roles.includes(session.user.role)) return <Layout><p className="error">{t('error.forbidden')}</p></Layout>;
    return <Layout>{r.render(params)}</Layout>;
  }
  return (
    <Layout>
      <p className="muted">{t('error.not_found')}</p>
    </Layout>
  );
}
