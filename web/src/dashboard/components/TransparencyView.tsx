// Admin: the transparency report for a period, as tables, and as CSV.

import { useEffect, useState } from 'preact/hooks';
import { useDashboard } from '../context';
import { t, tMaybe } from '../i18n';
import { errorMessage } from '../lib/errors';
import { formatDuration, formatTime } from '../lib/time';
import type { Transparency } from '../types';

const DAY_MS = 86_400_000;
const DEFAULT_DAYS = 30;
const dateInput = (d: Date) => d.toISOString().slice(0, 10);

function Figures({ title, figures, prefix }: { title: string; figures: Record<string, number>; prefix?: string }) {
  const entries = Object.entries(figures ?? {});
  return (
    <table class="md-table md-figures">
      <caption>{title}</caption>
      <tbody>
        {entries.length === 0 ? (
          <tr>
            <td colSpan={2} class="md-muted">
              {t('transparency.none')}
            </td>
          </tr>
        ) : (
          entries.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{(prefix ? tMaybe(`${prefix}${k}`) : null) ?? k}</th>
              <td>{v}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

export function TransparencyView() {
  const { api, site, fail } = useDashboard();
  const [from, setFrom] = useState(dateInput(new Date(Date.now() - DEFAULT_DAYS * DAY_MS)));
  const [to, setTo] = useState(dateInput(new Date()));
  const [report, setReport] = useState<Transparency | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    const r = await api.transparency(site.id, from, to);
    if (!r.ok) return setError(errorMessage(r.error));
    setError(null);
    setReport(r.data);
  };
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [site.id]);

  const download = async () => {
    const r = await api.transparencyCsv(site.id, from, to);
    if (!r.ok) return fail(errorMessage(r.error));
    const url = URL.createObjectURL(new Blob([r.data], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `transparency-${site.id}-${from}-${to}.csv`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <section class="md-page" aria-labelledby="transparency-title" data-testid="transparency">
      <h2 id="transparency-title">{t('transparency.title')}</h2>
      <form
        class="md-filters"
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        <label class="md-field md-inline">
          <span>{t('transparency.from')}</span>
          <input type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label class="md-field md-inline">
          <span>{t('transparency.to')}</span>
          <input type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <button type="submit" class="md-btn">
          {t('transparency.show')}
        </button>
        <button type="button" class="md-btn md-quiet" onClick={() => void download()} data-testid="transparency-csv">
          {t('transparency.csv')}
        </button>
      </form>
      {error ? (
        <p class="md-error" role="alert">
          {error}
        </p>
      ) : null}
      {report ? (
        <>
          <p class="md-muted">{t('transparency.period', { from: formatTime(report.from), to: formatTime(report.to) })}</p>
          <div class="md-figures-grid">
            <Figures
              title={t('transparency.decisions')}
              figures={{ [t('transparency.total')]: report.decisions.total, [t('transparency.automated')]: report.decisions.automated, [t('transparency.human')]: report.decisions.human }}
            />
            <Figures title={t('transparency.byAction')} figures={report.decisions.by_action} prefix="auditAction." />
            <Figures title={t('transparency.byRule')} figures={report.decisions.by_rule} />
            <Figures title={t('transparency.reports')} figures={report.reports} />
            <Figures title={t('transparency.notices')} figures={report.notices} />
            <Figures title={t('transparency.appeals')} figures={report.appeals} />
            <Figures title={t('transparency.enforcement')} figures={report.enforcement} prefix="ladder." />
          </div>
          <p>
            {t('transparency.median')}: <strong>{formatDuration(report.median_seconds_report_to_decision)}</strong>
          </p>
        </>
      ) : null}
    </section>
  );
}
