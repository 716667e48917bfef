import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from './i18n';
import { RouterProvider } from './lib/router';
import { AuthProvider } from './lib/auth';
import { App } from './app';
import { ToastProvider } from './components/toast';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <AuthProvider>
        <RouterProvider>
          <ToastProvider>
            <App />
          </ToastProvider>
        </RouterProvider>
      </AuthProvider>
    </I18nProvider>
  </StrictMode>,
);
