// Reporting a comment, in one dialog with two parts:
// - a report under the site's rules (signed-in readers): choose the rule,
//   optionally explain, send (POST comments/{id}/reports {rule_id, details});
// - an illegal-content notice (anyone): which law, why, who is asking, and a
//   good-faith statement ({kind: "illegal", …}), answered with a receipt.

import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useWidget } from '../context';
import type { Result } from '../lib/api';
import { errorMessage, type ApiError } from '../lib/errors';
import { serverHtml } from '../lib/trusted-html';
import { charCount, REPORT_DETAILS_MAX, validateIllegal, validateReport } from '../state/moderation';
import type { Comment, IllegalNotice, IllegalNoticeResponse, Rule, RulesResponse } from '../types';
import { Dialog } from './Dialog';
import { described, Field } from './Field';
import { Icon } from './Icon';
import { RulesLink } from './RulesLink';

interface Props {
  uid: string;
  comment: Comment;
  opener: HTMLElement | null;
  /** takes focus on close when the opener is gone (replaced by "Reported") */
  fallbackFocus: () => HTMLElement | null;
  /** the site's rules, loaded once per widget */
  loadRules: () => Promise<Result<RulesResponse>>;
  onClose: () => void;
  /** the reader has reported the comment (now, or before: 409 already_reported) */
  onReported: (id: string) => void;
}

type Step = 'rules' | 'illegal' | 'reported' | IllegalNoticeResponse;

/** What a failed report means to the reader, where the generic sentence would mislead. */
const REPORT_ERRORS = { own_comment: 'report.own', 429: 'report.throttled' } as const;
/** Server errors of an illegal-content notice that belong to one field. */
const NOTICE_FIELDS: Record<string, string> = { invalid_email: 'email', good_faith_required: 'good_faith' };

