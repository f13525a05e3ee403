// One queue: loads pages by cursor as the moderator scrolls, keeps a
// keyboard selection, and applies decisions optimistically (the card leaves
// at once; it comes back, with an error message, if the server refuses).

import { useCallback, useEffect, useReducer, useRef, useState } from 'preact/hooks';
import { useDashboard } from '../context';
import { t } from '../i18n';
import { errorMessage } from '../lib/errors';
import { commandForKey } from '../lib/keys';
import { initialQueue, isAppealItem, isCommentItem, isNoticeItem, itemId, queueKey, queueReducer } from '../state/queue';
import type { AppealItem, CommentItem, DecisionAction, NoticeItem, Order, QueueItem, QueueName } from '../types';
import { AppealCard, NoticeCard } from './CaseCards';
import { CommentCard } from './CommentCard';
import { ExplainDialog } from './ExplainDialog';
import { type RejectChoice, RejectDialog } from './RejectDialog';
import { VirtualList } from './VirtualList';

const PAGE_SIZE = 25;

/** Whether a comment decided with `action` still belongs in `queue`. */
export function staysInQueue(queue: QueueName, action: DecisionAction): boolean {
  if (action === 'feature' || action === 'unfeature') return true;
  return (queue === 'approved' && action === 'approve') || (queue === 'rejected' && action === 'reject');
}

type Open =
  | { kind: 'reject'; item: CommentItem }
  | { kind: 'appeal'; item: AppealItem; outcome: 'uphold' | 'reverse' }
  | { kind: 'notice'; item: NoticeItem; outcome: 'remove' | 'keep' }
  | null;

interface Props {
  queue: QueueName;
  story: string;
  order: Order;
  /** a dialog of the app (help, drawer) is open: shortcuts are off */
  suspended: boolean;
  onHelp: () => void;
}

