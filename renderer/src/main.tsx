import { StrictMode } from 'react';
import { z } from 'zod';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { getApi, getBridgeLink } from './bridge';
import './i18n';
import { AppStore } from './store/appStore';
import './styles.css';

// The CSP forbids eval: tell zod not to probe for it (it would log a CSP violation on start).
z.config({ jitless: true });

const store = new AppStore(getApi(), getBridgeLink());
void store.start();

// The agent must never lose a draft: write pending drafts when the page goes away or is hidden.
window.addEventListener('beforeunload', () => void store.drafts.flushAll());
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') void store.drafts.flushAll();
});

const container = document.getElementById('root');
if (!container) throw new Error('#root missing from index.html');
createRoot(container).render(
  <StrictMode>
    <App store={store} />
  </StrictMode>,
);
