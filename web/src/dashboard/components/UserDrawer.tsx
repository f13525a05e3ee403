// A commenter's history on the current site, in a drawer: standing, figures,
// enforcement history, moderators' notes, recent comments, and the ladder
// (warn, pre-moderate, suspend, ban, lift), each citing a rule.

import { useEffect, useState } from 'preact/hooks';
import { useDashboard } from '../context';
import { t, tMaybe } from '../i18n';
import { errorMessage } from '../lib/errors';
import { isAdmin } from '../lib/session';
import { formatTime, localInputToIso, timeAgo } from '../lib/time';
import type { EnforcementAction, EnforcementRequest, UserHistory } from '../types';
import { CommentBody, StatusBadge, StoryLine } from './CommentCard';
import { Dialog } from './Dialog';

const ACTIONS: EnforcementAction[] = ['warn', 'premod', 'suspend', 'ban', 'lift'];
type Duration = '1h' | '24h' | '7d' | 'custom';

interface LadderForm {
  action: EnforcementAction;
  ruleId: string;
  explanation: string;
  duration: Duration;
  until: string;
  allSites: boolean;
  rejectComments: boolean;
}

/** The request for the ladder form, or the catalog key of what is missing. */
export function enforcementRequest(form: LadderForm, site: string, now = Date.now()): EnforcementRequest | { problem: 'ladder.ruleRequired' | 'ladder.untilRequired' | 'ladder.untilInPast' } {
  const body: EnforcementRequest = { action: form.action, site };
  if (form.action !== 'lift') {
    if (!form.ruleId) return { problem: 'ladder.ruleRequired' };
    body.rule_id = form.ruleId;
  }
  if (form.explanation.trim()) body.explanation = form.explanation.trim();
  if (form.action === 'suspend') {
    if (form.duration === 'custom') {
      const until = localInputToIso(form.until);
      if (!until) return { problem: 'ladder.untilRequired' };
      if (Date.parse(until) <= now) return { problem: 'ladder.untilInPast' };
      body.until = until;
    } else {
      body.duration = form.duration;
    }
  }
  if (form.action === 'ban') {
    if (form.allSites) body.all_sites = true;
    if (form.rejectComments) body.reject_comments = true;
  }
  return body;
}

const STAFF = new Set(['staff', 'moderator', 'admin']);

