// "Read the rules": the site's community rules as a page of the Townhall
// server (GET /rules?site=…), in a new tab so the discussion stays put.

import { useWidget } from '../context';

export function RulesLink() {
  const { t, api } = useWidget();
  return (
    <a class="th-rules-link" href={api.rulesUrl()} target="_blank" rel="noopener" data-testid="rules-link">
      {t('rules.link')}
      <span class="th-sr"> {t('rules.linkHint')}</span>
    </a>
  );
}
