// The moderation dashboard: sign-in, then the chosen site's queues with live
// counts, the audit log and (for admins) the site's rules, word lists,
// settings and transparency report. Action results are announced through one polite and
// one assertive live region.

import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Ctx, type DashboardContext } from './context';
import { t } from './i18n';
import { ModerationApi } from './lib/api';
import { errorMessage } from './lib/errors';
import { commandForKey } from './lib/keys';
import { isAdmin, loadSession, saveSession, type SessionData } from './lib/session';
import { type Counts, type Order, QUEUES, type QueueName, type Rule, type Site } from './types';
import { AuditView } from './components/AuditView';
import { HelpDialog } from './components/HelpDialog';
import { QueueView } from './components/QueueView';
import { RulesEditor } from './components/RulesEditor';
import { SignIn } from './components/SignIn';
import { SiteSettings } from './components/SiteSettings';
import { TransparencyView } from './components/TransparencyView';
import { UserDrawer } from './components/UserDrawer';
import { WordListsEditor } from './components/WordListsEditor';

export const COUNTS_POLL_MS = 10_000;
const PREFS_KEY = 'townhall:moderation:prefs';

export type View = QueueName | 'audit' | 'rules' | 'wordlists' | 'settings' | 'transparency';
const ADMIN_VIEWS: View[] = ['rules', 'wordlists', 'settings', 'transparency'];
const isQueue = (view: View): view is QueueName => (QUEUES as readonly string[]).includes(view);

interface Prefs {
  site?: string;
  view?: View;
  order?: Order;
}

function loadPrefs(): Prefs {
  try {
    return (JSON.parse(localStorage.getItem(PREFS_KEY) ?? '{}') as Prefs) ?? {};
  } catch {
    return {};
  }
}

function savePrefs(prefs: Prefs): void {
  try {
    localStorage.setItem(PREFS_KEY, JSON.stringify(prefs));
  } catch {
    // storage blocked: preferences last for this page
  }
}

export function App({ api = new ModerationApi() }: { api?: ModerationApi }) {
  const [session, setSession] = useState<SessionData | null>(() => loadSession());
  const [notice, setNotice] = useState<string | null>(null);
  api.token = session?.token ?? null;

  const signOutLocally = useCallback((message: string | null) => {
    saveSession(null);
    setSession(null);
    setNotice(message);
  }, []);

  useEffect(() => {
    api.onSignedOut = () => signOutLocally(t('signIn.expired'));
    return () => {
      api.onSignedOut = null;
    };
  }, [api, signOutLocally]);

  if (!session) {
    return (
      <SignIn
        api={api}
        notice={notice}
        onSignedIn={(s) => {
          saveSession(s);
          api.token = s.token;
          setNotice(null);
          setSession(s);
        }}
      />
    );
  }
  return (
    <Dashboard
      api={api}
      session={session}
      onSignOut={async () => {
        await api.signOut();
        signOutLocally(t('signIn.signedOut'));
      }}
    />
  );
}

