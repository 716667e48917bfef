import { useEffect, type ReactNode } from 'react';
import { useI18n, type MessageKey } from './i18n';
import { matchPath, navigate, useLocation } from './lib/router';
import { homeFor, useSession } from './lib/auth';
import type { Role } from './api/identity';
import { Layout } from './components/layout';
import { LoginScreen } from './screens/login';
import { PortalScreen } from './screens/enterprise/portal';
import { NewRequestScreen } from './screens/enterprise/new-request';
import { EnterpriseRequestScreen } from './screens/enterprise/request';
import { StaffQualificationsScreen } from './screens/enterprise/staff-qualifications';
import { QueueScreen } from './screens/liaison/queue';
import { RequestDetailScreen } from './screens/liaison/request-detail';
import { EnterprisesScreen } from './screens/liaison/enterprises';
import { Enterprise360Screen } from './screens/liaison/enterprise-360';
import { OutreachScreen } from './screens/liaison/outreach';
import { DueInstrumentsScreen } from './screens/liaison/instruments-due';
import { InstrumentPlanningScreen } from './screens/manager/instrument-planning';
import { MyInstrumentsScreen } from './screens/enterprise/instruments';
import { DashboardScreen } from './screens/manager/dashboard';
import { ImportScreen } from './screens/admin/import';
import { UsersScreen } from './screens/admin/users';
import { SlaAdminScreen } from './screens/admin/sla';
import { RoutingScreen } from './screens/admin/routing';
import { TrainingScreen } from './screens/admin/training';
import { QualificationsScreen } from './screens/admin/qualifications';
import { InboxScreen } from './screens/inbox';
import { ProfileScreen } from './screens/profile';
import { CampaignsScreen } from './screens/programmes/campaigns';
import { AnnualSummaryScreen } from './screens/programmes/summary';

const STAFF: Role[] = ['liaison', 'city_manager', 'province_manager', 'admin'];
const MANAGERS: Role[] = ['city_manager', 'province_manager'];

interface Route {
  pattern: string;
  /** The screen's h1 and document title. */
  title: MessageKey;
  roles: Role[];
  render: (p: Record<string, string>) => ReactNode;
}

const ROUTES: Route[] = [
  { pattern: '/inbox', title: 'nav.inbox', roles: ['enterprise', ...STAFF], render: () => <InboxScreen /> },
  { pattern: '/profile', title: 'nav.profile', roles: ['enterprise', ...STAFF], render: () => <ProfileScreen /> },
  { pattern: '/portal', title: 'nav.portal', roles: ['enterprise'], render: () => <PortalScreen /> },
  { pattern: '/portal/new', title: 'nav.newRequest', roles: ['enterprise'], render: () => <NewRequestScreen /> },
  { pattern: '/portal/qualifications', title: 'nav.staffQualifications', roles: ['enterprise'], render: () => <StaffQualificationsScreen /> },
  { pattern: '/portal/instruments', title: 'nav.instruments', roles: ['enterprise'], render: () => <MyInstrumentsScreen /> },
  { pattern: '/portal/requests/:id', title: 'page.request', roles: ['enterprise'], render: (p) => <EnterpriseRequestScreen id={p.id!} /> },
  { pattern: '/work', title: 'nav.queue', roles: ['liaison', ...MANAGERS], render: () => <QueueScreen /> },
  { pattern: '/work/new', title: 'nav.fileOnBehalf', roles: ['liaison', ...MANAGERS], render: () => <NewRequestScreen onBehalf /> },
  { pattern: '/work/requests/:id', title: 'page.request', roles: STAFF, render: (p) => <RequestDetailScreen id={p.id!} /> },
  { pattern: '/enterprises', title: 'nav.enterprises', roles: STAFF, render: () => <EnterprisesScreen /> },
  { pattern: '/enterprises/:id', title: 'page.enterprise', roles: STAFF, render: (p) => <Enterprise360Screen id={p.id!} /> },
  { pattern: '/outreach', title: 'nav.outreach', roles: ['liaison', ...MANAGERS], render: () => <OutreachScreen /> },
  { pattern: '/instruments/due', title: 'nav.instrumentsDue', roles: ['liaison', ...MANAGERS], render: () => <DueInstrumentsScreen /> },
  { pattern: '/instruments/planning', title: 'nav.instrumentPlanning', roles: ['liaison', ...MANAGERS], render: () => <InstrumentPlanningScreen /> },
  { pattern: '/dashboard', title: 'nav.dashboard', roles: MANAGERS, render: () => <DashboardScreen /> },
  { pattern: '/programmes', title: 'nav.programmes', roles: STAFF, render: () => <CampaignsScreen /> },
  { pattern: '/programmes/summary', title: 'nav.annualSummary', roles: MANAGERS, render: () => <AnnualSummaryScreen /> },
  { pattern: '/admin/enterprises', title: 'nav.admin.enterprises', roles: ['admin', 'province_manager'], render: () => <ImportScreen /> },
  { pattern: '/admin/users', title: 'nav.admin.users', roles: ['admin'], render: () => <UsersScreen /> },
  { pattern: '/admin/sla', title: 'nav.admin.sla', roles: ['admin', 'province_manager'], render: () => <SlaAdminScreen /> },
  { pattern: '/admin/routing', title: 'nav.admin.routing', roles: ['admin', ...MANAGERS], render: () => <RoutingScreen /> },
  { pattern: '/admin/training', title: 'nav.admin.training', roles: ['admin', ...MANAGERS], render: () => <TrainingScreen /> },
  { pattern: '/admin/qualifications', title: 'nav.admin.qualifications', roles: ['admin', ...MANAGERS], render: () => <QualificationsScreen /> },
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
    if (!r.roles.includes(session.user.role))
      return (
        <Layout title={r.title}>
          <p className="error">{t('error.forbidden')}</p>
        </Layout>
      );
    return <Layout title={r.title}>{r.render(params)}</Layout>;
  }
  return (
    <Layout title="error.not_found">
      <p className="muted">{t('error.not_found')}</p>
    </Layout>
  );
}
