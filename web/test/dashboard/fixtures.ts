import type { AppealItem, CommentItem, NoticeItem } from '../../src/dashboard/types';

let seq = 5000;

export function commentItem(overrides: Partial<CommentItem['comment']> = {}): CommentItem {
  seq += 1;
  return {
    comment: {
      id: String(seq),
      parent_id: null,
      author: { id: `u${seq}`, name: `Author ${seq}` },
      body_html: `<p>Comment ${seq}</p>`,
      created_at: '2026-11-30T11:00:00.000Z',
      edited_at: null,
      status: 'pending',
      reason: 'reported',
      featured: false,
      reactions: 0,
      reply_count: 0,
      site_id: 'courier',
      ...overrides,
    },
    story: { id: 's1', key: 'budget', title: 'Budget passes', url: 'https://news.example/budget' },
    parent: null,
    reasons: [{ code: 'reported', phase: 'reports', automated: true, message: 'reports weigh 3.2 (threshold 3)', evidence: [], at: '2026-11-30T11:00:00.000Z' }],
    reports: [
      { id: `r${seq}`, rule_id: 'civility', rule_title: 'Be civil', details: 'rude', reporter: { id: 'u9', name: 'Rosa' }, weight: 1.4, created_at: '2026-11-30T11:00:00.000Z' },
    ],
    report_weight: 3.2,
  };
}

export function appealItem(): AppealItem {
  seq += 1;
  return {
    appeal: { id: String(seq), text: 'I was quoting', status: 'open', created_at: '2026-11-30T11:00:00.000Z', appellant: { id: 'u1', name: 'Ada' }, decided_by: { id: 'm1', name: 'Mo' } },
    notification: { id: 'n1', kind: 'comment_rejected', created_at: '2026-11-30T10:00:00.000Z', rule: { id: 'civility', number: 1, title: 'Be civil' }, explanation: 'Attack' },
    comment: commentItem({ status: 'rejected' }).comment,
    story: null,
  };
}

export function noticeItem(): NoticeItem {
  seq += 1;
  return {
    notice: { id: String(seq), law: 'Defamation Act 2013, s.1', details: 'false claim', name: 'Ana', email: 'ana@example.org', good_faith: true, status: 'received', received_at: '2026-11-30T11:00:00.000Z' },
    comment: commentItem({ status: 'published' }).comment,
    story: null,
  };
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
