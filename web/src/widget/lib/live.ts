// Live updates over server-sent events (GET …/events). The browser's
// EventSource reconnects by itself and sends Last-Event-ID, so no event is
// lost across a dropped connection. If the server refuses the stream (an
// older server without the endpoint, a restart in progress) the browser
// gives up; we then try again later with a growing delay, and since a new
// EventSource cannot resume, we ask for a reset when it opens.

import type { CommentEvent, ReactionEvent, StoryEvent } from '../types';

export interface LiveHandlers {
  comment: (event: CommentEvent) => void;
  reaction: (event: ReactionEvent) => void;
  story: (event: StoryEvent) => void;
  /** refetch the thread: the server said so, or events may have been missed */
  reset: () => void;
}

const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 5 * 60_000;

function parse<T>(data: string): T | null {
  try {
    return JSON.parse(data) as T;
  } catch {
    return null;
  }
}

/** Subscribes to `url`; returns a function that closes the stream. */
export function openLiveEvents(url: string, handlers: LiveHandlers): () => void {
  if (typeof EventSource === 'undefined') return () => {};
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let stopped = false;

  const connect = (resume: boolean) => {
    const es = new EventSource(url);
    source = es;
    es.addEventListener('open', () => {
      failures = 0;
      if (resume) handlers.reset();
      resume = false;
    });
    es.addEventListener('comment', (e) => {
      const data = parse<CommentEvent>((e as MessageEvent<string>).data);
      if (data?.comment?.id) handlers.comment(data);
    });
    es.addEventListener('reaction', (e) => {
      const data = parse<ReactionEvent>((e as MessageEvent<string>).data);
      if (data && typeof data.comment_id === 'string') handlers.reaction(data);
    });
    es.addEventListener('story', (e) => {
      const data = parse<StoryEvent>((e as MessageEvent<string>).data);
      if (data && typeof data.open === 'boolean') handlers.story(data);
    });
    es.addEventListener('reset', () => handlers.reset());
    es.addEventListener('error', () => {
      // CONNECTING: the browser retries by itself. CLOSED: it gave up.
      if (stopped || es.readyState !== EventSource.CLOSED) return;
      es.close();
      const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** failures);
      failures += 1;
      timer = setTimeout(() => connect(true), delay);
    });
  };

  connect(false);
  return () => {
    stopped = true;
    clearTimeout(timer);
    source?.close();
  };
}
