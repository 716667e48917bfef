import { useEffect, useState, type ReactNode } from 'react';
import { useI18n, type MessageKey } from '../i18n';
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

/** Names the tab after the screen, so history, tabs and screen readers tell screens apart. */
export function useDocumentTitle(title: string): void {
  const { t } = useI18n();
  const app = t('app.name');
  useEffect(() => {
    document.title = `${title} · ${app}`;
  }, [title, app]);
}

export function Layout({ title, children }: { title: MessageKey; children: ReactNode }) {
  const { t } = useI18n();
  useDocumentTitle(t(title));
  const user = useUser();
  const { path } = useLocation();
  const [open, setOpen] = useState(false);
  const items = navFor(user.role);
  const active = (to: string) => path === to || (to !== '/portal' && path.startsWith(`${to}/`));
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
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
      <nav id="nav" aria-label={t('nav.menu')} className={`sidenav${open ? ' open' : ''}`} onClick={() => setOpen(false)}>
        {items.map((n) => (
          <Link key={n.to} to={n.to} className={active(n.to) ? 'active' : undefined}>
            {t(n.label)}
          </Link>
        ))}
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        <h1 className="page-title">{t(title)}</h1>
        {children}
      </main>
    </div>
  );
}
