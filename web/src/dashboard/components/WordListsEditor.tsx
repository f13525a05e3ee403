// Admin: the site's word lists, banned (reject) and suspect (hold), each
// edited as text with one phrase per line, next to the phrase syntax. The
// server compiles a list before saving it; its refusals are shown beside the
// list they concern.

import { useCallback, useEffect, useState } from 'preact/hooks';
import { useDashboard } from '../context';
import { t } from '../i18n';
import { errorMessage } from '../lib/errors';
import {
  checkPhrases,
  countPhrases,
  lineFromServerMessage,
  MAX_PHRASES,
  phraseLines,
  sameList,
  WORD_LIST_KINDS,
  wordListText,
  type WordListKind,
} from '../state/wordLists';

const SYNTAX: [string, string][] = [
  ['phrase', 'wordLists.syntax.phrase'],
  ['phrase*', 'wordLists.syntax.prefix'],
  ['*phrase', 'wordLists.syntax.suffix'],
  ['*phrase*', 'wordLists.syntax.infix'],
  ['phrase | allow1, allow2', 'wordLists.syntax.allow'],
  ['# comment', 'wordLists.syntax.comment'],
];

function Syntax() {
  return (
    <aside class="md-wl-syntax" id="wl-syntax" aria-labelledby="wl-syntax-title" data-testid="word-list-syntax">
      <h3 id="wl-syntax-title">{t('wordLists.syntax')}</h3>
      <dl>
        {SYNTAX.map(([code, key]) => (
          <div key={code}>
            <dt>
              <code>{code}</code>
            </dt>
            <dd>{t(key as Parameters<typeof t>[0])}</dd>
          </div>
        ))}
      </dl>
      <p class="md-muted">{t('wordLists.syntax.spaces')}</p>
    </aside>
  );
}

interface ServerProblem {
  message: string;
  line: number | null;
}

