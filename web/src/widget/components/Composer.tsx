// Writing a comment, a reply or an edit: a textarea with a small Markdown
// toolbar, and a Preview tab rendered by the server (POST /preview) so that
// what the reader sees is exactly what will be published.

import { useEffect, useRef, useState } from 'preact/hooks';
import { useWidget } from '../context';
import { applyFormat, type Format } from '../lib/markdown';
import { serverHtml } from '../lib/trusted-html';
import { Icon } from './Icon';

export type ComposerMode = 'new' | 'reply' | 'edit';

interface Props {
  mode: ComposerMode;
  uid: string;
  /** the visible label of the textarea */
  label: string;
  initial?: string;
  /** posts or saves; resolves to an error sentence, or null when done */
  onSubmit: (body: string) => Promise<string | null>;
  onCancel?: () => void;
  autoFocus?: boolean;
  /**
   * Keeps the unsent text in sessionStorage under this key, so a reload, a
   * sign-in or an expired session does not lose it.
   */
  draftKey?: string;
}

function readDraft(key: string | undefined): string | null {
  if (!key) return null;
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeDraft(key: string | undefined, text: string): void {
  if (!key) return;
  try {
    if (text.trim() === '') sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, text);
  } catch {
    // storage blocked or full: the draft lives as long as the composer
  }
}

const FORMATS: {
  format: Format;
  key: 'composer.bold' | 'composer.italic' | 'composer.link' | 'composer.quote' | 'composer.code';
  shortcut?: string;
}[] = [
  { format: 'bold', key: 'composer.bold', shortcut: 'b' },
  { format: 'italic', key: 'composer.italic', shortcut: 'i' },
  { format: 'link', key: 'composer.link', shortcut: 'k' },
  { format: 'quote', key: 'composer.quote' },
  { format: 'code', key: 'composer.code' },
];

