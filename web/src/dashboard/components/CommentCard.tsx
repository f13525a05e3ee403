// A comment in a queue: where it was posted, who wrote it, what it replies
// to, why it is in this queue (automated reasons, readers' reports), and the
// moderator's actions.

import { t, tMaybe } from '../i18n';
import { serverHtml } from '../lib/html';
import { formatTime, timeAgo } from '../lib/time';
import type { CommentItem, Evidence, ModComment, ParentComment, Reason, Report, StoryRef } from '../types';

export function StatusBadge({ status }: { status: string }) {
  return <span class={`md-badge md-status-${status}`}>{tMaybe(`status.${status}`) ?? status}</span>;
}

/** Why the comment has its status (`rule`, `author_banned`…), unless a reason below says it already. */
export function StatusReason({ comment, reasons }: { comment: ModComment; reasons: Reason[] }) {
  const code = comment.reason;
  if (!code || reasons.some((r) => r.code === code)) return null;
  const label = tMaybe(`reason.${code}`) ?? code;
  return (
    <span class="md-muted" data-testid="status-reason" data-code={code}>
      {' '}
      ({label})
    </span>
  );
}

export function StoryLine({ story }: { story: StoryRef | null }) {
  if (!story) return null;
  return (
    <div class="md-story">
      {story.url ? (
        <a href={story.url} target="_blank" rel="noopener noreferrer">
          {story.title || story.key}
        </a>
      ) : (
        <span>{story.title || story.key}</span>
      )}
      <span class="md-muted"> · {story.key}</span>
    </div>
  );
}

export function AuthorButton({ author, onOpen }: { author: { id: string; name: string }; onOpen: (el: HTMLElement) => void }) {
  return (
    <button
      type="button"
      class="md-link md-author"
      data-testid="author"
      aria-label={t('card.authorLabel', { name: author.name })}
      onClick={(e) => onOpen(e.currentTarget as HTMLElement)}
    >
      {author.name}
    </button>
  );
}

export function CommentBody({ comment }: { comment: ModComment }) {
  return <div class="md-body" data-testid="comment-body" dangerouslySetInnerHTML={serverHtml(comment.body_html)} />;
}

function ParentContext({ parent }: { parent: ParentComment }) {
  return (
    <details class="md-parent">
      <summary>{t('card.inReplyTo', { name: parent.author?.name ?? '—' })}</summary>
      <div class="md-body md-parent-body" dangerouslySetInnerHTML={serverHtml(parent.body_html)} />
    </details>
  );
}

/** Evidence chips shown per reason; the rest are counted ("and 4 more"). */
export const MAX_EVIDENCE_CHIPS = 12;

/** One piece of evidence as a chip's text: "phrase → matched text", or a spam token and its weight. */
export function evidenceText(evidence: Evidence | string, phase: string | undefined): string {
  if (typeof evidence === 'string') return evidence;
  const label = evidence.label ?? '';
  const text = evidence.text ?? '';
  if (phase === 'spam') {
    const token = label || text;
    return typeof evidence.weight === 'number' ? `${token} ${evidence.weight.toFixed(2)}` : token;
  }
  if (label && text && label !== text) return `${label} → ${text}`;
  return label || text;
}

export function ReasonItem({ reason }: { reason: Reason }) {
  const evidence = (reason.evidence ?? []).filter((e) => evidenceText(e, reason.phase) !== '');
  const shown = evidence.slice(0, MAX_EVIDENCE_CHIPS);
  const phase = reason.phase ? (tMaybe(`phase.${reason.phase}`) ?? reason.phase) : null;
  return (
    <li data-testid="reason" data-phase={reason.phase} data-code={reason.code}>
      {phase ? <span class="md-phase">{phase}</span> : null}
      <span class="md-chip">{tMaybe(`reason.${reason.code}`) ?? reason.code}</span>
      {reason.action === 'reject' || reason.action === 'hold' ? <span class="md-chip md-chip-auto">{t(`card.action.${reason.action}`)}</span> : null}
      {reason.automated && !reason.phase ? <span class="md-chip md-chip-auto">{t('card.automated')}</span> : null}
      {reason.message ? <span class="md-reason-message"> {reason.message}</span> : null}
      {shown.length > 0 ? (
        <ul class="md-evidence" aria-label={t(reason.phase === 'spam' ? 'card.spamTokens' : 'card.evidence')}>
          {shown.map((e, i) => (
            <li key={i} class="md-evidence-chip" data-testid="evidence">
              {evidenceText(e, reason.phase)}
            </li>
          ))}
          {evidence.length > shown.length ? <li class="md-muted">{t('card.moreEvidence', { n: evidence.length - shown.length })}</li> : null}
        </ul>
      ) : null}
    </li>
  );
}