export function ReportDialog({ uid, comment, opener, fallbackFocus, loadRules, onClose, onReported }: Props) {
  const { t, api, user, actions } = useWidget();
  const [step, setStep] = useState<Step>('rules');
  const [rules, setRules] = useState<Rule[] | 'loading' | 'error'>('loading');
  const [ruleId, setRuleId] = useState<string | null>(null);
  const [details, setDetails] = useState('');
  const [busy, setBusy] = useState(false);
  /** field errors by field name; `form` for the whole form */
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<IllegalNotice>({ law: '', details: '', name: user?.name ?? '', email: user?.email ?? '', good_faith: false });
  const body = useRef<HTMLDivElement>(null);
  const id = (s: string) => `${uid}-r-${s}`;

  const fetchRules = () => {
    setRules('loading');
    void loadRules().then((r) => setRules(r.ok ? r.data.rules : 'error'));
  };
  useEffect(fetchRules, []);

  const fail = (next: Record<string, string>) => {
    setErrors(next);
    // The first field in error, or the form's error, takes focus.
    requestAnimationFrame(() => body.current?.querySelector<HTMLElement>('[aria-invalid="true"], .th-form-error')?.focus());
  };

  // A new step: focus its heading, or its result, which is then read out.
  const go = (next: Step) => {
    setErrors({});
    setStep(next);
    requestAnimationFrame(() => {
      const el = body.current;
      (el?.querySelector<HTMLElement>('[role="status"]') ?? el?.querySelector<HTMLElement>('h2'))?.focus();
    });
  };

  const send = async <T,>(request: () => Promise<Result<T>>, done: (data: T) => void, message: (e: ApiError) => Record<string, string>) => {
    if (busy) return;
    setBusy(true);
    setErrors({});
    const r = await request();
    setBusy(false);
    if (r.ok) done(r.data);
    else fail(message(r.error));
  };

  const sendReport = (e: Event) => {
    e.preventDefault();
    const invalid = validateReport(ruleId, details);
    if (invalid) return fail({ [invalid === 'report.chooseRule' ? 'rule' : 'details']: t(invalid) });
    void send(
      () => api.report(comment.id, ruleId!, details.trim()),
      () => {
        onReported(comment.id);
        go('reported');
      },
      (error) => {
        if (error.code === 'already_reported') onReported(comment.id);
        const text = errorMessage(error, t, REPORT_ERRORS);
        return { [error.code === 'details_too_long' ? 'details' : 'form']: text };
      },
    );
  };

  const sendNotice = (e: Event) => {
    e.preventDefault();
    const invalid = validateIllegal(notice);
    const keys = Object.keys(invalid) as (keyof typeof invalid)[];
    if (keys.length) return fail(Object.fromEntries(keys.map((k) => [k, t(invalid[k]!)])));
    const trimmed = { ...notice, law: notice.law.trim(), details: notice.details.trim(), name: notice.name.trim(), email: notice.email.trim() };
    void send(
      () => api.illegalNotice(comment.id, trimmed),
      go,
      (error) => ({ [NOTICE_FIELDS[error.code] ?? 'form']: errorMessage(error, t) }),
    );
  };

  const set = (k: keyof IllegalNotice) => (e: Event) => {
    const el = e.currentTarget as HTMLInputElement;
    setNotice({ ...notice, [k]: k === 'good_faith' ? el.checked : el.value });
  };

  const illegal = step !== 'rules' && step !== 'reported';
  const head = (
    <div class="th-dialog-head">
      <h2 id={id('title')} tabIndex={-1}>
        {t(illegal ? 'illegal.title' : 'report.title')}
      </h2>
      <button type="button" class="th-icon-button" aria-label={t('dialog.close')} title={t('dialog.close')} onClick={onClose}>
        <Icon name="close" />
      </button>
    </div>
  );
  const formError = errors.form && (
    <p class="th-form-error" role="alert" tabIndex={-1}>
      {errors.form}
    </p>
  );
  const input = (k: 'law' | 'name' | 'email', type: string, help?: boolean, autoComplete?: string) => (
    <Field id={id(k)} label={t(`illegal.${k}`)} help={help ? t(`illegal.${k}Help` as 'illegal.lawHelp') : null} error={errors[k]}>
      <input {...described(id(k), errors[k], help)} data-testid={`illegal-${k}`} type={type} autoComplete={autoComplete} value={notice[k]} onInput={set(k)} />
    </Field>
  );
  const counter = (n: number, max: number) => (
    <p class={`th-help${n > max ? ' th-over' : ''}`} id={`${id('details')}-help`} data-testid="report-counter">
      {t('form.counter', { n, max })}
    </p>
  );

  let content: ComponentChildren;
  if (step === 'reported' || typeof step === 'object') {
    content = (
      <>
        <div class="th-form" role="status" tabIndex={-1} data-testid="report-result">
          {step === 'reported' ? (
            <p>{t('report.done')}</p>
          ) : (
            <>
              <p>
                <strong>{t('illegal.done')}</strong>
              </p>
              <dl class="th-facts">
                <dt>{t('illegal.reference')}</dt>
                <dd data-testid="illegal-reference">{step.notice.id}</dd>
                <dt>{t('illegal.receipt')}</dt>
                <dd class="th-receipt" data-testid="illegal-receipt">
                  {step.receipt}
                </dd>
              </dl>
              <p class="th-help">{t('illegal.receiptHelp')}</p>
              <p>{t(user ? 'illegal.followSignedIn' : 'illegal.followSignedOut')}</p>
            </>
          )}
        </div>
        <div class="th-dialog-actions">
          <button type="button" class="th-button th-primary" onClick={onClose}>
            {t('dialog.close')}
          </button>
        </div>
      </>
    );
  } else if (step === 'illegal') {
    content = (
      <form class="th-form" noValidate onSubmit={sendNotice} aria-busy={busy} data-testid="illegal-form">
        <p class="th-help">{t('illegal.intro')}</p>
        {formError}
        <figure class="th-quoted">
          <figcaption class="th-help">{t('comment.byline', { name: comment.author?.name ?? '' })}</figcaption>
          <blockquote class="th-body" data-testid="illegal-comment" dangerouslySetInnerHTML={{ __html: serverHtml(comment.body_html) as string }} />
        </figure>
        {input('law', 'text', true)}
        <Field id={id('details')} label={t('illegal.details')} error={errors.details}>
          <textarea {...described(id('details'), errors.details)} class="th-input" data-testid="illegal-details" rows={4} value={notice.details} onInput={set('details')} />
        </Field>
        {input('name', 'text', false, 'name')}
        {input('email', 'email', true, 'email')}
        <div class="th-check">
          <input {...described(id('faith'), errors.good_faith)} type="checkbox" data-testid="illegal-good-faith" checked={notice.good_faith} onChange={set('good_faith')} />
          <label for={id('faith')}>{t('illegal.goodFaith')}</label>
          {errors.good_faith && (
            <p class="th-field-error" id={`${id('faith')}-error`}>
              {errors.good_faith}
            </p>
          )}
        </div>
        <div class="th-dialog-actions">
          <button type="submit" class="th-button th-primary" data-testid="illegal-submit" aria-disabled={busy}>
            {busy ? t('form.sending') : t('illegal.submit')}
          </button>
          <button type="button" class="th-link-button" onClick={() => go('rules')}>
            {t('report.backToRules')}
          </button>
        </div>
      </form>
    );
  } else {
    const count = charCount(details);
    content = (
      <form class="th-form" noValidate onSubmit={sendReport} aria-busy={busy} data-testid="report-form">
        {user ? (
          <>
            <p class="th-help">{t('report.intro')}</p>
            {formError}
            {rules === 'loading' ? (
              <p class="th-muted">{t('thread.loadingMore')}</p>
            ) : rules === 'error' ? (
              <p class="th-form-error">
                {t('report.rulesError')}{' '}
                <button type="button" class="th-link-button" onClick={fetchRules}>
                  {t('thread.retry')}
                </button>
              </p>
            ) : (
              <fieldset class="th-rules" aria-describedby={errors.rule ? id('rule-error') : undefined}>
                <legend>{t('report.rules')}</legend>
                {rules.map((rule, i) => (
                  <div class="th-rule" key={rule.id}>
                    <div class="th-check">
                      <input
                        type="radio"
                        id={id(`${i}`)}
                        name={id('rule')}
                        checked={ruleId === rule.id}
                        aria-invalid={errors.rule ? 'true' : undefined}
                        data-testid="report-rule"
                        data-rule-id={rule.id}
                        onChange={() => {
                          setRuleId(rule.id);
                          setErrors({});
                        }}
                      />
                      <label for={id(`${i}`)}>{t('rule.label', { number: rule.number, title: rule.title })}</label>
                    </div>
                    {rule.body_html && (
                      <details>
                        <summary>{t('report.ruleMore')}</summary>
                        <div class="th-body" dangerouslySetInnerHTML={{ __html: serverHtml(rule.body_html) as string }} />
                      </details>
                    )}
                  </div>
                ))}
                {errors.rule && (
                  <p class="th-field-error" id={id('rule-error')}>
                    {errors.rule}
                  </p>
                )}
              </fieldset>
            )}
            <Field id={id('details')} label={t('report.details')} error={errors.details}>
              <textarea
                {...described(id('details'), errors.details, true)}
                class="th-input"
                data-testid="report-details"
                rows={3}
                value={details}
                onInput={(e) => setDetails(e.currentTarget.value)}
              />
              {counter(count, REPORT_DETAILS_MAX)}
            </Field>
            <div class="th-dialog-actions">
              <button type="submit" class="th-button th-primary" data-testid="report-submit" aria-disabled={busy}>
                {busy ? t('form.sending') : t('report.submit')}
              </button>
              <RulesLink />
            </div>
          </>
        ) : (
          <div class="th-signed-out th-account">
            <p>{t('report.signIn')}</p>
            <button type="button" class="th-button th-primary" onClick={() => actions.signIn(opener)}>
              {t('auth.signIn')}
            </button>
          </div>
        )}
        <button type="button" class="th-link-button" data-testid="report-illegal-link" onClick={() => go('illegal')}>
          {t('report.illegalLink')}
        </button>
      </form>
    );
  }

  return (
    <Dialog labelId={id('title')} onClose={onClose} opener={opener} fallbackFocus={fallbackFocus} testId="report-dialog">
      <div ref={body} class="th-form">
        {head}
        {content}
      </div>
    </Dialog>
  );
}
