// Sign in / create an account, in one dialog that can switch between the two.
// Field errors come from the API's error codes and sit under their field;
// other errors (wrong credentials, throttling, network) head the form.

import { useRef, useState } from 'preact/hooks';
import { useWidget } from '../context';
import { authFieldFor, errorMessage, type AuthField } from '../lib/errors';
import type { SessionResponse } from '../types';
import { Dialog } from './Dialog';
import { Icon } from './Icon';

export type AuthMode = 'signIn' | 'signUp';

interface Props {
  mode: AuthMode;
  uid: string;
  opener: HTMLElement | null;
  fallbackFocus: () => HTMLElement | null;
  onClose: () => void;
  onSignedIn: (session: SessionResponse) => void;
}

type FieldErrors = Partial<Record<AuthField, string>>;

export function AuthDialog({ mode: initialMode, uid, opener, fallbackFocus, onClose, onSignedIn }: Props) {
  const { t, api } = useWidget();
  const [mode, setMode] = useState<AuthMode>(initialMode);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const ids = {
    title: `${uid}-auth-title`,
    email: `${uid}-auth-email`,
    name: `${uid}-auth-name`,
    password: `${uid}-auth-password`,
    formError: `${uid}-auth-error`,
  };
  const signUp = mode === 'signUp';

  const focusField = (field: AuthField) => {
    formRef.current?.querySelector<HTMLInputElement>(`#${ids[field]}`)?.focus();
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const missing: FieldErrors = {};
    if (email.trim() === '') missing.email = t('error.required');
    if (signUp && name.trim() === '') missing.name = t('error.required');
    if (password === '') missing.password = t('error.required');
    setFormError(null);
    setErrors(missing);
    const firstMissing = (['email', 'name', 'password'] as const).find((f) => missing[f]);
    if (firstMissing) {
      focusField(firstMissing);
      return;
    }
    setBusy(true);
    const result = signUp ? await api.signUp(email.trim(), name.trim(), password) : await api.signIn(email.trim(), password);
    setBusy(false);
    if (result.ok) {
      onSignedIn(result.data);
      return;
    }
    const message = errorMessage(result.error, t);
    const field = authFieldFor(result.error.code);
    if (field && (field !== 'name' || signUp)) {
      setErrors({ [field]: message });
      focusField(field);
    } else {
      setFormError(message);
      formRef.current?.querySelector<HTMLElement>(`#${ids.formError}`)?.focus();
    }
  };

  const switchMode = () => {
    setMode(signUp ? 'signIn' : 'signUp');
    setErrors({});
    setFormError(null);
  };

  type Aria = { 'aria-invalid': 'true' | undefined; 'aria-describedby': string | undefined };
  const field = (key: AuthField, label: string, input: (aria: Aria) => preact.JSX.Element, help?: string) => {
    const errorId = `${ids[key]}-error`;
    const helpId = `${ids[key]}-help`;
    const describedBy = [errors[key] ? errorId : '', help ? helpId : ''].filter(Boolean).join(' ') || undefined;
    return (
      <div class="th-field">
        <label for={ids[key]}>{label}</label>
        {input({ 'aria-invalid': errors[key] ? 'true' : undefined, 'aria-describedby': describedBy })}
        {help && (
          <p class="th-help" id={helpId}>
            {help}
          </p>
        )}
        {errors[key] && (
          <p class="th-field-error" id={errorId}>
            {errors[key]}
          </p>
        )}
      </div>
    );
  };

  return (
    <Dialog labelId={ids.title} onClose={onClose} opener={opener} fallbackFocus={fallbackFocus} testId="auth-dialog">
      <form ref={formRef} class="th-auth" noValidate onSubmit={submit} aria-busy={busy}>
        <div class="th-dialog-head">
          <h2 id={ids.title}>{signUp ? t('auth.signUpTitle') : t('auth.signInTitle')}</h2>
          <button type="button" class="th-icon-button" aria-label={t('auth.close')} title={t('auth.close')} onClick={onClose}>
            <Icon name="close" />
          </button>
        </div>
        {formError && (
          <p class="th-form-error" id={ids.formError} role="alert" tabIndex={-1}>
            {formError}
          </p>
        )}
        {field(
          'email',
          t('auth.email'),
          (aria) => <input
            {...aria}
            id={ids.email}
            data-testid="auth-email"
            data-autofocus
            type="email"
            autoComplete={signUp ? 'email' : 'username'}
            inputMode="email"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />,
        )}
        {signUp &&
          field(
            'name',
            t('auth.name'),
            (aria) => <input
              {...aria}
              id={ids.name}
              data-testid="auth-name"
              type="text"
              autoComplete="nickname"
              maxLength={50}
              required
              value={name}
              onInput={(e) => setName(e.currentTarget.value)}
            />,
            t('auth.nameHelp'),
          )}
        {field(
          'password',
          t('auth.password'),
          (aria) => <input
            {...aria}
            id={ids.password}
            data-testid="auth-password"
            type="password"
            autoComplete={signUp ? 'new-password' : 'current-password'}
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />,
          signUp ? t('auth.passwordHelp') : undefined,
        )}
        <div class="th-dialog-actions">
          <button type="submit" class="th-button th-primary" data-testid="auth-submit" aria-disabled={busy}>
            {busy ? t('auth.working') : signUp ? t('auth.submitSignUp') : t('auth.submitSignIn')}
          </button>
          <button type="button" class="th-link-button" onClick={switchMode}>
            {signUp ? t('auth.switchToSignIn') : t('auth.switchToSignUp')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
