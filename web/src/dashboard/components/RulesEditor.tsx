// Admin: the site's community rules. Reorder, edit, add, remove (the server
// archives removed rules so old citations still resolve); `illegal` stays.

import { useEffect, useState } from 'preact/hooks';
import { useDashboard } from '../context';
import { t } from '../i18n';
import type { RuleDraftRow } from '../state/rules';
import { addRule, BODY_MAX, canRemove, draftsFromRules, editRule, moveRule, removeRule, rulesPayload, TITLE_MAX, validateRules } from '../state/rules';
import { errorMessage } from '../lib/errors';
import type { Rule } from '../types';

export function RulesEditor({ onSaved }: { onSaved: (rules: Rule[]) => void }) {
  const { api, site, announce, fail } = useDashboard();
  const [rows, setRows] = useState<RuleDraftRow[] | null>(null);
  const [archived, setArchived] = useState<Rule[]>([]);
  const [saving, setSaving] = useState(false);
  const [showProblems, setShowProblems] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    const r = await api.rules(site.id, true);
    if (!r.ok) return setError(errorMessage(r.error));
    setRows(draftsFromRules(r.data.rules));
    setArchived(r.data.rules.filter((rule) => rule.archived));
  };
  useEffect(() => {
    setRows(null);
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [site.id]);

  if (!rows) return <p class="md-muted">{error ?? t('queue.loading')}</p>;
  const problems = validateRules(rows);

  const save = async (e: Event) => {
    e.preventDefault();
    if (problems.size > 0) {
      setShowProblems(true);
      return;
    }
    setSaving(true);
    const r = await api.saveRules(site.id, rulesPayload(rows));
    setSaving(false);
    if (!r.ok) {
      setError(errorMessage(r.error));
      fail(errorMessage(r.error));
      return;
    }
    setError(null);
    setShowProblems(false);
    announce(t('rules.saved'));
    onSaved(r.data.rules.filter((rule) => !rule.archived));
    void load();
  };

  return (
    <section class="md-page" aria-labelledby="rules-title" data-testid="rules-editor">
      <h2 id="rules-title">{t('rules.title')}</h2>
      <p class="md-muted">{t('rules.help')}</p>
      <form onSubmit={save}>
        <ol class="md-rule-list">
          {rows.map((row, i) => {
            const problem = showProblems ? problems.get(i) : undefined;
            return (
              <li key={row.key} class="md-rule-row" data-testid="rule-row">
                <div class="md-rule-fields">
                  <label class="md-field">
                    <span>{t('rules.ruleTitle', { n: i + 1 })}</span>
                    <input
                      type="text"
                      value={row.title}
                      maxLength={TITLE_MAX}
                      aria-invalid={problem ? 'true' : undefined}
                      onInput={(e) => setRows(editRule(rows, i, { title: e.currentTarget.value }))}
                    />
                  </label>
                  <label class="md-field">
                    <span>{t('rules.body')}</span>
                    <textarea rows={3} value={row.body} maxLength={BODY_MAX} onInput={(e) => setRows(editRule(rows, i, { body: e.currentTarget.value }))} />
                  </label>
                  {row.id ? <small class="md-muted">{t('rules.id', { id: row.id })}</small> : null}
                  {problem ? (
                    <p class="md-error" role="alert">
                      {t(`rules.problem.${problem}`)}
                    </p>
                  ) : null}
                </div>
                <div class="md-rule-tools" role="group" aria-label={t('rules.tools', { n: i + 1 })}>
                  <button type="button" class="md-btn md-quiet" disabled={i === 0} aria-label={t('rules.up', { n: i + 1 })} onClick={() => setRows(moveRule(rows, i, -1))}>
                    ↑
                  </button>
                  <button type="button" class="md-btn md-quiet" disabled={i === rows.length - 1} aria-label={t('rules.down', { n: i + 1 })} onClick={() => setRows(moveRule(rows, i, 1))}>
                    ↓
                  </button>
                  <button
                    type="button"
                    class="md-btn md-quiet"
                    disabled={!canRemove(row)}
                    title={canRemove(row) ? undefined : t('rules.illegalStays')}
                    aria-label={t('rules.remove', { n: i + 1 })}
                    onClick={() => setRows(removeRule(rows, i))}
                  >
                    {t('rules.removeShort')}
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
        <div class="md-form-actions">
          <button type="button" class="md-btn" onClick={() => setRows(addRule(rows))}>
            {t('rules.add')}
          </button>
          <button type="submit" class="md-btn md-primary" disabled={saving} data-testid="rules-save">
            {t('rules.save')}
          </button>
        </div>
        {error ? (
          <p class="md-error" role="alert">
            {error}
          </p>
        ) : null}
      </form>
      {archived.length > 0 ? (
        <details class="md-archived">
          <summary>{t('rules.archived', { n: archived.length })}</summary>
          <ul>
            {archived.map((r) => (
              <li key={r.id}>
                {r.title} <span class="md-muted">({r.id})</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
