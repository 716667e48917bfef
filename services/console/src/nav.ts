import type { Role } from './api/identity';
import type { MessageKey } from './i18n';

export interface NavItem {
  to: string;
  label: MessageKey;
  roles: Role[];
}

const STAFF: Role[] = ['liaison', 'city_manager', 'province_manager', 'admin'];
const MANAGERS: Role[] = ['city_manager', 'province_manager'];

export const NAV: NavItem[] = [
  { to: '/inbox', label: 'nav.inbox', roles: ['enterprise', ...STAFF] },
  { to: '/portal', label: 'nav.portal', roles: ['enterprise'] },
  { to: '/portal/new', label: 'nav.newRequest', roles: ['enterprise'] },
  { to: '/portal/qualifications', label: 'nav.staffQualifications', roles: ['enterprise'] },
  { to: '/portal/instruments', label: 'nav.instruments', roles: ['enterprise'] },
  { to: '/work', label: 'nav.queue', roles: ['liaison', ...MANAGERS] },
  { to: '/work/new', label: 'nav.fileOnBehalf', roles: ['liaison', ...MANAGERS] },
  { to: '/dashboard', label: 'nav.dashboard', roles: MANAGERS },
  { to: '/enterprises', label: 'nav.enterprises', roles: STAFF },
  { to: '/outreach', label: 'nav.outreach', roles: ['liaison', ...MANAGERS] },
  { to: '/instruments/due', label: 'nav.instrumentsDue', roles: ['liaison', ...MANAGERS] },
  { to: '/instruments/planning', label: 'nav.instrumentPlanning', roles: ['liaison', ...MANAGERS] },
  { to: '/programmes', label: 'nav.programmes', roles: STAFF },
  { to: '/programmes/summary', label: 'nav.annualSummary', roles: MANAGERS },
  { to: '/admin/enterprises', label: 'nav.admin.enterprises', roles: ['admin', 'province_manager'] },
  { to: '/admin/users', label: 'nav.admin.users', roles: ['admin'] },
  { to: '/admin/sla', label: 'nav.admin.sla', roles: ['admin', 'province_manager'] },
  { to: '/admin/routing', label: 'nav.admin.routing', roles: ['admin', ...MANAGERS] },
  { to: '/admin/training', label: 'nav.admin.training', roles: ['admin', ...MANAGERS] },
  { to: '/admin/qualifications', label: 'nav.admin.qualifications', roles: ['admin', ...MANAGERS] },
  { to: '/profile', label: 'nav.profile', roles: ['enterprise', ...STAFF] },
];

export const navFor = (role: Role) => NAV.filter((n) => n.roles.includes(role));
