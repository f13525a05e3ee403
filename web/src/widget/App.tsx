// The discussion widget: one instance per embedding element, rendered into
// that element's Shadow DOM by main.tsx.
//
// Stable data-testid attributes for browser tests (keep them when
// refactoring; tests scope with data-comment-id when several match):
//   thread               the list of top-level comments (<ol>)
//   comment              one comment (<article>), with data-comment-id="<id>"
//   comment-body         the comment's rendered body
//   reply-button         opens the inline reply composer under a comment
//   edit-button          "Edit (N min left)" on the reader's own comment
//   delete-button        deletes the reader's own comment (after a confirm)
//   react-button         like / unlike (aria-pressed says which)
//   reaction-count       the number of likes, inside react-button (or alone on own comments)
//   composer             a comment form: top-level, reply or edit
//   composer-input       its textarea
//   composer-submit      its submit button
//   preview-tab          its Preview tab
//   sort-select          the sort <select>
//   load-more            loads the next page of top-level comments
//   new-comments-button  "Show N new comments" (live arrivals)
//   sign-in-button       opens the sign-in dialog (signed out only)
//   sign-up-button       opens the sign-up dialog (signed out only)
//   sign-out-button      signs out (signed in only)
//   auth-dialog          the sign-in / sign-up dialog
//   auth-email, auth-name, auth-password, auth-submit   its fields and submit button
//   status-message       the polite live region with the latest status or error
//   comment-count        the "N comments" heading
//   confirm-dialog, confirm-submit   the delete confirmation and its button
//   featured-badge       "Featured" on a comment a moderator featured
//   tab-all, tab-featured   "All comments" / "Featured (N)" (aria-pressed; shown when the story has featured comments)
//   featured-list        the Featured tab's flat list of comments
//   rules-link           "Read the rules" (near the composer, in dialogs)
//   report-button        opens the report dialog (others' comments)
//   reported-badge       "Reported": the reader reported this comment
//   report-dialog        the report dialog; report-form, report-rule (radios, data-rule-id),
//                        report-details, report-counter, report-submit, report-result,
//                        report-illegal-link
//   illegal-form         the illegal-content notice: illegal-law, illegal-details,
//                        illegal-comment, illegal-name, illegal-email, illegal-good-faith,
//                        illegal-submit; afterwards illegal-reference, illegal-receipt
//   notices-button       opens the reader's notices (signed in only), with the unread count
//   notices-panel        the notices; notice (data-notice-id), notice-until,
//                        notice-acknowledge, appeal-form, appeal-input, appeal-submit, appeal-status
//   warning, warning-acknowledge   the warning in the composer's place and "I understand"
//   restriction, restriction-notice   suspension or ban in the composer's place, and its notice
//   premod-note          "A moderator reviews your comments before they appear."

import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import { AuthDialog, type AuthMode } from './components/AuthDialog';
import { CommentItem, FeaturedComment, reasonKey } from './components/CommentItem';
import { Composer } from './components/Composer';
import { Dialog } from './components/Dialog';
import { Icon } from './components/Icon';
import { NoticesPanel } from './components/NoticesPanel';
import { ReportDialog } from './components/ReportDialog';
import { RulesLink } from './components/RulesLink';
import { StandingBox } from './components/StandingBox';
import { WidgetContext, type WidgetActions, type WidgetContextValue } from './context';
import { createTranslator, resolveLanguage } from './i18n';
import { Api } from './lib/api';
import type { Result } from './lib/api';
import { errorMessage, type ApiError } from './lib/errors';
import { htmlToMarkdown } from './lib/html-to-markdown';
import { openLiveEvents } from './lib/live';
import { sessionFor, type Session } from './lib/session';
import { parseTime } from './lib/time';
import { blockOf, initialNotices, needsAcknowledgement, noticesReducer, standingFromError } from './state/moderation';
import { initialThread, threadReducer } from './state/thread';
import { isPublic, SORTS, type Comment, type Rule, type RulesResponse, type SessionResponse, type Sort, type Standing, type User } from './types';

