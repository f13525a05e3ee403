import type { Comment, Story, ThreadResponse } from '../src/widget/types';

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
