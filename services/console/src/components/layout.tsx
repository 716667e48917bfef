import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import { Link, useLocation } from '../lib/router';
import { useUser } from '../lib/auth';
import { logout } from '../api/identity';
import { navFor } from '../nav';
import { Bell } from './bell';
import { stopNotifications } from '../lib/notifications';

export function LangSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <button type="button" className="link lang" data-testid="lang-switch" onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}>
      {t('lang.switch')}
    </button>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const user = useUser();
  const { path } = useLocation();
  const [open, setOpen] = useState(false);
  const items = navFor(user.role);
  const active = (to: string) => path === to || (to !== '/portal' && path.startsWith(`${to}/`));
  return (
    <div className="shell">
      <header className="topbar">
        <button type="button" className="menu-toggle" aria-expanded={open} aria-controls="nav" onClick={() => setOpen(!open)}>
          ☰ <span className="sr-only">{t('nav.menu')}</span>
        </button>
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        <div className="who">
          <span data-testid="who">
            {user.name} · {t(`role.${user.role}`)}
            {user.cityCode ? ` · ${t(`city.${user.cityCode}`)}` : ''}
          </span>
          <Bell />
          <LangSwitch />
          <button
            type="button"
            className="link"
            onClick={() => {
              stopNotifications();
              void logout();
            }}
          >
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <nav id="nav" className={`sidenav${open ? ' open' : ''}`} onClick={() => setOpen(false)}>
        {items.map((n) => (
          <Link key={n.to} to={n.to} className={active(n.to) ? 'active' : undefined}>
            {t(n.label)}
          </Link>
        ))}
      </nav>
      <main className="content">{children}</main>
    </div>
  );
}