function Dashboard({ api, session, onSignOut }: { api: ModerationApi; session: SessionData; onSignOut: () => void }) {
  const user = session.user;
  const prefs = useMemo(loadPrefs, []);
  const [sites, setSites] = useState<Site[] | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [siteId, setSiteId] = useState<string | null>(prefs.site ?? null);
  const [view, setView] = useState<View>(prefs.view && (isAdmin(user) || !ADMIN_VIEWS.includes(prefs.view)) ? prefs.view : 'pending');
  const [order, setOrder] = useState<Order>(prefs.order ?? 'oldest');
  const [storyInput, setStoryInput] = useState('');
  const [story, setStory] = useState('');
  const [counts, setCounts] = useState<Counts | null>(null);
  const [rules, setRules] = useState<Rule[]>([]);
  const [drawer, setDrawer] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const [status, setStatus] = useState('');
  const [alert, setAlert] = useState('');

  const site = sites?.find((s) => s.id === siteId) ?? sites?.[0] ?? null;

  // Unsaved edits in an admin view: ask before the view or site changes, and
  // let the browser ask before the page is left.
  const unsaved = useRef(new Set<string>());
  const setUnsaved = useCallback((key: string, flag: boolean) => {
    if (flag) unsaved.current.add(key);
    else unsaved.current.delete(key);
  }, []);
  const mayLeave = useCallback(() => {
    if (unsaved.current.size === 0) return true;
    if (!window.confirm(t('app.unsaved'))) return false;
    unsaved.current.clear();
    return true;
  }, []);
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (unsaved.current.size === 0) return;
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);

  useEffect(() => {
    void (async () => {
      const r = await api.sites();
      if (r.ok) {
        setSites(r.data.sites);
        return;
      }
      if (r.error.code === 'insufficient_role') setRefusal(t('refusal.role', { name: user.name }));
      else setRefusal(errorMessage(r.error));
    })();
  }, [api, user.name]);

  useEffect(() => {
    savePrefs({ site: site?.id, view, order });
  }, [site?.id, view, order]);

  // Queue counts: now, every few seconds while the page is visible, and on request.
  const countsSeq = useRef(0);
  const refreshCounts = useCallback(async () => {
    if (!site) return;
    const seq = ++countsSeq.current;
    const r = await api.counts(site.id, story || undefined);
    if (seq !== countsSeq.current) return;
    if (r.ok) setCounts(r.data.counts);
  }, [api, site?.id, story]);

  useEffect(() => {
    setCounts(null);
    void refreshCounts();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refreshCounts();
    }, COUNTS_POLL_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refreshCounts();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [refreshCounts]);

  useEffect(() => {
    if (!site) return;
    setRules([]);
    void (async () => {
      const r = await api.rules(site.id);
      if (r.ok) setRules(r.data.rules.filter((rule) => !rule.archived));
    })();
  }, [api, site?.id]);

  // `?` outside the queues (the queue view handles its own keys).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isQueue(view) || help || drawer || e.defaultPrevented) return;
      if (commandForKey(e) === 'help') {
        e.preventDefault();
        setHelp(true);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [view, help, drawer]);

  // Repeating the same message must still be announced: clear, then set.
  const announce = useCallback((message: string) => {
    setStatus('');
    setAlert('');
    setTimeout(() => setStatus(message), 30);
  }, []);
  const fail = useCallback((message: string) => {
    setAlert('');
    setTimeout(() => setAlert(message), 30);
  }, []);

  if (refusal) {
    return (
      <main class="md-signin">
        <div class="md-signin-card" data-testid="refusal">
          <h1>{t('refusal.title')}</h1>
          <p role="alert">{refusal}</p>
          <button type="button" class="md-btn md-primary" onClick={onSignOut}>
            {t('header.signOut')}
          </button>
        </div>
      </main>
    );
  }
  if (!sites) return <p class="md-loading">{t('app.loading')}</p>;
  if (!site) {
    return (
      <main class="md-signin">
        <div class="md-signin-card">
          <h1>{t('refusal.noSitesTitle')}</h1>
          <p>{t('refusal.noSites')}</p>
          <button type="button" class="md-btn md-primary" onClick={onSignOut}>
            {t('header.signOut')}
          </button>
        </div>
      </main>
    );
  }

  const ctx: DashboardContext = {
    api,
    user,
    site,
    rules,
    announce,
    fail,
    refreshCounts: () => void refreshCounts(),
    setUnsaved,
    openUser: (userId) => setDrawer(userId),
  };

  const navButton = (v: View, label: string, count?: number) => (
    <li key={v}>
      <button
        type="button"
        class={`md-nav-item${view === v ? ' md-active' : ''}`}
        aria-current={view === v ? 'page' : undefined}
        data-testid={`tab-${v}`}
        onClick={() => {
          if (v !== view && mayLeave()) setView(v);
        }}
      >
        <span>{label}</span>
        {count !== undefined ? (
          <span class={`md-count${count > 0 ? ' md-nonzero' : ''}`} data-testid={`count-${v}`} aria-label={t('nav.countLabel', { n: count })}>
            {count}
          </span>
        ) : null}
      </button>
    </li>
  );

  return (
    <Ctx.Provider value={ctx}>
      <div class="md-app">
        <header class="md-header">
          <div class="md-brand">{t('app.title')}</div>
          <form
            class="md-controls"
            onSubmit={(e) => {
              e.preventDefault();
              setStory(storyInput.trim());
            }}
          >
            <label class="md-field md-inline">
              <span>{t('header.site')}</span>
              <select value={site.id} data-testid="site-picker" onChange={(e) => {
                  const next = e.currentTarget.value;
                  if (mayLeave()) setSiteId(next);
                  else e.currentTarget.value = site.id;
                }}>
                {sites.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name || s.id}
                  </option>
                ))}
              </select>
            </label>
            <label class="md-field md-inline">
              <span>{t('header.story')}</span>
              <input
                type="search"
                placeholder={t('header.storyPlaceholder')}
                value={storyInput}
                data-testid="story-filter"
                onInput={(e) => setStoryInput(e.currentTarget.value)}
                onBlur={() => setStory(storyInput.trim())}
              />
            </label>
            <label class="md-field md-inline">
              <span>{t('header.order')}</span>
              <select value={order} data-testid="order" onChange={(e) => setOrder(e.currentTarget.value as Order)}>
                <option value="oldest">{t('header.oldest')}</option>
                <option value="newest">{t('header.newest')}</option>
              </select>
            </label>
          </form>
          <div class="md-user">
            <span>
              {user.name} <span class="md-muted">({t(`role.${user.role === 'admin' ? 'admin' : 'moderator'}`)})</span>
            </span>
            <button type="button" class="md-btn md-quiet" onClick={() => setHelp(true)} aria-keyshortcuts="?" data-testid="help-button">
              {t('header.shortcuts')}
            </button>
            <button type="button" class="md-btn md-quiet" data-testid="sign-out" onClick={onSignOut}>
              {t('header.signOut')}
            </button>
          </div>
        </header>
        <nav class="md-nav" aria-label={t('nav.label')}>
          <h2 class="md-nav-heading">{t('nav.queues')}</h2>
          <ul>{QUEUES.map((q) => navButton(q, t(`queue.${q}`), counts?.[q]))}</ul>
          <h2 class="md-nav-heading">{t('nav.records')}</h2>
          <ul>{navButton('audit', t('nav.audit'))}</ul>
          {isAdmin(user) ? (
            <>
              <h2 class="md-nav-heading">{t('nav.admin')}</h2>
              <ul>
                {navButton('rules', t('nav.rules'))}
                {navButton('wordlists', t('nav.wordLists'))}
                {navButton('settings', t('nav.settings'))}
                {navButton('transparency', t('nav.transparency'))}
              </ul>
            </>
          ) : null}
        </nav>
        <main class="md-main" id="main">
          {isQueue(view) ? (
            <QueueView queue={view} story={story} order={order} suspended={help || drawer !== null} onHelp={() => setHelp(true)} />
          ) : view === 'audit' ? (
            <AuditView />
          ) : view === 'rules' ? (
            <RulesEditor onSaved={setRules} />
          ) : view === 'wordlists' ? (
            <WordListsEditor />
          ) : view === 'settings' ? (
            <SiteSettings />
          ) : (
            <TransparencyView />
          )}
        </main>
        <div class="md-toast-area">
          <p class="md-status" role="status" aria-live="polite" data-testid="status">
            {status}
          </p>
          <p class="md-alert" role="alert" aria-live="assertive" data-testid="alert">
            {alert}
            {alert ? (
              <button type="button" class="md-link" onClick={() => setAlert('')} aria-label={t('common.dismiss')}>
                ✕
              </button>
            ) : null}
          </p>
        </div>
      </div>
      {drawer ? <UserDrawer userId={drawer} onClose={() => setDrawer(null)} /> : null}
      {help ? <HelpDialog onClose={() => setHelp(false)} /> : null}
    </Ctx.Provider>
  );
}