export function UserDrawer({ userId, onClose }: { userId: string; onClose: () => void }) {
  const { api, site, rules, user: me, announce, fail, refreshCounts } = useDashboard();
  const [history, setHistory] = useState<UserHistory | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [form, setForm] = useState<LadderForm>({ action: 'warn', ruleId: '', explanation: '', duration: '24h', until: '', allSites: false, rejectComments: false });
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [note, setNote] = useState('');

  const load = async () => {
    const r = await api.user(userId, site.id);
    if (r.ok) {
      setHistory(r.data);
      setLoadError(null);
    } else setLoadError(errorMessage(r.error));
  };
  useEffect(() => {
    setHistory(null);
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [userId, site.id]);

  const set = (patch: Partial<LadderForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setProblem(null);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const body = enforcementRequest(form, site.id);
    if ('problem' in body) return setProblem(t(body.problem));
    setSending(true);
    const r = await api.enforce(userId, body);
    setSending(false);
    const name = history?.user.name ?? '';
    if (!r.ok) {
      setProblem(errorMessage(r.error));
      fail(t('result.failed', { action: t(`ladder.${form.action}`), name, error: errorMessage(r.error) }));
      return;
    }
    announce(
      form.action === 'ban' && r.data.rejected_comments > 0
        ? t('result.bannedRejected', { name, n: r.data.rejected_comments })
        : t(`result.ladder.${form.action}`, { name }),
    );
    setForm((f) => ({ ...f, explanation: '' }));
    refreshCounts();
    void load();
  };

  const addNote = async (e: Event) => {
    e.preventDefault();
    if (!note.trim()) return;
    const r = await api.addNote(userId, site.id, note.trim());
    if (!r.ok) return fail(errorMessage(r.error));
    setNote('');
    announce(t('result.noteAdded'));
    setHistory((h) => (h ? { ...h, notes: [r.data.note, ...h.notes] } : h));
  };

  const u = history?.user;
  const isStaff = u ? STAFF.has(String(u.role)) : false;
  const ruleTitle = (id: string | null) => (id ? (rules.find((r) => r.id === id)?.title ?? id) : '—');

  return (
    <Dialog labelId="drawer-title" onClose={onClose} testId="user-drawer" variant="drawer">
      <div class="md-drawer-head">
        <h2 id="drawer-title">{u ? u.name : t('drawer.loading')}</h2>
        <button type="button" class="md-btn md-quiet" data-testid="drawer-close" aria-label={t('common.close')} onClick={onClose}>
          ✕
        </button>
      </div>
      {loadError ? (
        <p class="md-error" role="alert">
          {loadError}
        </p>
      ) : null}
      {history && u ? (
        <>
          <p class="md-muted">
            {u.email ? `${u.email} · ` : ''}
            {tMaybe(`role.${u.role}`) ?? u.role} · {t('drawer.joined', { time: formatTime(u.created_at) })}
          </p>
          <p>
            <span class={`md-badge md-standing-${history.standing.status}`} data-testid="standing">
              {tMaybe(`standing.${history.standing.status}`) ?? history.standing.status}
            </span>
            {history.standing.until ? <span class="md-muted"> {t('drawer.until', { time: formatTime(history.standing.until) })}</span> : null}
          </p>
          <dl class="md-stats">
            <div><dt>{t('stats.comments')}</dt><dd>{history.stats.comments}</dd></div>
            <div><dt>{t('stats.rejected')}</dt><dd>{history.stats.rejected} ({Math.round(history.stats.rejection_rate * 100)}%)</dd></div>
            <div><dt>{t('stats.reportsFiled')}</dt><dd>{history.stats.reports_filed}</dd></div>
            <div><dt>{t('stats.reportsUpheld')}</dt><dd>{history.stats.reports_upheld} / {history.stats.reports_dismissed}</dd></div>
            <div><dt>{t('stats.reportWeight')}</dt><dd>{history.stats.report_weight.toFixed(1)}</dd></div>
          </dl>

          <section aria-labelledby="ladder-title">
            <h3 id="ladder-title">{t('ladder.title')}</h3>
            {isStaff ? (
              <p class="md-muted">{t('ladder.staff')}</p>
            ) : (
              <form class="md-ladder" onSubmit={submit} data-testid="ladder">
                <fieldset>
                  <legend>{t('ladder.action')}</legend>
                  <div class="md-segmented">
                    {ACTIONS.map((a) => (
                      <label key={a} class={form.action === a ? 'md-checked' : ''}>
                        <input type="radio" name="ladder-action" value={a} checked={form.action === a} onChange={() => set({ action: a })} />
                        {t(`ladder.${a}`)}
                      </label>
                    ))}
                  </div>
                </fieldset>
                {form.action === 'suspend' ? (
                  <fieldset>
                    <legend>{t('ladder.duration')}</legend>
                    <div class="md-segmented">
                      {(['1h', '24h', '7d', 'custom'] as Duration[]).map((d) => (
                        <label key={d} class={form.duration === d ? 'md-checked' : ''}>
                          <input type="radio" name="ladder-duration" value={d} checked={form.duration === d} onChange={() => set({ duration: d })} />
                          {t(`ladder.duration.${d}`)}
                        </label>
                      ))}
                    </div>
                    {form.duration === 'custom' ? (
                      <label class="md-field">
                        <span>{t('ladder.until')}</span>
                        <input type="datetime-local" value={form.until} onInput={(e) => set({ until: e.currentTarget.value })} />
                      </label>
                    ) : null}
                  </fieldset>
                ) : null}
                {form.action === 'ban' ? (
                  <fieldset>
                    <legend>{t('ladder.scope')}</legend>
                    <label class="md-check">
                      <input type="radio" name="ladder-scope" checked={!form.allSites} onChange={() => set({ allSites: false })} />
                      {t('ladder.scopeSite', { site: site.name })}
                    </label>
                    {isAdmin(me) ? (
                      <label class="md-check">
                        <input type="radio" name="ladder-scope" checked={form.allSites} onChange={() => set({ allSites: true })} />
                        {t('ladder.scopeAll')}
                      </label>
                    ) : null}
                    <label class="md-check">
                      <input type="checkbox" checked={form.rejectComments} onChange={(e) => set({ rejectComments: e.currentTarget.checked })} />
                      {t('ladder.rejectComments')}
                    </label>
                  </fieldset>
                ) : null}
                {form.action !== 'lift' ? (
                  <label class="md-field">
                    <span>{t('ladder.rule')}</span>
                    <select value={form.ruleId} onChange={(e) => set({ ruleId: e.currentTarget.value })} data-testid="ladder-rule">
                      <option value="">{t('ladder.pickRule')}</option>
                      {rules.map((r) => (
                        <option key={r.id} value={r.id}>
                          {r.number}. {r.title}
                        </option>
                      ))}
                    </select>
                  </label>
                ) : null}
                <label class="md-field">
                  <span>{t('ladder.explanation')}</span>
                  <textarea rows={2} maxLength={2000} value={form.explanation} onInput={(e) => set({ explanation: e.currentTarget.value })} />
                </label>
                {problem ? (
                  <p class="md-error" role="alert">
                    {problem}
                  </p>
                ) : null}
                <button type="submit" class={`md-btn ${form.action === 'lift' ? 'md-primary' : 'md-reject'}`} disabled={sending} data-testid="ladder-submit">
                  {t(`ladder.submit.${form.action}`)}
                </button>
              </form>
            )}
          </section>

          <section aria-labelledby="history-title">
            <h3 id="history-title">{t('drawer.enforcements')}</h3>
            {history.enforcements.length === 0 ? (
              <p class="md-muted">{t('drawer.noEnforcements')}</p>
            ) : (
              <ul class="md-timeline">
                {history.enforcements.map((en) => (
                  <li key={en.id}>
                    <strong>{tMaybe(`ladder.${en.action}`) ?? en.action}</strong> · {ruleTitle(en.rule_id)}
                    {en.until ? ` · ${t('drawer.until', { time: formatTime(en.until) })}` : ''}
                    {en.lifted_at ? ` · ${t('drawer.lifted', { time: formatTime(en.lifted_at) })}` : ''}
                    <div class="md-muted">
                      {en.automated ? t('card.automated') : (en.actor?.name ?? '—')} · {formatTime(en.created_at)}
                      {en.site_id === null ? ` · ${t('ladder.scopeAll')}` : ''}
                    </div>
                    {en.explanation ? <div>{en.explanation}</div> : null}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="notes-title">
            <h3 id="notes-title">{t('drawer.notes')}</h3>
            <form class="md-note-form" onSubmit={addNote}>
              <label class="md-field">
                <span>{t('drawer.addNote')}</span>
                <textarea rows={2} maxLength={2000} value={note} data-testid="note-input" onInput={(e) => setNote(e.currentTarget.value)} />
              </label>
              <button type="submit" class="md-btn" disabled={!note.trim()}>
                {t('drawer.saveNote')}
              </button>
            </form>
            <ul class="md-notes">
              {history.notes.map((n) => (
                <li key={n.id}>
                  <div class="md-prewrap">{n.body}</div>
                  <div class="md-muted">
                    {n.author.name} · {timeAgo(n.created_at)}
                  </div>
                </li>
              ))}
            </ul>
          </section>

          <section aria-labelledby="recent-title">
            <h3 id="recent-title">{t('drawer.recent')}</h3>
            {history.comments.length === 0 ? <p class="md-muted">{t('drawer.noComments')}</p> : null}
            <ul class="md-recent">
              {history.comments.map(({ comment, story }) => (
                <li key={comment.id}>
                  <StoryLine story={story} />
                  <div class="md-muted">
                    {formatTime(comment.created_at)} <StatusBadge status={comment.status} />
                  </div>
                  <CommentBody comment={comment} />
                </li>
              ))}
            </ul>
          </section>
        </>
      ) : null}
    </Dialog>
  );
}
