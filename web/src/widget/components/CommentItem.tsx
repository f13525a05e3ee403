// One comment with its actions, its inline reply/edit composer and its
// replies (long reply lists collapse to the first three).

import { useRef, useState } from 'preact/hooks';
import { useWidget } from '../context';
import type { MessageKey } from '../i18n';
import { en } from '../i18n/en';
import { editLabel, exactTime, relativeTime } from '../lib/time';
import { serverHtml } from '../lib/trusted-html';
import { isPublic, type Comment } from '../types';
import { Composer } from './Composer';
import { Icon } from './Icon';

/** Replies shown before "Show N more replies". */
export const REPLIES_SHOWN = 3;

/** The message for a status reason code from the server (`reason.flood`…), or "not given". */
export function reasonKey(reason: string | undefined): MessageKey {
  const key = `reason.${reason}`;
  return reason && key in en ? (key as MessageKey) : 'reason.unknown';
}

function Time({ iso }: { iso: string }) {
  const { t, lang, now } = useWidget();
  return (
    <time dateTime={iso} title={exactTime(iso, lang)}>
      {relativeTime(iso, now, t)}
    </time>
  );
}

function placeholderText(c: Comment): MessageKey | null {
  if (c.status === 'deleted') return 'comment.deleted';
  if (c.author === null || (!isPublic(c.status) && c.body_html === '')) return 'comment.removed';
  return null;
}

function FeaturedBadge() {
  const { t } = useWidget();
  return (
    <span class="th-badge th-badge-featured" data-testid="featured-badge">
      {t('comment.featured')}
    </span>
  );
}

/** One comment of the Featured tab: flat, read-only, saying what it replies to. */
export function FeaturedComment({ c }: { c: Comment }) {
  const { t, thread } = useWidget();
  const name = c.author?.name ?? '';
  const parent = c.reply_to?.author?.name ?? (c.parent_id ? thread.nodes[c.parent_id]?.comment.author?.name : undefined);
  return (
    <article class="th-comment" data-testid="comment" data-comment-id={c.id} tabIndex={-1} aria-label={t('comment.byline', { name })}>
      <header class="th-meta">
        <span class="th-author">{name}</span>
        <FeaturedBadge />
        {c.parent_id && (
          <span class="th-reply-to">{parent ? t('comment.inReplyTo', { name: parent }) : t('comment.replyToSomeone')}</span>
        )}
        <span class="th-time">
          <Time iso={c.created_at} />
        </span>
      </header>
      <div class="th-body" data-testid="comment-body" dangerouslySetInnerHTML={{ __html: serverHtml(c.body_html) as string }} />
    </article>
  );
}

