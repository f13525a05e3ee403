// The append-only audit log of the site, newest first, a page at a time.

import { useEffect, useState } from 'preact/hooks';
import { useDashboard } from '../context';
import { t, tMaybe } from '../i18n';
import { errorMessage } from '../lib/errors';
import { formatTime } from '../lib/time';
import type { AuditEntry } from '../types';

export function AuditView() {
  const { api, site, openUser } = useDashboard();
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState({ user: '', comment: '' });
  const [applied, setApplied] = useState({ user: '', comment: '' });

  const load = async (more: boolean) => {
    setLoading(true);
    const r = await api.audit({ site: site.id, user: applied.user || undefined, comment: applied.comment || undefined, cursor: more ? cursor : null, limit: 50 });
    setLoading(false);
    if (!r.ok) return setError(errorMessage(r.error));
    setError(null);
    setItems((prev) => (more ? [...prev, ...r.data.items] : r.data.items));
    setCursor(r.data.next_cursor);
    setLoaded(true);
  };

  useEffect(() => {
    setItems([]);
    setCursor(null);
    setLoaded(false);
    void load(false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [site.id, applied]);

  return (
    <section class="md-page" aria-labelledby="audit-title" data-testid="audit">
      <h2 id="audit-title">{t('audit.title')}</h2>
      <form
        class="md-filters"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied({ user: filter.user.trim(), comment: filter.comment.trim() });
        }}
      >
        <label class="md-field md-inline">
          <span>{t('audit.user')}</span>
          <input type="text" inputMode="numeric" value={filter.user} onInput={(e) => setFilter({ ...filter, user: e.currentTarget.value })} />
        </label>
        <label class="md-field md-inline">
          <span>{t('audit.comment')}</span>
          <input type="text" inputMode="numeric" value={filter.comment} onInput={(e) => setFilter({ ...filter, comment: e.currentTarget.value })} />
        </label>
        <button type="submit" class="md-btn">
          {t('audit.filter')}
        </button>
      </form>
      <div class="md-table-wrap">
        <table class="md-table">
          <thead>
            <tr>
              <th scope="col">{t('audit.at')}</th>
              <th scope="col">{t('audit.actor')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.subject')}</th>
              <th scope="col">{t('audit.rule')}</th>
              <th scope="col">{t('audit.change')}</th>
              <th scope="col">{t('audit.explanation')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id} data-testid="audit-row">
                <td>
                  <time dateTime={e.at}>{formatTime(e.at)}</time>
                </td>
                <td>{e.automated ? t('card.automated') : (e.actor?.name ?? '—')}</td>
                <td>{tMaybe(`auditAction.${e.action}`) ?? e.action}</td>
                <td>
                  {e.comment_id ? <div>{t('audit.commentId', { id: e.comment_id })}</div> : null}
                  {e.user_id ? (
                    <button type="button" class="md-link" onClick={(ev) => openUser(e.user_id!, ev.currentTarget as HTMLElement)}>
                      {t('audit.userId', { id: e.user_id })}
                    </button>
                  ) : null}
                  {e.appeal_id ? <div>{t('audit.appealId', { id: e.appeal_id })}</div> : null}
                  {e.notice_id ? <div>{t('audit.noticeId', { id: e.notice_id })}</div> : null}
                </td>
                <td>{e.rule_id ?? ''}</td>
                <td>{e.status_before || e.status_after ? `${e.status_before ?? '—'} → ${e.status_after ?? '—'}` : ''}</td>
                <td class="md-prewrap">{e.explanation ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error ? (
        <p class="md-error" role="alert">
          {error}
        </p>
      ) : null}
      {loaded && items.length === 0 && !error ? <p class="md-muted">{t('audit.empty')}</p> : null}
      {cursor ? (
        <button type="button" class="md-btn" disabled={loading} onClick={() => void load(true)} data-testid="audit-more">
          {loading ? t('queue.loading') : t('audit.more')}
        </button>
      ) : null}
    </section>
  );
}
