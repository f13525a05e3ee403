// What takes the composer's place when the reader may not write: a warning
// to acknowledge ("I understand"), or a suspension or ban with its end and a
// way to the statement of reasons and the appeal. Reading is never affected.

import { useState } from 'preact/hooks';
import { useWidget } from '../context';
import { longTime } from '../lib/time';
import type { Notice, Rule, Standing } from '../types';
import { RulesLink } from './RulesLink';

interface Props {
  uid: string;
  standing: Standing;
  block: 'warned' | 'restricted';
  /** the statement of reasons behind the standing, once loaded */
  notice: Notice | null;
  rules: Rule[] | null;
  /** resolves to an error sentence, or null when acknowledged */
  onAcknowledge: () => Promise<string | null>;
  onOpenNotice: (opener: HTMLElement) => void;
}

export function StandingBox({ uid, standing, block, notice, rules, onAcknowledge, onOpenNotice }: Props) {
  const { t, lang } = useWidget();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const title = `${uid}-standing`;
  const ruleId = standing.rule_id ?? notice?.rule?.id;
  const rule = notice?.rule ?? rules?.find((r) => r.id === ruleId);
  const explanation = standing.explanation ?? notice?.explanation;
  const until = standing.until ?? notice?.until;
  const warned = block === 'warned';
  const banned = standing.status === 'banned';

  const acknowledge = async () => {
    setBusy(true);
    setError(await onAcknowledge());
    setBusy(false);
  };

  return (
    <section class={`th-standing${warned ? '' : ' th-restricted'}`} data-testid={warned ? 'warning' : 'restriction'} aria-labelledby={title}>
      <h3 id={title} tabIndex={-1}>
        {t(warned ? 'standing.warnedTitle' : banned ? 'standing.bannedTitle' : 'standing.suspendedTitle')}
      </h3>
      <p>
        {warned
          ? t('standing.warnedBody')
          : banned
            ? t('standing.bannedBody')
            : until
              ? t('standing.suspendedUntil', { date: longTime(until, lang) })
              : t('standing.suspendedBody')}
      </p>
      {(rule || ruleId) && (
        <p>
          {t('notice.rule')}: <strong>{rule ? t('rule.label', { number: rule.number, title: rule.title }) : ruleId}</strong>
        </p>
      )}
      {explanation && <p>{explanation}</p>}
      {error && (
        <p class="th-field-error" role="alert">
          {error}
        </p>
      )}
      <div class="th-account">
        {warned ? (
          <button type="button" class="th-button th-primary" data-testid="warning-acknowledge" aria-disabled={busy} onClick={() => !busy && acknowledge()}>
            {t('standing.understand')}
          </button>
        ) : (
          <button type="button" class="th-link-button" data-testid="restriction-notice" onClick={(e) => onOpenNotice(e.currentTarget)}>
            {t('standing.notice')}
          </button>
        )}
        <RulesLink />
      </div>
    </section>
  );
}
