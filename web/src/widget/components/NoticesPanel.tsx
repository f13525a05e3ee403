// The reader's notices: statements of reasons for what moderators did to
// their comments or account (what, for how long, which comment, which rule
// and why, whether automation was involved) with the appeal, once per
// decision. GET /api/v1/me/notifications, POST /api/v1/appeals.

import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useWidget } from '../context';
import type { MessageKey } from '../i18n';
import { errorMessage } from '../lib/errors';
import { exactTime, longTime } from '../lib/time';
import { APPEAL_MAX, charCount, validateAppeal, type NoticesState } from '../state/moderation';
import type { Notice } from '../types';
import { Dialog } from './Dialog';
import { described } from './Field';
import { Icon } from './Icon';

const KINDS =
  'comment_rejected comment_held comment_restored account_warned account_premoderated account_suspended account_banned restriction_lifted appeal_decided appeal_on_your_decision notice_received notice_decided'.split(' ');

export function noticeTitle(kind: string): MessageKey {
  return KINDS.includes(kind) ? (`notice.kind.${kind}` as MessageKey) : 'notice.kind.other';
}

/** Answers to an appeal that mean no (more) appeal is possible. */
const CLOSED = ['already_appealed', 'appeal_window_closed', 'not_appealable'];

interface CardProps {
  n: Notice;
  uid: string;
  onAppealed: (id: string, appealId: string | null) => void;
}

export function NoticeCard({ n, uid, onAppealed }: CardProps) {
  const { t, lang, api } = useWidget();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const id = `${uid}-n-${n.id}`;
  const appeal = n.appeal;

  const submit = async (e: Event) => {
    e.preventDefault();
    const invalid = validateAppeal(text);
    if (busy || invalid) return setError(invalid && t(invalid));
    setBusy(true);
    setError(null);
    const r = await api.appeal(n.id, text.trim());
    setBusy(false);
    if (r.ok || CLOSED.includes(r.error.code)) {
      setSent(r.ok ? t('appeal.sent') : errorMessage(r.error, t));
      onAppealed(n.id, r.ok ? (r.data.appeal?.id ?? r.data.id) : null);
    } else {
      setError(errorMessage(r.error, t));
    }
  };

  const facts: [MessageKey, ComponentChildren][] = [];
  if (n.scope) facts.push(['notice.scope', t(`notice.scope.${n.scope}` as MessageKey)]);
  if (n.until || n.kind === 'account_suspended' || n.kind === 'account_banned') {
    facts.push(['notice.until', n.until ? longTime(n.until, lang) : t('notice.untilNone')]);
  }
  if (n.comment) {
    const story = n.comment.story;
    facts.push([
      'notice.comment',
      <>
        <blockquote class="th-excerpt">{n.comment.excerpt}</blockquote>
        {story && (
          <a href={story.url} target="_top">
            {t('notice.onStory', { title: story.title || story.key })}
          </a>
        )}
      </>,
    ]);
  }
  if (n.rule) facts.push(['notice.rule', t('rule.label', { number: n.rule.number, title: n.rule.title })]);
  if (n.explanation) facts.push(['notice.why', n.explanation]);
  if (n.legal_ground) facts.push(['notice.legalGround', n.legal_ground]);
  if (n.action && typeof n.automated === 'boolean') {
    facts.push(['notice.automated', t(n.automated ? 'notice.automatedYes' : 'notice.automatedNo')]);
  }

  const status = appeal?.status;
  const count = charCount(text);
  return (
    <article class="th-notice" data-testid="notice" data-notice-id={n.id} aria-labelledby={`${id}-h`} tabIndex={-1}>
      <h3 id={`${id}-h`}>
        {t(noticeTitle(n.kind))}
        {!n.read && <span class="th-badge th-badge-pending">{t('notices.new')}</span>}
      </h3>
      <p class="th-muted">{exactTime(n.created_at, lang)}</p>
      <dl class="th-facts">
        {facts.map(([k, v]) => (
          <>
            <dt>{t(k)}</dt>
            <dd data-fact={k}>{v}</dd>
          </>
        ))}
      </dl>

      <div role="status" data-testid="appeal-status">
        {sent ??
          (status
            ? t(status === 'open' ? 'notice.appealOpen' : status === 'upheld' ? 'notice.appealUpheld' : 'notice.appealReversed')
            : appeal && !appeal.possible && n.action
              ? t('notice.appealClosed')
              : '')}
      </div>

      {appeal?.possible && !sent && (
        <form class="th-form" noValidate onSubmit={submit} aria-busy={busy} data-testid="appeal-form">
          {appeal.deadline && <p class="th-help">{t('notice.appealDeadline', { date: longTime(appeal.deadline, lang) })}</p>}
          <div class="th-field">
            <label for={`${id}-a`}>{t('appeal.label')}</label>
            <textarea
              {...described(`${id}-a`, error, true)}
              class="th-input"
              rows={3}
              data-testid="appeal-input"
              value={text}
              onInput={(e) => {
                setText(e.currentTarget.value);
                setError(null);
              }}
            />
            <p class={`th-help${count > APPEAL_MAX ? ' th-over' : ''}`} id={`${id}-a-help`}>
              {t('form.counter', { n: count, max: APPEAL_MAX })}
            </p>
          </div>
          <div>
            <button type="submit" class="th-button" data-testid="appeal-submit" aria-disabled={busy}>
              {busy ? t('form.sending') : t('appeal.submit')}
            </button>
          </div>
        </form>
      )}
      {error && (
        <p class="th-field-error" id={`${id}-a-error`} role="alert">
          {error}
        </p>
      )}
    </article>
  );
}

interface PanelProps {
  uid: string;
  state: NoticesState;
  /** 'loading', 'error' or null */
  phase: string | null;
  opener: HTMLElement | null;
  /** a notice to bring into view (from "Read why, and appeal") */
  focusId: string | null;
  onClose: () => void;
  onAppealed: (id: string, appealId: string | null) => void;
}

export function NoticesPanel({ uid, state, phase, opener, focusId, onClose, onAppealed }: PanelProps) {
  const { t } = useWidget();
  const list = useRef<HTMLOListElement>(null);
  const focused = useRef(false);
  const title = `${uid}-notices`;

  useEffect(() => {
    const el = focusId && !focused.current ? list.current?.querySelector<HTMLElement>(`[data-notice-id="${focusId}"]`) : null;
    if (!el) return;
    focused.current = true;
    el.focus();
    el.scrollIntoView?.({ block: 'nearest' });
  }, [focusId, state.items]);

  return (
    <Dialog labelId={title} describedBy={`${title}-intro`} onClose={onClose} opener={opener} testId="notices-panel" wide>
      <div class="th-dialog-head">
        <h2 id={title}>{t('notices.title')}</h2>
        <button type="button" class="th-icon-button" aria-label={t('dialog.close')} title={t('dialog.close')} onClick={onClose} data-autofocus>
          <Icon name="close" />
        </button>
      </div>
      <p class="th-help" id={`${title}-intro`}>
        {t('notices.intro')}
      </p>
      <p aria-live="polite" class="th-muted">
        {phase === 'error'
          ? t('notices.loadError')
          : !state.loaded
            ? t('thread.loadingMore')
            : state.items.length === 0
              ? t('notices.empty')
              : ''}
      </p>
      <ol class="th-notices" ref={list}>
        {state.items.map((n) => (
          <li key={n.id}>
            <NoticeCard n={n} uid={uid} onAppealed={onAppealed} />
          </li>
        ))}
      </ol>
    </Dialog>
  );
}
