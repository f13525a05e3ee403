import type { Comment, Notice, Rule, Story, ThreadResponse } from '../src/widget/types';

let seq = 1000;

export function comment(overrides: Partial<Comment> = {}): Comment {
  seq += 1;
  return {
    id: String(seq),
    parent_id: null,
    author: { id: 'u-other', name: 'Other' },
    body_html: `<p>Comment ${seq}</p>\n`,
    created_at: '2026-11-30T11:00:00.000Z',
    edited_at: null,
    status: 'published',
    reactions: 0,
    reply_count: 0,
    replies: [],
    ...overrides,
  };
}

export function story(overrides: Partial<Story> = {}): Story {
  return { id: 'budget-2027', title: 'Budget 2027', url: 'https://news.example/budget-2027', open: true, comment_count: 0, ...overrides };
}

export function page(comments: Comment[], overrides: Partial<ThreadResponse> = {}): ThreadResponse {
  return { story: story({ comment_count: comments.length }), comments, next_cursor: null, ...overrides };
}

export const RULES: Rule[] = [
  { id: 'civility', number: 1, title: 'Be civil', body_html: '<p>Argue with ideas, not people.</p>' },
  { id: 'spam', number: 2, title: 'No spam', body_html: '<p>No advertising.</p>' },
  { id: 'illegal', number: 3, title: 'Nothing illegal', body_html: '<p>Nothing against the law.</p>' },
];

/** A statement of reasons (docs/api-moderation.md, the notification object). */
export function notice(overrides: Partial<Notice> = {}): Notice {
  seq += 1;
  return {
    id: `n${seq}`,
    kind: 'comment_rejected',
    site_id: 'courier',
    created_at: '2026-11-30T12:00:00.000Z',
    read: false,
    action: 'reject',
    scope: 'comment',
    until: null,
    rule: { id: 'civility', number: 1, title: 'Be civil' },
    explanation: 'Personal attacks on other readers.',
    legal_ground: null,
    automated: false,
    comment: { id: 'c1', excerpt: 'You are all idiots', story: { key: 'budget-2027', title: 'Budget 2027', url: 'https://news.example/budget-2027' } },
    requires_acknowledgement: false,
    acknowledged_at: null,
    appeal: { possible: true, deadline: '2027-05-31T12:00:00.000Z', id: null, status: null },
    ...overrides,
  };
}
