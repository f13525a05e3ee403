// Asks for the explanation that goes with an appeal resolution or a notice
// decision, then confirms.

import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { Dialog } from './Dialog';

interface Props {
  title: string;
  intro?: string;
  confirm: string;
  /** an extra optional field (the legal ground of a notice removal) */
  extra?: { label: string; initial: string };
  onSubmit: (explanation: string, extra: string) => void;
  onClose: () => void;
  testId?: string;
}

export function ExplainDialog({ title, intro, confirm, extra, onSubmit, onClose, testId }: Props) {
  const [text, setText] = useState('');
  const [extraValue, setExtraValue] = useState(extra?.initial ?? '');
  const [problem, setProblem] = useState(false);
  return (
    <Dialog labelId="explain-title" onClose={onClose} testId={testId}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!text.trim()) return setProblem(true);
          onSubmit(text.trim(), extraValue.trim());
        }}
      >
        <h2 id="explain-title">{title}</h2>
        {intro ? <p class="md-muted">{intro}</p> : null}
        {extra ? (
          <label class="md-field">
            <span>{extra.label}</span>
            <input type="text" value={extraValue} maxLength={500} onInput={(e) => setExtraValue(e.currentTarget.value)} />
          </label>
        ) : null}
        <label class="md-field">
          <span>{t('explain.label')}</span>
          <textarea rows={4} maxLength={2000} required data-autofocus value={text} data-testid="explanation" onInput={(e) => setText(e.currentTarget.value)} />
        </label>
        {problem ? (
          <p class="md-error" role="alert">
            {t('explain.required')}
          </p>
        ) : null}
        <div class="md-dialog-actions">
          <button type="button" class="md-btn md-quiet" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" class="md-btn md-primary" data-testid="explain-submit">
            {confirm}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
