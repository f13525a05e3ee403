// Shapes of the Townhall HTTP API v1 as the widget uses them (docs/api.md).
// Ids are strings and are compared as strings, never parsed into numbers.
// The API may add fields at any time; unknown fields are ignored.

export type CommentStatus = 'published' | 'approved' | 'pending' | 'rejected' | 'deleted';

export type Sort = 'newest' | 'oldest' | 'reactions' | 'replies';
export const SORTS: readonly Sort[] = ['newest', 'oldest', 'reactions', 'replies'];

export interface Author {
  id: string;
  name: string;
}

export interface Comment {
  id: string;
  parent_id: string | null;
  /** null on placeholders of hidden comments */
  author: Author | null;
  /** already sanitized by the server; "" on placeholders */
  body_html: string;
  created_at: string;
  edited_at: string | null;
  status: CommentStatus;
  reactions: number;
  reply_count: number;
  replies: Comment[];
  /** replies nested deeper than three levels name the comment they answer */
  reply_to?: { id: string; author: Author | null };
  /** a top-level comment with more than 100 replies: only the oldest 100 are included */
  more_replies?: boolean;
  // The author's view (POST, PATCH, GET comments/{id}, me.own) adds:
  editable_until?: string;
  reason?: string;
  /** the Markdown source, if the server provides it in the author's view */
  body?: string;
  /** chosen by a moderator (docs/api-moderation.md, "Featured comments") */
  featured?: boolean;
}

export interface Story {
  id: string;
  title: string;
  url: string;
  open: boolean;
  comment_count: number;
  created_at?: string;
  featured_count?: number;
}

export interface ThreadResponse {
  story: Story;
  comments: Comment[];
  next_cursor: string | null;
}

export interface User {
  id: string;
  name: string;
  role: string;
  email?: string;
}

export interface SessionResponse {
  user: User;
  token: string;
  expires_at?: string;
}

/** GET sites/{site}/stories/{story}/me */
export interface StoryMe {
  user: User;
  reacted: string[];
  own: Comment[];
  standing?: Standing;
}

// Moderation (docs/api-moderation.md).

export type StandingStatus = 'ok' | 'warned' | 'premoderated' | 'suspended' | 'banned';

/** The reader's commenting privilege, from …/me or a 403 on a write. */
export interface Standing {
  status: StandingStatus;
  until?: string | null;
  notice_id?: string | null;
  rule_id?: string | null;
  explanation?: string | null;
}

export interface Rule {
  id: string;
  number: number;
  title: string;
  body_html: string;
}

export interface RulesResponse {
  site?: { id: string; name: string };
  rules: Rule[];
}

export interface IllegalNotice {
  law: string;
  details: string;
  name: string;
  email: string;
  good_faith: boolean;
}

export interface IllegalNoticeResponse {
  notice: { id: string; comment_id: string; status: string; received_at: string };
  receipt: string;
}

export type AppealStatus = 'open' | 'upheld' | 'reversed';

/** A statement of reasons (the API's `notification`). */
export interface Notice {
  id: string;
  kind: string;
  site_id?: string;
  created_at: string;
  read: boolean;
  action?: string | null;
  scope?: 'comment' | 'site' | 'all_sites' | null;
  until?: string | null;
  rule?: { id: string; number: number; title: string } | null;
  explanation?: string | null;
  legal_ground?: string | null;
  automated?: boolean;
  comment?: { id: string; excerpt: string; story?: { key: string; title: string; url: string } | null } | null;
  requires_acknowledgement?: boolean;
  acknowledged_at?: string | null;
  appeal?: { possible: boolean; deadline?: string | null; id?: string | null; status?: AppealStatus | null } | null;
}

export interface NoticesResponse {
  items: Notice[];
  unread: number;
  next_cursor: string | null;
}

export interface ReactionResponse {
  comment_id: string;
  reacted: boolean;
  reactions: number;
}

export interface PreviewResponse {
  body_html: string;
}

// Live events (text/event-stream on …/events).
export interface CommentEvent {
  type: 'created' | 'edited' | 'removed' | 'restored';
  comment: Comment;
  comment_count?: number;
}

export interface ReactionEvent {
  comment_id: string;
  reactions: number;
}

export interface StoryEvent {
  open: boolean;
  comment_count: number;
}

/** Whether a comment's body may be shown to everyone. */
export function isPublic(status: CommentStatus): boolean {
  return status === 'published' || status === 'approved';
}