export function Composer({ mode, uid, label, initial = '', onSubmit, onCancel, autoFocus, draftKey }: Props) {
  const { t, actions } = useWidget();
  const [text, setText] = useState(() => readDraft(draftKey) ?? initial);
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  const [preview, setPreview] = useState<{ html: string } | { error: string } | 'loading' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [tool, setTool] = useState(0);
  const input = useRef<HTMLTextAreaElement>(null);
  const previewFor = useRef<string | null>(null);
  const ids = {
    input: `${uid}-input`,
    label: `${uid}-label`,
    help: `${uid}-help`,
    error: `${uid}-error`,
    write: `${uid}-tab-write`,
    preview: `${uid}-tab-preview`,
    panel: `${uid}-panel`,
  };

  useEffect(() => {
    if (!autoFocus) return;
    const el = input.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, [autoFocus]);

  useEffect(() => writeDraft(draftKey, text), [draftKey, text]);

  // Grow with the text up to a limit, so long comments stay readable.
  useEffect(() => {
    const el = input.current;
    if (!el || tab !== 'write') return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight + 2, 480)}px`;
  }, [text, tab]);

  const format = (f: Format) => {
    const el = input.current;
    if (!el) return;
    const edit = applyFormat(f, el.value, el.selectionStart ?? el.value.length, el.selectionEnd ?? el.value.length, {
      bold: t('composer.boldText'),
      italic: t('composer.italicText'),
      link: t('composer.linkText'),
      quote: t('composer.quoteText'),
      code: t('composer.codeText'),
    });
    setText(edit.text);
    el.value = edit.text;
    el.focus();
    el.setSelectionRange(edit.start, edit.end);
  };

  const showTab = async (next: 'write' | 'preview') => {
    setTab(next);
    if (next === 'write') {
      requestAnimationFrame(() => input.current?.focus());
      return;
    }
    if (text.trim() === '') {
      setPreview(null);
      return;
    }
    if (previewFor.current === text && preview !== 'loading' && preview !== null) return;
    previewFor.current = text;
    setPreview('loading');
    setPreview(await actions.preview(text));
  };

  const submit = async (e?: Event) => {
    e?.preventDefault();
    if (busy) return;
    if (text.trim() === '') {
      setError(t('error.bodyEmpty'));
      input.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    const failure = await onSubmit(text);
    setBusy(false);
    if (failure) {
      setError(failure);
      return;
    }
    writeDraft(draftKey, '');
    if (mode === 'new') {
      setText('');
      setTab('write');
      setPreview(null);
      previewFor.current = null;
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key === 'Enter') {
      void submit();
      return;
    }
    if (mod && !e.shiftKey && !e.altKey) {
      const hit = FORMATS.find((f) => f.shortcut === e.key.toLowerCase());
      if (hit) {
        e.preventDefault();
        format(hit.format);
        return;
      }
    }
    if (e.key === 'Escape' && onCancel) {
      e.preventDefault();
      onCancel();
    }
  };

  const submitLabel = busy
    ? mode === 'edit'
      ? t('composer.saving')
      : t('composer.posting')
    : mode === 'edit'
      ? t('composer.save')
      : mode === 'reply'
        ? t('composer.submitReply')
        : t('composer.submit');

  const onTabKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      const next = tab === 'write' ? 'preview' : 'write';
      void showTab(next);
      const root = (e.currentTarget as HTMLElement).getRootNode() as ShadowRoot | Document;
      root.getElementById?.(next === 'write' ? ids.write : ids.preview)?.focus();
    }
  };

  // One Tab stop for the whole toolbar; arrow keys move within it (ARIA toolbar pattern).
  const onToolbarKey = (e: KeyboardEvent) => {
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, Home: -tool, End: FORMATS.length - 1 - tool };
    const move = moves[e.key];
    if (move === undefined) return;
    e.preventDefault();
    const next = (tool + move + FORMATS.length) % FORMATS.length;
    setTool(next);
    const buttons = (e.currentTarget as HTMLElement).querySelectorAll<HTMLButtonElement>('button');
    buttons[next]?.focus();
  };

  return (
    <form class={`th-composer th-composer-${mode}`} data-testid="composer" onSubmit={submit} aria-busy={busy}>
      <label id={ids.label} for={ids.input} class="th-composer-label">
        {label}
      </label>
      <div class="th-composer-bar">
        <div role="tablist" class="th-tabs" aria-label={label}>
          <button
            type="button"
            role="tab"
            id={ids.write}
            aria-selected={tab === 'write'}
            aria-controls={ids.panel}
            tabIndex={tab === 'write' ? 0 : -1}
            onClick={() => showTab('write')}
            onKeyDown={onTabKey}
          >
            {t('composer.write')}
          </button>
          <button
            type="button"
            role="tab"
            id={ids.preview}
            data-testid="preview-tab"
            aria-selected={tab === 'preview'}
            aria-controls={ids.panel}
            tabIndex={tab === 'preview' ? 0 : -1}
            onClick={() => showTab('preview')}
            onKeyDown={onTabKey}
          >
            {t('composer.preview')}
          </button>
        </div>
        {tab === 'write' && (
          <div
            role="toolbar"
            class="th-toolbar"
            aria-label={t('composer.toolbar')}
            aria-controls={ids.input}
            onKeyDown={onToolbarKey}
          >
            {FORMATS.map((f, i) => (
              <button
                key={f.format}
                type="button"
                tabIndex={i === tool ? 0 : -1}
                onFocus={() => setTool(i)}
                class={`th-tool th-tool-${f.format}`}
                aria-label={t(f.key)}
                title={t(f.key)}
                onMouseDown={(e) => e.preventDefault() /* keep the textarea's selection */}
                onClick={() => format(f.format)}
              >
                <Icon name={f.format} />
              </button>
            ))}
          </div>
        )}
      </div>
      <div id={ids.panel} role="tabpanel" aria-labelledby={tab === 'write' ? ids.write : ids.preview} class="th-composer-panel">
        <textarea
          ref={input}
          id={ids.input}
          data-testid="composer-input"
          class="th-input"
          hidden={tab !== 'write'}
          rows={mode === 'new' ? 3 : 2}
          placeholder={mode === 'new' ? t('composer.placeholder') : undefined}
          value={text}
          aria-describedby={[error ? ids.error : '', ids.help].filter(Boolean).join(' ')}
          aria-invalid={error ? 'true' : undefined}
          onInput={(e) => {
            setText(e.currentTarget.value);
            if (error) setError(null);
          }}
          onKeyDown={onKeyDown}
        />
        {tab === 'preview' && (
          <div class="th-preview" aria-live="polite">
            {preview === null ? (
              <p class="th-muted">{t('composer.previewEmpty')}</p>
            ) : preview === 'loading' ? (
              <p class="th-muted">{t('composer.previewLoading')}</p>
            ) : 'html' in preview ? (
              // body_html from the server's renderer, already sanitized.
              <div class="th-body" dangerouslySetInnerHTML={{ __html: serverHtml(preview.html) as string }} />
            ) : (
              <p class="th-muted">{preview.error}</p>
            )}
          </div>
        )}
      </div>
      {error && (
        <p class="th-field-error" id={ids.error} role="alert">
          {error}
        </p>
      )}
      <div class="th-composer-actions">
        <p class="th-help" id={ids.help}>
          {t('composer.help')}
        </p>
        {onCancel && (
          <button type="button" class="th-button" onClick={onCancel}>
            {t('composer.cancel')}
          </button>
        )}
        {/* aria-disabled, not disabled: a disabled button would drop the keyboard focus. */}
        <button type="submit" class="th-button th-primary" data-testid="composer-submit" aria-disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