export function CommentItem({ id }: { id: string }) {
  const { t, lang, now, thread, user, actions, blocked } = useWidget();
  const [replying, setReplying] = useState(false);
  const [editing, setEditing] = useState(false);
  const [expanded, setExpanded] = useState(false);
  const replyButton = useRef<HTMLButtonElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const repliesRef = useRef<HTMLOListElement>(null);
  const node = thread.nodes[id];
  if (!node) return null;
  const c = node.comment;
  const story = thread.story;
  const open = story?.open !== false;
  const mine = user !== null && c.author?.id === user.id;
  const placeholder = placeholderText(c);
  const visible = isPublic(c.status);
  const name = c.author?.name ?? '';
  const reacted = Boolean(thread.reacted[c.id]);
  const edit = mine && open && !blocked && (visible || c.status === 'pending') ? editLabel(c.editable_until, now, t) : null;
  const reported = Boolean(thread.reported[c.id]);
  const domId = `c-${c.id}`;

  const kids = node.children;
  const shown = expanded ? kids : kids.filter((k, i) => i < REPLIES_SHOWN || thread.fresh[k]);
  const hiddenCount = kids.length - shown.length;

  const reveal = () => {
    const firstHidden = kids.find((k) => !shown.includes(k));
    setExpanded(true);
    if (firstHidden) {
      requestAnimationFrame(() => {
        repliesRef.current?.querySelector<HTMLElement>(`[data-comment-id="${firstHidden}"]`)?.focus();
      });
    }
  };

  const classes = ['th-comment', `th-depth-${node.depth}`];
  if (thread.fresh[c.id]) classes.push('th-fresh');
  if (mine) classes.push('th-mine');
  if (placeholder) classes.push('th-placeholder');
  if (!visible && !placeholder) classes.push(`th-status-${c.status}`);

  return (
    <article
      class={classes.join(' ')}
      id={domId}
      data-testid="comment"
      data-comment-id={c.id}
      tabIndex={-1}
      aria-label={placeholder ? t(placeholder) : t('comment.byline', { name })}
    >
      <header class="th-meta">
        {!placeholder && <span class="th-author">{name}</span>}
        {mine && !placeholder && <span class="th-chip">{t('comment.you')}</span>}
        {c.reply_to && (
          <span class="th-reply-to">
            {c.reply_to.author ? t('comment.inReplyTo', { name: c.reply_to.author.name }) : t('comment.inReplyToRemoved')}
          </span>
        )}
        <span class="th-time">
          <Time iso={c.created_at} />
        </span>
        {c.edited_at && !placeholder && (
          <span class="th-edited" title={t('comment.editedAt', { time: exactTime(c.edited_at, lang) })}>
            {t('comment.edited')}
          </span>
        )}
        {!placeholder && c.status === 'pending' && <span class="th-badge th-badge-pending">{t('comment.pending')}</span>}
        {!placeholder && c.status === 'rejected' && <span class="th-badge th-badge-rejected">{t('comment.rejected')}</span>}
        {!placeholder && c.featured && <FeaturedBadge />}
      </header>

      {placeholder ? (
        <p class="th-placeholder-text">{t(placeholder)}</p>
      ) : editing ? (
        <Composer
          mode="edit"
          uid={`${domId}-edit`}
          label={t('composer.editLabel')}
          initial={actions.sourceOf(c.id)}
          autoFocus
          onSubmit={async (body) => {
            const failure = await actions.edit(c.id, body);
            if (!failure) {
              setEditing(false);
              requestAnimationFrame(() => editButton.current?.focus());
            }
            return failure;
          }}
          onCancel={() => {
            setEditing(false);
            requestAnimationFrame(() => editButton.current?.focus());
          }}
        />
      ) : (
        // body_html comes from the server's Markdown renderer and is sanitized there.
        <div class="th-body" data-testid="comment-body" dangerouslySetInnerHTML={{ __html: serverHtml(c.body_html) as string }} />
      )}

      {!placeholder && c.status === 'pending' && (
        <p class="th-note">{c.reason ? t('comment.pendingReason', { reason: t(reasonKey(c.reason)) }) : t('comment.pendingHelp')}</p>
      )}
      {!placeholder && c.status === 'rejected' && (
        <p class="th-note">{t('comment.rejectedHelp', { reason: t(reasonKey(c.reason)) })}</p>
      )}

      {!placeholder && !editing && (
        <div class="th-actions">
          {visible &&
            (mine ? (
              <span class="th-reactions" role="img" aria-label={t('comment.reactions', { n: c.reactions })}>
                <Icon name="heart" />
                <span data-testid="reaction-count" aria-hidden="true">
                  {c.reactions}
                </span>
              </span>
            ) : (
              <button
                type="button"
                class={`th-action th-react${reacted ? ' th-on' : ''}`}
                data-testid="react-button"
                aria-pressed={reacted}
                aria-label={
                  reacted ? t('comment.reactedLabel', { n: c.reactions }) : t('comment.reactLabel', { n: c.reactions, name })
                }
                onClick={(e) => actions.react(c.id, !reacted, e.currentTarget)}
              >
                <Icon name="heart" filled={reacted} />
                <span data-testid="reaction-count">{c.reactions}</span>
              </button>
            ))}
          {visible && open && !blocked && (
            <button
              type="button"
              ref={replyButton}
              class="th-action"
              data-testid="reply-button"
              aria-expanded={replying}
              aria-label={t('comment.replyTo', { name })}
              onClick={(e) => {
                if (!user) {
                  actions.signIn(e.currentTarget);
                  return;
                }
                setReplying(!replying);
              }}
            >
              <Icon name="reply" />
              {t('comment.reply')}
            </button>
          )}
          {edit && (
            <button type="button" ref={editButton} class="th-action" data-testid="edit-button" onClick={() => setEditing(true)}>
              {edit}
            </button>
          )}
          {mine && c.status !== 'deleted' && (
            <button
              type="button"
              class="th-action th-danger"
              data-testid="delete-button"
              onClick={(e) => actions.askDelete(c.id, e.currentTarget)}
            >
              {t('comment.delete')}
            </button>
          )}
          {visible &&
            !mine &&
            (reported ? (
              <span class="th-action th-reported" data-testid="reported-badge" title={t('comment.reportedLabel')}>
                <Icon name="flag" filled />
                {t('comment.reported')}
              </span>
            ) : (
              <button
                type="button"
                class="th-action th-report"
                data-testid="report-button"
                aria-label={t('comment.reportLabel', { name })}
                onClick={(e) => actions.report(c.id, e.currentTarget)}
              >
                <Icon name="flag" />
                {t('comment.report')}
              </button>
            ))}
        </div>
      )}

      {replying && user && open && (
        <Composer
          mode="reply"
          uid={`${domId}-reply`}
          label={t('composer.replyLabel', { name })}
          autoFocus
          onSubmit={async (body) => {
            const failure = await actions.post(body, c.id);
            if (!failure) {
              setReplying(false);
              requestAnimationFrame(() => replyButton.current?.focus());
            }
            return failure;
          }}
          onCancel={() => {
            setReplying(false);
            requestAnimationFrame(() => replyButton.current?.focus());
          }}
        />
      )}

      {kids.length > 0 && (
        <ol
          class="th-replies"
          ref={repliesRef}
          aria-label={
            placeholder
              ? t('replies.labelAnonymous', { n: kids.length })
              : t('replies.label', { n: kids.length, name })
          }
        >
          {shown.map((k) => (
            <li key={k}>
              <CommentItem id={k} />
            </li>
          ))}
        </ol>
      )}
      {hiddenCount > 0 && (
        <button type="button" class="th-more-replies" aria-expanded="false" onClick={reveal}>
          {t('replies.showMore', { n: hiddenCount })}
        </button>
      )}
      {c.more_replies && hiddenCount === 0 && <p class="th-note">{t('replies.truncated')}</p>}
    </article>
  );
}
