// Reject a comment citing a rule: the number keys 1–9 pick a rule (when not
// typing), an optional explanation for the author, and for `illegal` the
// legal ground the law requires.

import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { ruleIndexForKey } from '../lib/keys';
import { ILLEGAL_RULE } from '../state/rules';
import type { Rule } from '../types';
import { Dialog } from './Dialog';

export interface RejectChoice {
  rule_id: string;
  explanation?: string;
  legal_ground?: string;
}

interface Props {
  rules: Rule[];
  authorName: string;
  onSubmit: (choice: RejectChoice) => void;
  onClose: () => void;
}

export function RejectDialog({ rules, authorName, onSubmit, onClose }: Props) {
  const [ruleId, setRuleId] = useState<string | null>(null);
  const [explanation, setExplanation] = useState('');
  const [legalGround, setLegalGround] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const needsGround = ruleId === ILLEGAL_RULE;

  const submit = (e: Event) => {
    e.preventDefault();
    if (!ruleId) return setProblem(t('reject.pickRule'));
    if (needsGround && !legalGround.trim()) return setProblem(t('reject.groundRequired'));
    const choice: RejectChoice = { rule_id: ruleId };
    if (explanation.trim()) choice.explanation = explanation.trim();
    if (needsGround) choice.legal_ground = legalGround.trim();
    onSubmit(choice);
  };

  return (
    <Dialog labelId="reject-title" onClose={onClose} testId="reject-dialog">
      <form
        onSubmit={submit}
        onKeyDown={(e) => {
          const index = ruleIndexForKey(e);
          if (index !== null && rules[index]) {
            e.preventDefault();
            setRuleId(rules[index]!.id);
            setProblem(null);
            const radio = (e.currentTarget as HTMLFormElement).querySelector<HTMLInputElement>(`input[value="${CSS.escape(rules[index]!.id)}"]`);
            radio?.focus();
          }
        }}
      >
        <h2 id="reject-title">{t('reject.title', { name: authorName })}</h2>
        <fieldset class="md-rules">
          <legend>{t('reject.rule')}</legend>
          {rules.length === 0 ? <p class="md-muted">{t('reject.noRules')}</p> : null}
          {rules.map((rule, i) => (
            <label key={rule.id} class={`md-rule-option${ruleId === rule.id ? ' md-checked' : ''}`}>
              <input
                type="radio"
                name="rule"
                value={rule.id}
                checked={ruleId === rule.id}
                data-autofocus={i === 0 ? true : undefined}
                data-testid="rule-option"
                onChange={() => {
                  setRuleId(rule.id);
                  setProblem(null);
                }}
              />
              <kbd>{i < 9 ? i + 1 : ''}</kbd> <span>{rule.title}</span>
            </label>
          ))}
        </fieldset>
        {needsGround ? (
          <label class="md-field">
            <span>{t('reject.legalGround')}</span>
            <input type="text" required value={legalGround} maxLength={500} data-testid="legal-ground" onInput={(e) => setLegalGround(e.currentTarget.value)} />
          </label>
        ) : null}
        <label class="md-field">
          <span>{t('reject.explanation')}</span>
          <textarea rows={3} maxLength={2000} value={explanation} data-testid="explanation" onInput={(e) => setExplanation(e.currentTarget.value)} />
          <small class="md-muted">{t('reject.explanationHelp')}</small>
        </label>
        {problem ? (
          <p class="md-error" role="alert">
            {problem}
          </p>
        ) : null}
        <div class="md-dialog-actions">
          <button type="button" class="md-btn md-quiet" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" class="md-btn md-reject" data-testid="reject-submit">
            {t('action.reject')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
