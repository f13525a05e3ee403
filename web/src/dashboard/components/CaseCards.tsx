// The cards of the appeals and notices queues: the case (appeal text or the
// illegal-content notice), the decision or comment it is about, and the two
// ways to close it.

import { t, tMaybe } from '../i18n';
import { formatTime, timeAgo } from '../lib/time';
import type { AppealItem, NoticeItem } from '../types';
import { AuthorButton, CommentBody, StatusBadge, StoryLine } from './CommentCard';

interface CaseProps<T> {
  item: T;
  selected: boolean;
  busy: boolean;
  select: () => void;
  openUser: (userId: string, opener: HTMLElement | null) => void;
  resolve: (outcome: string, opener: HTMLElement | null) => void;
}

export function AppealCard({ item, selected, busy, select, openUser, resolve }: CaseProps<AppealItem>) {
  const { appeal, notification: n } = item;
  const headingId = `appeal-${appeal.id}`;
  return (
    <article
      class={`md-card md-case${selected ? ' md-selected' : ''}`}
      data-testid="appeal-card"
      data-appeal-id={appeal.id}
      aria-labelledby={headingId}
      aria-current={selected ? 'true' : undefined}
      tabIndex={selected ? 0 : -1}
      onClick={select}
    >
      <header class="md-card-head">
        <StoryLine story={item.story} />
        <div class="md-meta" id={headingId}>
          {t('appeal.by')} <AuthorButton author={appeal.appellant} onOpen={(el) => openUser(appeal.appellant.id, el)} />
          <span class="md-muted">
            {' · '}
            <time dateTime={appeal.created_at} title={formatTime(appeal.created_at)}>
              {timeAgo(appeal.created_at)}
            </time>
          </span>
        </div>
      </header>
      <section class="md-case-text">
        <h4>{t('appeal.text')}</h4>
        <blockquote>{appeal.text}</blockquote>
      </section>
      <section class="md-decision">
        <h4>{t('appeal.decision')}</h4>
        <dl class="md-dl">
          <dt>{t('appeal.kind')}</dt>
          <dd>{tMaybe(`kind.${n.kind}`) ?? n.kind}</dd>
          {n.rule ? (
            <>
              <dt>{t('appeal.rule')}</dt>
              <dd>
                {n.rule.number ? `${n.rule.number}. ` : ''}
                {n.rule.title}
              </dd>
            </>
          ) : null}
          {n.explanation ? (
            <>
              <dt>{t('appeal.explanation')}</dt>
              <dd>{n.explanation}</dd>
            </>
          ) : null}
          {n.until ? (
            <>
              <dt>{t('appeal.until')}</dt>
              <dd>{formatTime(n.until)}</dd>
            </>
          ) : null}
          <dt>{t('appeal.decidedBy')}</dt>
          <dd>
            {appeal.decided_by?.name ?? (n.automated ? t('appeal.automation') : '—')} · {formatTime(n.created_at)}
          </dd>
        </dl>
      </section>
      {item.comment ? (
        <section class="md-case-comment">
          <h4>
            {t('appeal.comment')} <StatusBadge status={item.comment.status} />
          </h4>
          <CommentBody comment={item.comment} />
        </section>
      ) : n.comment?.excerpt ? (
        <section class="md-case-comment">
          <h4>{t('appeal.comment')}</h4>
          <blockquote>{n.comment.excerpt}</blockquote>
        </section>
      ) : null}
      <div class="md-actions" role="group" aria-label={t('card.actions')}>
        <button type="button" class="md-btn md-primary" data-testid="uphold" disabled={busy} onClick={(e) => { e.stopPropagation(); resolve('uphold', e.currentTarget as HTMLElement); }}>
          {t('appeal.uphold')}
        </button>
        <button type="button" class="md-btn" data-testid="reverse" disabled={busy} onClick={(e) => { e.stopPropagation(); resolve('reverse', e.currentTarget as HTMLElement); }}>
          {t('appeal.reverse')}
        </button>
      </div>
    </article>
  );
}

export function NoticeCard({ item, selected, busy, select, openUser, resolve }: CaseProps<NoticeItem>) {
  const { notice, comment } = item;
  const headingId = `notice-${notice.id}`;
  return (
    <article
      class={`md-card md-case${selected ? ' md-selected' : ''}`}
      data-testid="notice-card"
      data-notice-id={notice.id}
      aria-labelledby={headingId}
      aria-current={selected ? 'true' : undefined}
      tabIndex={selected ? 0 : -1}
      onClick={select}
    >
      <header class="md-card-head">
        <StoryLine story={item.story} />
        <div class="md-meta" id={headingId}>
          {t('notice.received', { time: timeAgo(notice.received_at) })}
        </div>
      </header>
      <dl class="md-dl">
        <dt>{t('notice.law')}</dt>
        <dd>{notice.law || '—'}</dd>
        <dt>{t('notice.notifier')}</dt>
        <dd>
          {notice.name} &lt;<a href={`mailto:${notice.email}`}>{notice.email}</a>&gt;
          {notice.good_faith ? <span class="md-muted"> · {t('notice.goodFaith')}</span> : null}
        </dd>
        <dt>{t('notice.details')}</dt>
        <dd class="md-prewrap">{notice.details}</dd>
      </dl>
      <section class="md-case-comment">
        <h4>
          {t('notice.comment')} <AuthorButton author={comment.author} onOpen={(el) => openUser(comment.author.id, el)} />{' '}
          <StatusBadge status={comment.status} />
        </h4>
        <CommentBody comment={comment} />
      </section>
      <div class="md-actions" role="group" aria-label={t('card.actions')}>
        <button type="button" class="md-btn md-reject" data-testid="notice-remove" disabled={busy} onClick={(e) => { e.stopPropagation(); resolve('remove', e.currentTarget as HTMLElement); }}>
          {t('notice.remove')}
        </button>
        <button type="button" class="md-btn" data-testid="notice-keep" disabled={busy} onClick={(e) => { e.stopPropagation(); resolve('keep', e.currentTarget as HTMLElement); }}>
          {t('notice.keep')}
        </button>
      </div>
    </article>
  );
}
