// The keyboard shortcuts (opened with `?`).

import { t } from '../i18n';
import { SHORTCUTS } from '../lib/keys';
import { Dialog } from './Dialog';

export function HelpDialog({ onClose }: { onClose: () => void }) {
  return (
    <Dialog labelId="help-title" onClose={onClose} testId="shortcut-help">
      <h2 id="help-title">{t('help.title')}</h2>
      <table class="md-table md-shortcuts">
        <thead>
          <tr>
            <th scope="col">{t('help.key')}</th>
            <th scope="col">{t('help.action')}</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.command}>
              <td>
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 ? ' / ' : ''}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </td>
              <td>{t(`help.${s.command}`)}</td>
            </tr>
          ))}
          <tr>
            <td>
              <kbd>1</kbd>–<kbd>9</kbd>
            </td>
            <td>{t('help.ruleKeys')}</td>
          </tr>
        </tbody>
      </table>
      <p class="md-muted">{t('help.typing')}</p>
      <div class="md-dialog-actions">
        <button type="button" class="md-btn md-primary" data-autofocus onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  );
}