export function WordListPanel({ kind, onDirty }: { kind: WordListKind; onDirty: (kind: WordListKind, dirty: boolean) => void }) {
  const { api, site, announce } = useDashboard();
  const [saved, setSaved] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [loadError, setLoadError] = useState<string | null>(null);
  const [serverProblem, setServerProblem] = useState<ServerProblem | null>(null);
  const [blocked, setBlocked] = useState(false);
  const [saving, setSaving] = useState(false);
  const list = t(kind === 'banned' ? 'wordLists.banned' : 'wordLists.suspect');
  const id = `wl-${kind}`;

  useEffect(() => {
    let live = true;
    setSaved(null);
    setText('');
    setLoadError(null);
    setServerProblem(null);
    setBlocked(false);
    void (async () => {
      const r = await api.wordList(site.id, kind);
      if (!live) return;
      if (!r.ok) return setLoadError(errorMessage(r.error));
      const loaded = wordListText(r.data ?? {});
      setSaved(loaded);
      setText(loaded);
    })();
    return () => {
      live = false;
    };
  }, [api, site.id, kind]);

  const dirty = saved !== null && !sameList(text, saved);
  useEffect(() => {
    onDirty(kind, dirty);
    return () => onDirty(kind, false);
  }, [kind, dirty, onDirty]);

  const count = countPhrases(text);
  const problems = checkPhrases(text);
  const tooMany = count > MAX_PHRASES;

  const save = async (e: Event) => {
    e.preventDefault();
    if (problems.length > 0 || tooMany) {
      setBlocked(true);
      return;
    }
    setBlocked(false);
    setSaving(true);
    const phrases = phraseLines(text);
    const r = await api.saveWordList(site.id, kind, phrases);
    setSaving(false);
    if (!r.ok) {
      const message = r.error.code === 'invalid_phrase' && r.error.message ? r.error.message : errorMessage(r.error);
      setServerProblem({ message, line: r.error.code === 'invalid_phrase' ? lineFromServerMessage(text, r.error.message) : null });
      return;
    }
    setServerProblem(null);
    const stored = r.data && (typeof r.data.text === 'string' || Array.isArray(r.data.phrases)) ? wordListText(r.data) : phrases.join('\n');
    setSaved(stored);
    setText(stored);
    announce(t('wordLists.saved', { list, count: t('wordLists.count', { n: countPhrases(stored) }) }));
  };

  if (saved === null) {
    return (
      <section class="md-wl-panel" aria-labelledby={`${id}-title`} data-testid={`word-list-${kind}`}>
        <h3 id={`${id}-title`}>{list}</h3>
        {loadError ? (
          <p class="md-error" role="alert">
            {loadError}
          </p>
        ) : (
          <p class="md-muted">{t('queue.loading')}</p>
        )}
      </section>
    );
  }

  const describedBy = [`${id}-help`, `${id}-count`, problems.length ? `${id}-problems` : '', serverProblem ? `${id}-error` : '', 'wl-syntax']
    .filter(Boolean)
    .join(' ');

  return (
    <section class="md-wl-panel" aria-labelledby={`${id}-title`} data-testid={`word-list-${kind}`}>
      <h3 id={`${id}-title`}>
        {list}
        {dirty ? <span class="md-badge md-unsaved">{t('wordLists.unsaved')}</span> : null}
      </h3>
      <p class="md-muted" id={`${id}-help`}>
        {t(kind === 'banned' ? 'wordLists.bannedHelp' : 'wordLists.suspectHelp')}
      </p>
      <form onSubmit={save}>
        <label class="md-field">
          <span>{t('wordLists.label', { list })}</span>
          <textarea
            class="md-wl-text"
            rows={12}
            spellcheck={false}
            autocapitalize="off"
            value={text}
            data-testid={`word-list-text-${kind}`}
            aria-invalid={problems.length > 0 || serverProblem || tooMany ? 'true' : undefined}
            aria-describedby={describedBy}
            onInput={(e) => {
              setText(e.currentTarget.value);
              setServerProblem(null);
            }}
          />
        </label>
        <p id={`${id}-count`} class={`md-wl-count${tooMany ? ' md-error' : ' md-muted'}`} data-testid={`word-list-count-${kind}`}>
          {t('wordLists.count', { n: count })} · {t('wordLists.limit', { max: MAX_PHRASES.toLocaleString('en') })}
        </p>
        {tooMany ? <p class="md-error">{t('wordLists.tooMany', { max: MAX_PHRASES.toLocaleString('en'), n: count })}</p> : null}
        {problems.length > 0 ? (
          <div id={`${id}-problems`} class="md-wl-problems" data-testid={`word-list-problems-${kind}`}>
            <p class="md-error" role={blocked ? 'alert' : undefined}>
              {t('wordLists.problemsTitle')}
            </p>
            <ul>
              {problems.map((p) => (
                <li key={`${p.line}-${p.problem}`}>{t(`wordLists.problem.${p.problem}`, { line: p.line, entry: p.entry })}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {serverProblem ? (
          <p id={`${id}-error`} class="md-error" role="alert" data-testid={`word-list-error-${kind}`}>
            {serverProblem.line !== null ? t('wordLists.serverLine', { line: serverProblem.line, message: serverProblem.message }) : serverProblem.message}
          </p>
        ) : null}
        <div class="md-form-actions">
          {dirty ? (
            <button
              type="button"
              class="md-btn md-quiet"
              onClick={() => {
                setText(saved);
                setServerProblem(null);
                setBlocked(false);
              }}
            >
              {t('wordLists.revert')}
            </button>
          ) : null}
          <button type="submit" class="md-btn md-primary" disabled={saving} data-testid={`word-list-save-${kind}`}>
            {t(`wordLists.save.${kind}`)}
          </button>
        </div>
      </form>
    </section>
  );
}

export function WordListsEditor() {
  const { site, setUnsaved } = useDashboard();
  const onDirty = useCallback((kind: WordListKind, dirty: boolean) => setUnsaved(`word-list-${kind}`, dirty), [setUnsaved]);
  return (
    <section class="md-page" aria-labelledby="wl-title" data-testid="word-lists">
      <h2 id="wl-title">{t('wordLists.title', { site: site.name || site.id })}</h2>
      <p class="md-muted">{t('wordLists.help')}</p>
      <div class="md-wl-layout">
        <div class="md-wl-lists">
          {WORD_LIST_KINDS.map((kind) => (
            <WordListPanel key={kind} kind={kind} onDirty={onDirty} />
          ))}
        </div>
        <Syntax />
      </div>
    </section>
  );
}
