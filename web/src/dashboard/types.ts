// The shapes of docs/api.md and docs/api-moderation.md that the dashboard
// reads. Ids are strings; times are RFC 3339 UTC strings. Fields the server
// may add are ignored.

export type Role = 'commenter' | 'staff' | 'moderator' | 'admin';

export interface User {
  id: string;
  name: string;
  role: Role | string;
  created_at?: string;
  email?: string;
}

export interface SessionResponse {
  user: User;
  token: string;
  expires_at?: string;
}

export interface Person {
  id: string;
  name: string;
}

export interface Site {
  id: string;
  name: string;
}

export const QUEUES = ['pending', 'reported', 'unmoderated', 'approved', 'rejected', 'appeals', 'notices'] as const;
export type QueueName = (typeof QUEUES)[number];
export type Counts = Record<QueueName, number>;
export type Order = 'newest' | 'oldest';

export interface ModComment {
  id: string;
  parent_id: string | null;
  author: Person;
  body_html: string;
  created_at: string;
  edited_at: string | null;
  status: string;
  reason?: string | null;
  featured?: boolean;
  reactions?: number;
  reply_count?: number;
  site_id?: string;
}

export interface StoryRef {
  id: string;
  key: string;
  title: string;
  url: string;
}

export interface ParentComment {
  id: string;
  author: Person;
  body_html: string;
  status: string;
}

/** What an automatic check found: a phrase, token or domain (`label`) and the text it matched. */
export interface Evidence {
  label?: string;
  text?: string;
  /** byte offsets in the comment's Markdown source (equal when there is no span) */
  begin?: number;
  end?: number;
  /** phase-specific: a spam token's weight, a count */
  weight?: number;
}

export type ReasonPhase = 'floods' | 'word_lists' | 'links' | 'spam' | 'trust' | 'reports';

export interface Reason {
  code: string;
  phase?: ReasonPhase | string;
  action?: 'publish' | 'hold' | 'reject' | string;
  automated?: boolean;
  message?: string;
  /** objects from the automatic checks; older servers sent strings */
  evidence?: (Evidence | string)[];
  at?: string;
}

export interface Report {
  id: string;
  rule_id: string;
  rule_title?: string;
  details?: string | null;
  reporter: Person | null;
  weight?: number;
  created_at: string;
}

export interface CommentItem {
  comment: ModComment;
  story: StoryRef | null;
  parent: ParentComment | null;
  reasons: Reason[];
  reports: Report[];
  report_weight?: number;
}

export interface RuleRef {
  id: string;
  number?: number;
  title: string;
}

export interface Notification {
  id: string;
  kind: string;
  site_id?: string;
  created_at: string;
  action?: string;
  scope?: string;
  until?: string | null;
  rule?: RuleRef | null;
  explanation?: string | null;
  legal_ground?: string | null;
  automated?: boolean;
  comment?: { id: string; excerpt: string; story?: { key: string; title: string; url: string } } | null;
}

export interface Appeal {
  id: string;
  text: string;
  status: string;
  created_at: string;
  appellant: Person;
  decided_by?: Person | null;
}

export interface AppealItem {
  appeal: Appeal;
  notification: Notification;
  comment: ModComment | null;
  story: StoryRef | null;
}

export interface Notice {
  id: string;
  law: string;
  details: string;
  name: string;
  email: string;
  good_faith?: boolean;
  status: string;
  received_at: string;
}

export interface NoticeItem {
  notice: Notice;
  comment: ModComment;
  story: StoryRef | null;
}

export type QueueItem = CommentItem | AppealItem | NoticeItem;

export interface QueuePage<T = QueueItem> {
  queue: QueueName;
  items: T[];
  next_cursor: string | null;
}

export interface Rule {
  id: string;
  number: number;
  title: string;
  body_markdown?: string;
  body_html?: string;
  archived?: boolean;
}

export type DecisionAction = 'approve' | 'reject' | 'feature' | 'unfeature';

export interface DecisionRequest {
  action: DecisionAction;
  rule_id?: string;
  explanation?: string;
  legal_ground?: string;
}

export interface DecisionResponse {
  comment: ModComment;
  changed: boolean;
  decision: { id: string; action: string; status_before: string; status_after: string; rule_id: string | null; at: string } | null;
}

export type EnforcementAction = 'warn' | 'premod' | 'suspend' | 'ban' | 'lift';

export interface EnforcementRequest {
  action: EnforcementAction;
  site: string;
  rule_id?: string;
  explanation?: string;
  duration?: '1h' | '24h' | '7d';
  until?: string;
  all_sites?: boolean;
  reject_comments?: boolean;
}

export interface Enforcement {
  id: string;
  action: string;
  site_id: string | null;
  rule_id: string | null;
  explanation: string | null;
  automated: boolean;
  actor: Person | null;
  created_at: string;
  until: string | null;
  lifted_at: string | null;
  acknowledged_at: string | null;
}

export interface Note {
  id: string;
  body: string;
  author: Person;
  created_at: string;
}

export interface UserHistory {
  user: User;
  stats: {
    comments: number;
    rejected: number;
    rejection_rate: number;
    reports_filed: number;
    reports_upheld: number;
    reports_dismissed: number;
    report_weight: number;
  };
  standing: { status: string; until?: string | null; notice_id?: string | null };
  enforcements: Enforcement[];
  notes: Note[];
  comments: { comment: ModComment; story: StoryRef | null }[];
}

export interface AuditEntry {
  id: string;
  at: string;
  site_id: string;
  actor: Person | null;
  automated: boolean;
  action: string;
  comment_id: string | null;
  user_id: string | null;
  rule_id: string | null;
  explanation: string | null;
  status_before: string | null;
  status_after: string | null;
  appeal_id: string | null;
  notice_id: string | null;
}

export type Premoderation = 'off' | 'new_commenters' | 'all';
export type LinkPolicy = 'allow' | 'hold' | 'hold_new_commenters';

export interface AdminSite {
  id: string;
  name: string;
  allowed_origins?: string[];
  settings: Record<string, unknown> & {
    report_threshold?: number;
    premoderation?: Premoderation;
    links?: LinkPolicy;
    max_links?: number;
    link_allow_domains?: string[];
    link_deny_domains?: string[];
    new_commenter_approvals?: number;
    rejection_rate_threshold?: number;
    rejection_window_days?: number;
    spam_threshold?: number;
  };
}

/** GET/PUT /api/v1/admin/sites/{site}/word-lists/{kind} */
export interface WordList {
  kind: 'banned' | 'suspect';
  phrases: string[];
  text: string;
}

export interface Transparency {
  site: string;
  from: string;
  to: string;
  decisions: { total: number; by_action: Record<string, number>; by_rule: Record<string, number>; automated: number; human: number };
  reports: Record<string, number>;
  notices: Record<string, number>;
  median_seconds_report_to_decision: number | null;
  appeals: Record<string, number>;
  enforcement: Record<string, number>;
}