export function QueueView({ queue, story, order, suspended, onHelp }: Props) {
  const { api, site, rules, announce, fail, refreshCounts, openUser } = useDashboard();
  const key = queueKey(queue, site.id, story, order);
  const [state, dispatch] = useReducer(queueReducer, key, initialQueue);
  const [open, setOpen] = useState<Open>(null);
  const [busy, setBusy] = useState<Set<string>>(new Set());
  const stateRef = useRef(state);
  stateRef.current = state;
  const listRef = useRef<HTMLDivElement>(null);
  const keyboardMoved = useRef(false);

  const load = useCallback(
    async (append: boolean) => {
      const s = stateRef.current;
      if (s.key !== key || s.loading || (append && !s.more)) return;
      dispatch({ type: 'loadStart', key });
      const r = await api.queue<{ items: QueueItem[]; next_cursor: string | null }>(queue, {
        site: site.id,
        story: story || undefined,
        order,
        limit: PAGE_SIZE,
        cursor: append ? s.cursor : null,
      });
      if (r.ok) dispatch({ type: 'loaded', key, items: r.data.items ?? [], nextCursor: r.data.next_cursor ?? null, append });
      else dispatch({ type: 'loadFailed', key, error: r.error });
    },
    [api, key, queue, site.id, story, order],
  );

  useEffect(() => {
    dispatch({ type: 'reset', key });
    setOpen(null);
    // After the reset is in stateRef.
    const id = setTimeout(() => void load(false), 0);
    return () => clearTimeout(id);
  }, [key, load]);

  const setItemBusy = (id: string, on: boolean) =>
    setBusy((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const decide = async (item: CommentItem, action: DecisionAction, choice?: RejectChoice) => {
    const id = item.comment.id;
    const leaves = !staysInQueue(queue, action);
    if (leaves) {
      // The focus was on (or returns to) the card that leaves: carry it to the next one.
      keyboardMoved.current = true;
      dispatch({ type: 'remove', id });
    }
    else setItemBusy(id, true);
    const r = await api.decide(id, { action, ...choice });
    setItemBusy(id, false);
    const name = item.comment.author.name;
    if (!r.ok) {
      if (leaves) dispatch({ type: 'rollback', id });
      fail(t('result.failed', { action: t(`action.${action}`), name, error: errorMessage(r.error) }));
      return;
    }
    if (leaves) dispatch({ type: 'confirm', id });
    else dispatch({ type: 'patchComment', id, patch: r.data.comment ?? {} });
    announce(r.data.changed === false ? t('result.unchanged', { name }) : t(`result.${action}`, { name }));
    refreshCounts();
  };

  const resolveAppeal = async (item: AppealItem, outcome: 'uphold' | 'reverse', explanation: string) => {
    const id = itemId(item);
    keyboardMoved.current = true;
    dispatch({ type: 'remove', id });
    const r = await api.resolveAppeal(item.appeal.id, { outcome, explanation });
    if (!r.ok) {
      dispatch({ type: 'rollback', id });
      fail(errorMessage(r.error));
      return;
    }
    dispatch({ type: 'confirm', id });
    announce(t(outcome === 'uphold' ? 'result.upheld' : 'result.reversed', { name: item.appeal.appellant.name }));
    refreshCounts();
  };

  const decideNotice = async (item: NoticeItem, outcome: 'remove' | 'keep', explanation: string, legalGround: string) => {
    const id = itemId(item);
    keyboardMoved.current = true;
    dispatch({ type: 'remove', id });
    const body: { outcome: 'remove' | 'keep'; explanation: string; legal_ground?: string } = { outcome, explanation };
    if (outcome === 'remove' && legalGround) body.legal_ground = legalGround;
    const r = await api.decideNotice(item.notice.id, body);
    if (!r.ok) {
      dispatch({ type: 'rollback', id });
      fail(errorMessage(r.error));
      return;
    }
    dispatch({ type: 'confirm', id });
    announce(t(outcome === 'remove' ? 'result.noticeRemoved' : 'result.noticeKept'));
    refreshCounts();
  };

  const authorOf = (item: QueueItem): string | null => {
    if (isAppealItem(item)) return item.appeal.appellant.id;
    return item.comment?.author.id ?? null;
  };

  // The one-key shortcuts, while no dialog is open.
  const onKey = (e: KeyboardEvent) => {
    if (open || suspended || e.defaultPrevented) return;
    const command = commandForKey(e);
    if (!command) return;
    const s = stateRef.current;
    const item = s.items[s.selected];
    switch (command) {
      case 'next':
      case 'prev':
        e.preventDefault();
        keyboardMoved.current = true;
        dispatch({ type: 'move', delta: command === 'next' ? 1 : -1 });
        return;
      case 'help':
        e.preventDefault();
        onHelp();
        return;
      case 'refresh':
        e.preventDefault();
        void load(false);
        refreshCounts();
        return;
      case 'close':
        return;
      case 'user': {
        const userId = item ? authorOf(item) : null;
        if (!userId) return;
        e.preventDefault();
        openUser(userId, cardElement());
        return;
      }
      default:
        break;
    }
    if (!item || !isCommentItem(item) || busy.has(item.comment.id)) return;
    e.preventDefault();
    if (command === 'approve') void decide(item, 'approve');
    else if (command === 'reject') setOpen({ kind: 'reject', item });
    else if (command === 'feature') {
      if (item.comment.status === 'rejected' || item.comment.status === 'pending') return fail(t('error.featureHidden'));
      void decide(item, item.comment.featured ? 'unfeature' : 'feature');
    }
  };
  const onKeyRef = useRef(onKey);
  onKeyRef.current = onKey;
  useEffect(() => {
    const handler = (e: KeyboardEvent) => onKeyRef.current(e);
    document.addEventListener('keydown', handler);
    return () => document.removeEventListener('keydown', handler);
  }, []);

  const cardElement = () => listRef.current?.querySelector<HTMLElement>('[aria-current="true"]') ?? null;

  // Keyboard moves carry the focus to the selected card, so screen readers read it.
  useEffect(() => {
    if (!keyboardMoved.current) return;
    keyboardMoved.current = false;
    requestAnimationFrame(() => cardElement()?.focus({ preventScroll: true }));
  }, [state.selected, state.items]);

  const onNearEnd = useCallback(() => {
    const s = stateRef.current;
    if (s.loaded && s.more && !s.loading && !s.error) void load(true);
  }, [load]);

  const renderItem = (item: QueueItem, index: number) => {
    const selected = index === state.selected;
    const select = () => dispatch({ type: 'select', index });
    if (isAppealItem(item)) {
      return (
        <AppealCard
          item={item}
          selected={selected}
          busy={false}
          select={select}
          openUser={openUser}
          resolve={(outcome) => setOpen({ kind: 'appeal', item, outcome: outcome as 'uphold' | 'reverse' })}
        />
      );
    }
    if (isNoticeItem(item)) {
      return (
        <NoticeCard
          item={item}
          selected={selected}
          busy={false}
          select={select}
          openUser={openUser}
          resolve={(outcome) => setOpen({ kind: 'notice', item, outcome: outcome as 'remove' | 'keep' })}
        />
      );
    }
    return (
      <CommentCard
        item={item}
        selected={selected}
        busy={busy.has(item.comment.id)}
        actions={{
          select,
          approve: () => void decide(item, 'approve'),
          reject: () => setOpen({ kind: 'reject', item }),
          feature: () => void decide(item, item.comment.featured ? 'unfeature' : 'feature'),
          openUser: (opener) => openUser(item.comment.author.id, opener),
        }}
      />
    );
  };

  let footer = null;
  if (state.error) {
    footer = (
      <div class="md-list-note" role="alert">
        <p class="md-error">{errorMessage(state.error)}</p>
        <button type="button" class="md-btn" onClick={() => void load(state.loaded)}>
          {t('common.retry')}
        </button>
      </div>
    );
  } else if (state.loading) {
    footer = <p class="md-list-note md-muted">{t('queue.loading')}</p>;
  } else if (state.loaded && state.items.length === 0) {
    footer = (
      <p class="md-list-note md-empty" data-testid="queue-empty">
        {t(`queue.empty.${queue}`)}
      </p>
    );
  } else if (state.loaded && !state.more) {
    footer = <p class="md-list-note md-muted">{t('queue.end')}</p>;
  } else if (state.loaded && state.more) {
    footer = (
      <div class="md-list-note">
        <button type="button" class="md-btn md-quiet" onClick={() => void load(true)}>
          {t('queue.loadMore')}
        </button>
      </div>
    );
  }

  return (
    <div class="md-queue" ref={listRef} data-testid="queue" data-queue={queue}>
      <VirtualList
        items={state.items}
        keyOf={itemId}
        render={renderItem}
        selected={state.selected}
        onNearEnd={onNearEnd}
        footer={footer}
        label={t(`queue.${queue}`)}
        testId="queue-list"
      />
      {open?.kind === 'reject' ? (
        <RejectDialog
          rules={rules}
          authorName={open.item.comment.author.name}
          onClose={() => setOpen(null)}
          onSubmit={(choice) => {
            setOpen(null);
            void decide(open.item, 'reject', choice);
          }}
        />
      ) : null}
      {open?.kind === 'appeal' ? (
        <ExplainDialog
          testId="appeal-dialog"
          title={t(open.outcome === 'uphold' ? 'appeal.upholdTitle' : 'appeal.reverseTitle', { name: open.item.appeal.appellant.name })}
          intro={t(open.outcome === 'uphold' ? 'appeal.upholdHelp' : 'appeal.reverseHelp')}
          confirm={t(open.outcome === 'uphold' ? 'appeal.uphold' : 'appeal.reverse')}
          onClose={() => setOpen(null)}
          onSubmit={(text) => {
            setOpen(null);
            void resolveAppeal(open.item, open.outcome, text);
          }}
        />
      ) : null}
      {open?.kind === 'notice' ? (
        <ExplainDialog
          testId="notice-dialog"
          title={t(open.outcome === 'remove' ? 'notice.removeTitle' : 'notice.keepTitle')}
          intro={t(open.outcome === 'remove' ? 'notice.removeHelp' : 'notice.keepHelp')}
          confirm={t(open.outcome === 'remove' ? 'notice.remove' : 'notice.keep')}
          extra={open.outcome === 'remove' ? { label: t('reject.legalGround'), initial: open.item.notice.law } : undefined}
          onClose={() => setOpen(null)}
          onSubmit={(text, ground) => {
            setOpen(null);
            void decideNotice(open.item, open.outcome, text, ground);
          }}
        />
      ) : null}
    </div>
  );
}