export interface WidgetProps {
  base: string;
  site: string;
  story: string;
  url?: string;
  title?: string;
  lang?: string;
  /** for tests: injected collaborators */
  api?: Api;
  session?: Session;
  live?: boolean;
}

type DialogState =
  | { kind: 'auth'; mode: AuthMode; opener: HTMLElement | null }
  | { kind: 'delete'; id: string; opener: HTMLElement | null }
  | { kind: 'report'; comment: Comment; opener: HTMLElement | null }
  | { kind: 'notices'; opener: HTMLElement | null; focus: string | null }
  | null;

type Featured = { items: Comment[]; phase: 'loading' | 'ready' | 'error' };

const REPORTED_MAX = 200;

/** Comments this reader reported, remembered on this device (the API does not list them). */
function reportedIds(key: string): string[] {
  try {
    const list: unknown = JSON.parse(localStorage.getItem(key) ?? '[]');
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function rememberReported(key: string, id: string): void {
  try {
    const list = reportedIds(key).filter((x) => x !== id);
    list.push(id);
    localStorage.setItem(key, JSON.stringify(list.slice(-REPORTED_MAX)));
  } catch {
    // storage blocked: "Reported" lasts as long as the page
  }
}

type Status = { text: string; tone: 'info' | 'success' | 'error' } | null;

const PAGE_SIZE = 20;
const CLOCK_MS = 20_000;
/** Own comments younger than this may still be editable: ask for their edit window. */
const EDIT_LOOKUP_WINDOW_MS = 24 * 60 * 60 * 1000;
const EDIT_LOOKUP_MAX = 10;

let instances = 0;

/** Re-renders every `interval` ms so relative times and edit countdowns move on. */
function useClock(interval: number): number {
  const [, setTick] = useState(0);
  useEffect(() => {
    const id = setInterval(() => setTick((n) => n + 1), interval);
    return () => clearInterval(id);
  }, [interval]);
  // Read at every render, not only on ticks: a comment posted a few seconds
  // after the last tick must not show "6 min left" of a 5-minute window.
  return Date.now();
}

export function Widget(props: WidgetProps) {
  const { base, site, story, url, title, lang = 'en', live = true } = props;
  const language = resolveLanguage(lang);
  const t = useMemo(() => createTranslator(language), [language]);
  const session = useMemo(() => props.session ?? sessionFor(base), [props.session, base]);
  const api = useMemo(
    () => props.api ?? new Api(base, { site, story, url, title }, session),
    // One client for the widget's life; the embedding attributes do not change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );
  const uid = useMemo(() => `th${++instances}`, []);
  const [thread, dispatch] = useReducer(threadReducer, initialThread);
  const [sort, setSort] = useState<Sort>('newest');
  const [phase, setPhase] = useState<'loading' | 'ready' | 'error'>('loading');
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [user, setUser] = useState<User | null>(session.current?.user ?? null);
  const [status, setStatus] = useState<Status>(null);
  const [announcement, setAnnouncement] = useState('');
  const [dialog, setDialog] = useState<DialogState>(null);
  const [standing, setStanding] = useState<Standing | null>(null);
  const [notices, dispatchNotices] = useReducer(noticesReducer, initialNotices);
  const [noticesPhase, setNoticesPhase] = useState<'loading' | 'error' | null>(null);
  const [rules, setRules] = useState<Rule[] | null>(null);
  const [view, setView] = useState<'all' | 'featured'>('all');
  const [featured, setFeatured] = useState<Featured | null>(null);
  const now = useClock(CLOCK_MS);
  const root = useRef<HTMLDivElement>(null);
  const threadRef = useRef(thread);
  threadRef.current = thread;
  const phaseRef = useRef(phase);
  phaseRef.current = phase;
  const sortRef = useRef(sort);
  sortRef.current = sort;
  const sources = useRef(new Map<string, string>());
  const storyCreated = useRef(false);
  const meAfterThread = useRef(false);
  const requestSeq = useRef(0);
  const reacting = useRef(new Set<string>());
  const editLookups = useRef(new Set<string>());
  const parentOf = useRef(new Map<string, string>());
  const rulesRequest = useRef<Promise<Result<RulesResponse>> | null>(null);
  const markedRead = useRef(false);
  const standingRef = useRef(standing);
  standingRef.current = standing;

  const announce = useCallback((text: string) => {
    // Clear first so that the same sentence twice is announced twice.
    setAnnouncement('');
    setTimeout(() => setAnnouncement(text), 50);
  }, []);

  const say = useCallback((text: string, tone: 'info' | 'success' | 'error' = 'info') => {
    setStatus({ text, tone });
  }, []);

  const shadow = () => root.current?.getRootNode() as ShadowRoot | Document | undefined;
  const focusComment = (id: string) => {
    shadow()?.querySelector?.<HTMLElement>(`[data-comment-id="${id}"]`)?.focus();
  };

  // --- loading -------------------------------------------------------------

  const loadNotices = useCallback(async () => {
    if (!session.token) return null;
    setNoticesPhase('loading');
    const r = await api.notices();
    setNoticesPhase(r.ok ? null : 'error');
    if (!r.ok) return null;
    dispatchNotices({ type: 'page', data: r.data });
    return r.data;
  }, [api, session]);

  const loadMe = useCallback(async () => {
    if (!session.token) return;
    const r = await api.storyMe();
    if (r.ok) {
      const id = r.data.user.id;
      session.setUser(r.data.user);
      const reported = [...((r.data as { reported?: string[] }).reported ?? []), ...reportedIds(`townhall:reported:${base}:${id}`)];
      dispatch({ type: 'me', userId: id, reacted: r.data.reacted ?? [], own: r.data.own ?? [], reported });
      setStanding(r.data.standing ?? null);
      void loadNotices();
      return;
    }
    if (r.error.status === 401) return; // the session listener has signed the reader out
    if (r.error.code === 'story_not_found') meAfterThread.current = true;
    // Older servers have no per-story state: at least confirm who is signed in.
    const who = await api.me();
    if (who.ok) {
      session.setUser(who.data.user);
      dispatch({ type: 'signedIn', userId: who.data.user.id });
    }
  }, [api, session, base, loadNotices]);

  const loadThread = useCallback(
    async (nextSort: Sort, fresh = false) => {
      const seq = ++requestSeq.current;
      setBusy(true);
      const r = await api.thread(nextSort, null, { create: !storyCreated.current, fresh, limit: PAGE_SIZE });
      if (seq !== requestSeq.current) return; // a newer request (another sort) won
      setBusy(false);
      if (!r.ok) {
        setLoadError(errorMessage(r.error, t));
        setPhase((p) => (p === 'ready' ? p : 'error'));
        if (phaseRef.current === 'ready') say(errorMessage(r.error, t), 'error');
        return;
      }
      storyCreated.current = true;
      setLoadError(null);
      dispatch({ type: 'page', data: r.data, append: false });
      setPhase('ready');
      if (meAfterThread.current) {
        meAfterThread.current = false;
        void loadMe();
      }
    },
    [api, t, loadMe, say],
  );
  useEffect(() => {
    // The thread and the reader's own state load in parallel.
    void loadThread(sort);
    void loadMe();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(
    () =>
      session.subscribe((data, change) => {
        setUser(data?.user ?? null);
        if (change === 'expired' || change === 'signedOut') {
          dispatch({ type: 'signedOut' });
          dispatchNotices({ type: 'reset' });
          setStanding(null);
          if (change === 'expired') say(t('status.sessionExpired'), 'error');
        } else if (change === 'signedIn' && data) {
          dispatch({ type: 'signedIn', userId: data.user.id });
          void loadMe();
        }
      }),
    [session, loadMe, say, t],
  );

  const changeSort = (next: Sort) => {
    setSort(next);
    void loadThread(next);
  };

  /** The Featured tab: its first (and, at up to 100 comments, only) page, afresh each time. */
  const showView = async (next: 'all' | 'featured') => {
    if (next === view) return;
    setView(next);
    if (next === 'all') return;
    setFeatured({ items: featured?.items ?? [], phase: 'loading' });
    const r = await api.featured();
    if (!r.ok) say(errorMessage(r.error, t), 'error');
    setFeatured({ items: r.ok ? r.data.comments : [], phase: r.ok ? 'ready' : 'error' });
  };

  const loadMore = async () => {
    const cursor = thread.nextCursor;
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    const r = await api.thread(sort, cursor, { limit: PAGE_SIZE });
    setLoadingMore(false);
    if (!r.ok) {
      say(errorMessage(r.error, t), 'error');
      return;
    }
    const firstNew = r.data.comments.find((c) => !threadRef.current.nodes[c.id]);
    dispatch({ type: 'page', data: r.data, append: true });
    if (firstNew) requestAnimationFrame(() => focusComment(firstNew.id));
  };

  const showIncoming = () => {
    const first = thread.incoming[thread.incoming.length - 1];
    dispatch({ type: 'showIncoming' });
    if (first) requestAnimationFrame(() => focusComment(first.id));
  };

  // --- live events ---------------------------------------------------------

  const storyKnown = thread.story !== null;
  useEffect(() => {
    if (!live || !storyKnown) return;
    return openLiveEvents(api.eventsUrl(), {
      comment: (event) => {
        const before = threadRef.current;
        const c = event.comment;
        const fromOther = !before.meId || c.author?.id !== before.meId;
        dispatch({ type: 'comment', event });
        if (event.type === 'created' && fromOther && c.parent_id && before.nodes[c.parent_id] && c.author) {
          announce(t('status.newReply', { name: c.author.name }));
        }
      },
      reaction: (event) => dispatch({ type: 'reaction', event }),
      story: (event) => {
        const wasOpen = threadRef.current.story?.open;
        dispatch({ type: 'story', event });
        if (wasOpen === true && !event.open) announce(t('status.closed'));
        if (wasOpen === false && event.open) announce(t('status.reopened'));
      },
      reset: () => void loadThread(sortRef.current, true),
    });
  }, [api, live, storyKnown, announce, t, loadThread]);
  const incoming = thread.incoming.length;
  const lastIncoming = useRef(0);
  useEffect(() => {
    if (incoming > lastIncoming.current) announce(t('status.newComments', { n: incoming }));
    lastIncoming.current = incoming;
  }, [incoming, announce, t]);

  // Own published comments from earlier visits: their edit window is only in
  // the author's view, so ask for it while it may still be open.
  useEffect(() => {
    if (!thread.meId) return;
    const cutoff = Date.now() - EDIT_LOOKUP_WINDOW_MS;
    for (const node of Object.values(thread.nodes)) {
      const c = node.comment;
      if (editLookups.current.size >= EDIT_LOOKUP_MAX) break;
      if (c.author?.id !== thread.meId || c.editable_until || !isPublic(c.status)) continue;
      if (editLookups.current.has(c.id) || parseTime(c.created_at) < cutoff) continue;
      editLookups.current.add(c.id);
      void api.comment(c.id).then((r) => {
        if (r.ok) dispatch({ type: 'updated', comment: r.data });
      });
    }
  }, [thread.nodes, thread.meId, api]);

  // --- taking part ---------------------------------------------------------

  const openAuth = (opener: HTMLElement | null, mode: AuthMode = 'signIn') => setDialog({ kind: 'auth', mode, opener });

  const failed = (error: ApiError): string => {
    if (error.code === 'story_closed' && thread.story) {
      dispatch({ type: 'story', event: { open: false, comment_count: thread.story.comment_count } });
    }
    // A restriction we did not know about: the composer gives way to it.
    const restricted = standingFromError(error, standingRef.current);
    if (restricted) {
      setStanding(restricted);
      void loadNotices();
    }
    return errorMessage(error, t);
  };

  const loadRules = useCallback(() => {
    rulesRequest.current ??= api.rules().then((r) => {
      if (r.ok) setRules(r.data.rules);
      else rulesRequest.current = null; // try again next time
      return r;
    });
    return rulesRequest.current;
  }, [api]);

  const block = user ? blockOf(standing, now) : null;
  const standingNotice =
    notices.items.find((n) => n.id === standing?.notice_id) ??
    (block === 'warned' ? notices.items.find(needsAcknowledgement) : undefined) ??
    null;
  // A warning or restriction names its rule by id: fetch the titles.
  const needRules = Boolean(block && standing?.rule_id && !standingNotice?.rule);
  useEffect(() => {
    if (needRules) void loadRules();
  }, [needRules, loadRules]);

  /** Acknowledges a warning; resolves to an error sentence, or null. */
  const acknowledge = async (noticeId: string | null | undefined): Promise<string | null> => {
    if (!noticeId) {
      await loadNotices();
      return t('error.noticeNotFound');
    }
    const r = await api.acknowledge(noticeId);
    if (!r.ok && r.error.code !== 'nothing_to_acknowledge') return errorMessage(r.error, t);
    dispatchNotices({ type: 'acknowledged', id: noticeId, notice: r.ok ? r.data.notification : undefined });
    const wasWarned = standingRef.current?.status === 'warned';
    if (wasWarned) setStanding({ status: 'ok' });
    say(t('standing.welcomeBack'), 'success');
    void loadMe(); // the standing may hold more (pre-moderation)
    if (wasWarned) requestAnimationFrame(() => shadow()?.querySelector?.<HTMLElement>('.th-participate [data-testid="composer-input"]')?.focus());
    return null;
  };

  const openNotices = async (opener: HTMLElement | null, focus: string | null = null) => {
    setDialog({ kind: 'notices', opener, focus });
    const data = await loadNotices();
    if (data && (data.unread > 0 || data.items.some((n) => !n.read))) {
      markedRead.current = (await api.markNoticesRead()).ok;
    }
  };

  const closeNotices = () => {
    setDialog(null);
    // Read on the server since the panel opened; the "New" marks stay until now.
    if (markedRead.current) dispatchNotices({ type: 'read' });
    markedRead.current = false;
  };

  const postedMessage = (c: Comment): Status => {
    if (c.status === 'pending') return { text: t('status.pending'), tone: 'info' };
    if (c.status === 'rejected') return { text: t('status.rejected', { reason: t(reasonKey(c.reason)) }), tone: 'error' };
    return { text: c.parent_id ? t('status.replyPosted') : t('status.posted'), tone: 'success' };
  };

  const actions: WidgetActions = {
    post: async (body, parentId) => {
      if (!session.token) {
        openAuth(null);
        return t('error.signedOut');
      }
      const r = await api.post(body, parentId);
      if (!r.ok) return failed(r.error);
      sources.current.set(r.data.id, body);
      dispatch({ type: 'posted', comment: r.data });
      const message = postedMessage(r.data);
      setStatus(message);
      return null;
    },
    edit: async (id, body) => {
      const r = await api.edit(id, body);
      if (!r.ok) {
        const node = threadRef.current.nodes[id];
        if (node && r.error.code === 'edit_window_closed') {
          dispatch({ type: 'updated', comment: { ...node.comment, editable_until: new Date(0).toISOString() } });
        }
        return failed(r.error);
      }
      sources.current.set(id, body);
      dispatch({ type: 'updated', comment: r.data });
      say(t('status.saved'), 'success');
      return null;
    },
    askDelete: (id, opener) => {
      const parentId = threadRef.current.nodes[id]?.comment.parent_id;
      if (parentId) parentOf.current.set(id, parentId);
      setDialog({ kind: 'delete', id, opener });
    },
    react: (id, on, opener) => {
      if (!session.token) {
        say(t('error.signedOut'));
        openAuth(opener);
        return;
      }
      if (reacting.current.has(id)) return;
      reacting.current.add(id);
      dispatch({ type: 'react', id, on });
      void api.react(id, on).then((r) => {
        reacting.current.delete(id);
        if (r.ok) {
          dispatch({ type: 'reactDone', id, reacted: r.data.reacted, reactions: r.data.reactions });
        } else {
          dispatch({ type: 'react', id, on: !on });
          say(failed(r.error), 'error');
        }
      });
    },
    signIn: (opener, mode = 'signIn') => openAuth(opener, mode),
    sourceOf: (id) => {
      const known = sources.current.get(id);
      if (known !== undefined) return known;
      const c = threadRef.current.nodes[id]?.comment;
      if (!c) return '';
      return c.body ?? htmlToMarkdown(c.body_html);
    },
    preview: async (body) => {
      const r = await api.preview(body);
      if (r.ok) return { html: r.data.body_html };
      if (r.error.code === 'not_found' || r.error.status === 404) return { error: t('composer.previewUnavailable') };
      return { error: errorMessage(r.error, t) };
    },
    report: (id, opener) => {
      const comment = threadRef.current.nodes[id]?.comment ?? featured?.items.find((c) => c.id === id);
      if (comment) setDialog({ kind: 'report', comment, opener });
    },
  };

  const reported = (id: string) => {
    dispatch({ type: 'reported', id });
    const me = threadRef.current.meId ?? user?.id;
    if (me) rememberReported(`townhall:reported:${base}:${me}`, id);
  };

  const confirmDelete = async (id: string) => {
    const r = await api.remove(id);
    if (r.ok || r.error.code === 'comment_not_found') {
      dispatch({ type: 'deleted', id });
      say(t('status.deleted'), 'success');
    } else {
      say(errorMessage(r.error, t), 'error');
    }
    setDialog(null);
  };

  /**
   * Where focus goes after a delete dialog when its button is gone: the
   * placeholder left behind, else the parent comment, else the heading.
   */
  const deleteFallback = (id: string): HTMLElement | null => {
    const root = shadow();
    const parentId = parentOf.current.get(id);
    return (
      root?.querySelector?.<HTMLElement>(`[data-comment-id="${id}"]`) ??
      (parentId ? root?.querySelector?.<HTMLElement>(`[data-comment-id="${parentId}"]`) : null) ??
      root?.querySelector?.<HTMLElement>('[data-testid="comment-count"]') ??
      null
    );
  };

  const signedIn = (s: SessionResponse) => {
    setDialog(null);
    session.set({ token: s.token, user: s.user });
    say(t('status.signedIn', { name: s.user.name }), 'success');
  };

  const signOut = async () => {
    const had = session.token;
    session.clear('signedOut');
    say(t('status.signedOut'));
    if (had) {
      // Revoke the token on the server too; the reader is signed out here either way.
      await api.signOut(had);
    }
    requestAnimationFrame(() => shadow()?.querySelector?.<HTMLElement>('[data-testid="sign-in-button"]')?.focus());
  };

  // --- rendering -----------------------------------------------------------

  const value: WidgetContextValue = { t, lang: language, now, api, user, thread, actions, blocked: block !== null };
  const s = thread.story;
  const open = s?.open !== false;
  const ids = { heading: `${uid}-heading`, sort: `${uid}-sort` };
  const featuredCount = s?.featured_count ?? 0;
  const tabs = featuredCount > 0 || view === 'featured';


  const account = user ? (
    <div class="th-account">
      <span class="th-muted">{open ? t('composer.signedInAs', { name: user.name }) : t('auth.signedInAs', { name: user.name })}</span>
      <button type="button" class="th-link-button" data-testid="sign-out-button" onClick={signOut}>
        {t('auth.signOut')}
      </button>
    </div>
  ) : (
    <div class="th-account th-signed-out">
      <p>{open ? t('composer.signedOut') : t('auth.prompt')}</p>
      <div class="th-account-buttons">
        <button
          type="button"
          class="th-button th-primary"
          data-testid="sign-in-button"
          onClick={(e) => openAuth(e.currentTarget, 'signIn')}
        >
          {t('auth.signIn')}
        </button>
        <button type="button" class="th-button" data-testid="sign-up-button" onClick={(e) => openAuth(e.currentTarget, 'signUp')}>
          {t('auth.signUp')}
        </button>
      </div>
    </div>
  );

  return (
    <WidgetContext.Provider value={value}>
      <div class="th-root" ref={root} lang={language}>
        <section class="th-widget" aria-labelledby={ids.heading}>
          <header class="th-header">
            <h2 id={ids.heading} class="th-count" data-testid="comment-count" tabIndex={-1}>
              {s ? t('thread.count', { n: s.comment_count }) : t('thread.count.loading')}
            </h2>
            {user && (
              <button
                type="button"
                class="th-button th-notices-button"
                data-testid="notices-button"
                onClick={(e) => void openNotices(e.currentTarget)}
              >
                <Icon name="bell" />
                {notices.unread > 0 ? t('notices.buttonUnread', { n: notices.unread }) : t('notices.button')}
              </button>
            )}
            {view === 'all' && (
            <div class="th-sort">
              <label for={ids.sort}>{t('sort.label')}</label>
              <select
                id={ids.sort}
                data-testid="sort-select"
                value={sort}
                onChange={(e) => changeSort(e.currentTarget.value as Sort)}
              >
                {SORTS.map((v) => (
                  <option key={v} value={v}>
                    {t(`sort.${v}`)}
                  </option>
                ))}
              </select>
            </div>
            )}
          </header>

          <div class="th-participate">
            {!open && <p class="th-closed">{t('thread.closed')}</p>}
            {account}
            {user && open && standing && block ? (
              <StandingBox
                uid={uid}
                standing={standing}
                block={block}
                notice={standingNotice}
                rules={rules}
                onAcknowledge={() => acknowledge(standing.notice_id ?? standingNotice?.id)}
                onOpenNotice={(opener) => void openNotices(opener, standing.notice_id ?? standingNotice?.id ?? null)}
              />
            ) : (
              user &&
              open && (
                <>
                  {standing?.status === 'premoderated' && (
                    <p class="th-note" data-testid="premod-note">
                      {t('standing.premoderated')}
                    </p>
                  )}
                  <Composer
                    mode="new"
                    uid={`${uid}-new`}
                    label={t('composer.label')}
                    draftKey={`townhall:draft:${base}:${site}:${story}`}
                    onSubmit={(body) => actions.post(body, null)}
                  />
                </>
              )
            )}
            {!block && <RulesLink />}
          </div>

          <div class={`th-status${status ? ` th-status-${status.tone}` : ''}`} data-testid="status-message" role="status">
            {status && (
              <>
                <span>{status.text}</span>
                <button
                  type="button"
                  class="th-icon-button"
                  aria-label={t('status.dismiss')}
                  title={t('status.dismiss')}
                  onClick={() => setStatus(null)}
                >
                  <Icon name="close" />
                </button>
              </>
            )}
          </div>

          {incoming > 0 && (
            <button type="button" class="th-new" data-testid="new-comments-button" onClick={showIncoming}>
              {t('thread.newComments', { n: incoming })}
            </button>
          )}

          {phase === 'loading' && (
            <div class="th-skeleton" role="status">
              <span class="th-sr">{t('thread.loading')}</span>
              {[0, 1, 2].map((i) => (
                <div key={i} class="th-skeleton-item" aria-hidden="true">
                  <div class="th-skeleton-line th-short" />
                  <div class="th-skeleton-line" />
                  <div class="th-skeleton-line th-mid" />
                </div>
              ))}
            </div>
          )}

          {phase === 'error' && (
            <div class="th-error" role="alert">
              <p>{loadError ?? t('thread.loadError')}</p>
              <button type="button" class="th-button" onClick={() => void loadThread(sort)}>
                {t('thread.retry')}
              </button>
            </div>
          )}

          {tabs && (
            <div role="group" class="th-tabs th-view-tabs" aria-label={t('tabs.label')}>
              {(['all', 'featured'] as const).map((v) => (
                <button key={v} type="button" data-testid={`tab-${v}`} aria-pressed={view === v} onClick={() => void showView(v)}>
                  {v === 'all' ? t('tabs.all') : t('tabs.featured', { n: featuredCount })}
                </button>
              ))}
            </div>
          )}

          {view === 'featured' && featured && (
            <div>
              <ol class="th-thread" data-testid="featured-list" aria-busy={featured.phase === 'loading'}>
                {featured.items.map((c) => (
                  <li key={c.id}>
                    <FeaturedComment c={c} />
                  </li>
                ))}
              </ol>
              {featured.phase === 'ready' && featured.items.length === 0 && <p class="th-empty">{t('featured.empty')}</p>}
              {featured.phase === 'loading' && <p class="th-empty">{t('thread.loading')}</p>}
            </div>
          )}

          {phase === 'ready' && view === 'all' && (
            <div>
              <ol class="th-thread" data-testid="thread" aria-labelledby={ids.heading} aria-busy={busy}>
                {thread.top.map((id) => (
                  <li key={id}>
                    <CommentItem id={id} />
                  </li>
                ))}
              </ol>
              {thread.top.length === 0 && <p class="th-empty">{t('thread.empty')}</p>}
              {thread.nextCursor && (
                <button type="button" class="th-button th-load-more" data-testid="load-more" aria-disabled={loadingMore} onClick={loadMore}>
                  {loadingMore ? t('thread.loadingMore') : t('thread.loadMore')}
                </button>
              )}
            </div>
          )}

          <div class="th-sr" aria-live="polite" aria-atomic="true">
            {announcement}
          </div>
        </section>

        {dialog?.kind === 'auth' && (
          <AuthDialog
            mode={dialog.mode}
            uid={uid}
            opener={dialog.opener}
            fallbackFocus={() => shadow()?.querySelector?.<HTMLElement>('[data-testid="composer-input"]') ?? null}
            onClose={() => setDialog(null)}
            onSignedIn={signedIn}
          />
        )}
        {dialog?.kind === 'report' && (
          <ReportDialog
            uid={uid}
            comment={dialog.comment}
            opener={dialog.opener}
            fallbackFocus={() => shadow()?.querySelector?.<HTMLElement>(`[data-comment-id="${dialog.comment.id}"]`) ?? null}
            loadRules={loadRules}
            onClose={() => setDialog(null)}
            onReported={reported}
          />
        )}
        {dialog?.kind === 'notices' && (
          <NoticesPanel
            uid={uid}
            state={notices}
            phase={noticesPhase}
            opener={dialog.opener}
            focusId={dialog.focus}
            onClose={closeNotices}
            onAppealed={(id, appealId) => dispatchNotices({ type: 'appealed', id, appealId })}
          />
        )}
        {dialog?.kind === 'delete' && (
          <Dialog
            labelId={`${uid}-confirm-title`}
            describedBy={`${uid}-confirm-body`}
            opener={dialog.opener}
            fallbackFocus={() => deleteFallback(dialog.id)}
            onClose={() => setDialog(null)}
            testId="confirm-dialog"
          >
            <h2 id={`${uid}-confirm-title`}>{t('confirm.deleteTitle')}</h2>
            <p id={`${uid}-confirm-body`}>{t('confirm.deleteBody')}</p>
            <div class="th-dialog-actions">
              <button type="button" class="th-button" data-autofocus onClick={() => setDialog(null)}>
                {t('confirm.cancel')}
              </button>
              <button
                type="button"
                class="th-button th-danger-button"
                data-testid="confirm-submit"
                onClick={() => void confirmDelete(dialog.id)}
              >
                {t('confirm.delete')}
              </button>
            </div>
          </Dialog>
        )}
      </div>
    </WidgetContext.Provider>
  );
}
