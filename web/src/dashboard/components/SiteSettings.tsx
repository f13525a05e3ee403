// Admin: the site's moderation thresholds and automatic checks (report
// threshold, pre-moderation, links, new and often-rejected commenters, spam).
// Checked here with the server's ranges; the server's own refusals are shown
// beside the field they name.

import { useEffect, useState } from 'preact/hooks';
import { useDashboard } from '../context';
import { t, type MessageKey } from '../i18n';
import { errorMessage } from '../lib/errors';
import {
  draftChanged,
  draftFromSettings,
  fieldFromServerMessage,
  LINK_POLICIES,
  PREMODERATION_MODES,
  RANGES,
  settingsPayload,
  type DomainField,
  type NumberField,
  type SettingsDraft,
  type SettingsField,
} from '../state/siteSettings';

const STEP: Record<NumberField, number> = {
  report_threshold: 0.5,
  max_links: 1,
  new_commenter_approvals: 1,
  rejection_rate_threshold: 1,
  rejection_window_days: 1,
  spam_threshold: 0.01,
};

export function SiteSettings() {
  const { api, site, announce, setUnsaved } = useDashboard();
  const [loaded, setLoaded] = useState<SettingsDraft | null>(null);
  const [draft, setDraft] = useState<SettingsDraft | null>(null);
  const [problems, setProblems] = useState<Partial<Record<SettingsField, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let live = true;
    setLoaded(null);
    setDraft(null);
    setProblems({});
    setError(null);
    void (async () => {
      const r = await api.adminSite(site.id);
      if (!live) return;
      if (!r.ok) return setError(errorMessage(r.error));
      const d = draftFromSettings(r.data.settings);
      setLoaded(d);
      setDraft(d);
    })();
    return () => {
      live = false;
    };
  }, [api, site.id]);

  const dirty = loaded !== null && draft !== null && draftChanged(draft, loaded);
  useEffect(() => {
    setUnsaved('settings', dirty);
    return () => setUnsaved('settings', false);
  }, [dirty, setUnsaved]);

  const set = (patch: Partial<SettingsDraft>) => {
    if (draft) setDraft({ ...draft, ...patch });
  };

  const save = async (e: Event) => {
    e.preventDefault();
    if (!draft) return;
    const result = settingsPayload(draft);
    if ('problems' in result) {
      const next: Partial<Record<SettingsField, string>> = {};
      for (const p of result.problems) {
        next[p.field] = p.kind === 'domain' ? t('settings.problem.domain', { entries: p.entries.join(', ') }) : t(`settings.problem.${p.field}` as MessageKey);
      }
      setProblems(next);
      setError(t('settings.fixProblems'));
      return;
    }
    setSaving(true);
    const r = await api.patchSite(site.id, result.settings);
    setSaving(false);
    if (!r.ok) {
      const message = errorMessage(r.error);
      const field = r.error.status === 422 ? fieldFromServerMessage(r.error.message) : null;
      setProblems(field ? { [field]: r.error.message } : {});
      setError(message);
      return;
    }
    setProblems({});
    setError(null);
    const d = r.data?.settings ? draftFromSettings(r.data.settings) : draft;
    setLoaded(d);
    setDraft(d);
    announce(t('settings.saved'));
  };

  const problemId = (field: SettingsField) => `setting-${field}-problem`;
  const described = (field: SettingsField) => [`setting-${field}-help`, problems[field] ? problemId(field) : ''].filter(Boolean).join(' ');
  const problem = (field: SettingsField) =>
    problems[field] ? (
      <small class="md-error" id={problemId(field)} data-testid={`problem-${field}`}>
        {problems[field]}
      </small>
    ) : null;

  const numberField = (field: NumberField, label: MessageKey, help: MessageKey, suffix?: string) => {
    const [min, max] = field === 'rejection_rate_threshold' ? [0, 100] : RANGES[field];
    return (
      <label class="md-field">
        <span>{t(label)}</span>
        <span class="md-input-row">
          <input
            type="number"
            inputMode="decimal"
            min={min}
            max={max}
            step={STEP[field]}
            value={draft![field]}
            data-testid={`setting-${field}`}
            aria-invalid={problems[field] ? 'true' : undefined}
            aria-describedby={described(field)}
            onInput={(e) => set({ [field]: e.currentTarget.value })}
          />
          {suffix ? <span aria-hidden="true">{suffix}</span> : null}
        </span>
        <small class="md-muted" id={`setting-${field}-help`}>
          {t(help)}
        </small>
        {problem(field)}
      </label>
    );
  };

  const domainField = (field: DomainField, label: MessageKey, help: MessageKey) => (
    <label class="md-field">
      <span>{t(label)}</span>
      <textarea
        rows={4}
        spellcheck={false}
        autocapitalize="off"
        value={draft![field]}
        data-testid={`setting-${field}`}
        aria-invalid={problems[field] ? 'true' : undefined}
        aria-describedby={described(field)}
        onInput={(e) => set({ [field]: e.currentTarget.value })}
      />
      <small class="md-muted" id={`setting-${field}-help`}>
        {t(help)}
      </small>
      {problem(field)}
    </label>
  );

  return (
    <section class="md-page" aria-labelledby="settings-title" data-testid="site-settings">
      <h2 id="settings-title">{t('settings.title', { site: site.name })}</h2>
      {!draft && !error ? <p class="md-muted">{t('queue.loading')}</p> : null}
      {draft ? (
        <form onSubmit={save} class="md-settings" noValidate>
          <fieldset>
            <legend>{t('settings.section.reports')}</legend>
            {numberField('report_threshold', 'settings.threshold', 'settings.thresholdHelp')}
            <fieldset>
              <legend>{t('settings.premoderation')}</legend>
              {PREMODERATION_MODES.map((m) => (
                <label key={m} class="md-check">
                  <input type="radio" name="premoderation" value={m} checked={draft.premoderation === m} onChange={() => set({ premoderation: m })} />
                  {t(`settings.premod.${m}`)}
                </label>
              ))}
            </fieldset>
          </fieldset>
          <fieldset>
            <legend>{t('settings.section.links')}</legend>
            <fieldset aria-describedby="setting-links-help">
              <legend>{t('settings.links')}</legend>
              {LINK_POLICIES.map((p) => (
                <label key={p} class="md-check">
                  <input type="radio" name="links" value={p} checked={draft.links === p} data-testid={`setting-links-${p}`} onChange={() => set({ links: p })} />
                  {t(`settings.links.${p}`)}
                </label>
              ))}
              <small class="md-muted" id="setting-links-help">
                {t('settings.linksHelp')}
              </small>
              {problem('links')}
            </fieldset>
            {numberField('max_links', 'settings.maxLinks', 'settings.maxLinksHelp')}
            {domainField('link_allow_domains', 'settings.allowDomains', 'settings.allowDomainsHelp')}
            {domainField('link_deny_domains', 'settings.denyDomains', 'settings.denyDomainsHelp')}
          </fieldset>
          <fieldset>
            <legend>{t('settings.section.trust')}</legend>
            {numberField('new_commenter_approvals', 'settings.newCommenterApprovals', 'settings.newCommenterApprovalsHelp')}
            {numberField('rejection_rate_threshold', 'settings.rejectionRate', 'settings.rejectionRateHelp', '%')}
            {numberField('rejection_window_days', 'settings.rejectionWindow', 'settings.rejectionWindowHelp')}
          </fieldset>
          <fieldset>
            <legend>{t('settings.section.spam')}</legend>
            {numberField('spam_threshold', 'settings.spamThreshold', 'settings.spamThresholdHelp')}
          </fieldset>
          <div class="md-form-actions">
            {dirty ? <span class="md-muted">{t('settings.unsaved')}</span> : null}
            <button type="submit" class="md-btn md-primary" disabled={saving} data-testid="settings-save">
              {t('settings.save')}
            </button>
          </div>
        </form>
      ) : null}
      {error ? (
        <p class="md-error" role="alert" data-testid="settings-error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