export function Reasons({ reasons }: { reasons: Reason[] }) {
  if (reasons.length === 0) return null;
  return (
    <ul class="md-reasons" aria-label={t('card.reasons')}>
      {reasons.map((r, i) => (
        <ReasonItem key={`${r.code}-${i}`} reason={r} />
      ))}
    </ul>
  );
}

function Reports({ reports, weight }: { reports: Report[]; weight: number | undefined }) {
  if (reports.length === 0) return null;
  return (
    <div class="md-reports">
      <h4>
        {t('card.reports', { n: reports.length })}
        {weight !== undefined ? <span class="md-muted"> · {t('card.reportWeight', { weight: weight.toFixed(1) })}</span> : null}
      </h4>
      <ul>
        {reports.map((r) => (
          <li key={r.id}>
            <strong>{r.rule_title || r.rule_id}</strong>
            <span class="md-muted">
              {' '}
              — {r.reporter?.name ?? t('card.anonymous')}
              {r.weight !== undefined ? ` (${t('card.weight', { weight: r.weight.toFixed(1) })})` : ''} · {timeAgo(r.created_at)}
            </span>
            {r.details ? <q class="md-report-details">{r.details}</q> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

export interface CardActions {
  approve: () => void;
  reject: (opener: HTMLElement | null) => void;
  feature: () => void;
  openUser: (opener: HTMLElement | null) => void;
  select: () => void;
}

interface Props {
  item: CommentItem;
  selected: boolean;
  busy: boolean;
  actions: CardActions;
}

export function CommentCard({ item, selected, busy, actions }: Props) {
  const c = item.comment;
  const headingId = `card-${c.id}`;
  return (
    <article
      class={`md-card${selected ? ' md-selected' : ''}`}
      data-testid="queue-card"
      data-comment-id={c.id}
      aria-labelledby={headingId}
      aria-current={selected ? 'true' : undefined}
      tabIndex={selected ? 0 : -1}
      onClick={actions.select}
    >
      <header class="md-card-head">
        <StoryLine story={item.story} />
        <div class="md-meta" id={headingId}>
          <AuthorButton author={c.author} onOpen={(el) => actions.openUser(el)} />
          <span class="md-muted">
            {' · '}
            <time dateTime={c.created_at} title={formatTime(c.created_at)}>
              {timeAgo(c.created_at)}
            </time>
            {c.edited_at ? ` · ${t('card.edited')}` : ''}
          </span>
          <StatusBadge status={c.status} />
          <StatusReason comment={c} reasons={item.reasons ?? []} />
          {c.featured ? <span class="md-badge md-featured">{t('card.featured')}</span> : null}
        </div>
      </header>
      {item.parent ? <ParentContext parent={item.parent} /> : null}
      <CommentBody comment={c} />
      <Reasons reasons={item.reasons ?? []} />
      <Reports reports={item.reports ?? []} weight={item.report_weight} />
      <div class="md-actions" role="group" aria-label={t('card.actions')}>
        <button type="button" class="md-btn md-approve" data-testid="approve" disabled={busy} onClick={(e) => { e.stopPropagation(); actions.approve(); }}>
          {t('action.approve')} <kbd>a</kbd>
        </button>
        <button type="button" class="md-btn md-reject" data-testid="reject" disabled={busy} onClick={(e) => { e.stopPropagation(); actions.reject(e.currentTarget as HTMLElement); }}>
          {t('action.reject')} <kbd>r</kbd>
        </button>
        <button type="button" class="md-btn" data-testid="feature" disabled={busy || c.status === 'rejected' || c.status === 'pending'} onClick={(e) => { e.stopPropagation(); actions.feature(); }}>
          {c.featured ? t('action.unfeature') : t('action.feature')} <kbd>f</kbd>
        </button>
        <button type="button" class="md-btn md-quiet" data-testid="open-user" onClick={(e) => { e.stopPropagation(); actions.openUser(e.currentTarget as HTMLElement); }}>
          {t('action.history')} <kbd>u</kbd>
        </button>
      </div>
    </article>
  );
}
