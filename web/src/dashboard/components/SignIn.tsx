// The sign-in screen: a moderator's or admin's email and password.

import { useState } from 'preact/hooks';
import { t } from '../i18n';
import type { ModerationApi } from '../lib/api';
import { errorMessage } from '../lib/errors';
import type { SessionData } from '../lib/session';

export function SignIn({ api, notice, onSignedIn }: { api: ModerationApi; notice: string | null; onSignedIn: (s: SessionData) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setSending(true);
    const r = await api.signIn(email.trim(), password);
    setSending(false);
    if (!r.ok) return setError(errorMessage(r.error));
    onSignedIn({ token: r.data.token, user: r.data.user });
  };

  return (
    <main class="md-signin">
      <form onSubmit={submit} class="md-signin-card" data-testid="sign-in" aria-labelledby="signin-title">
        <h1 id="signin-title">{t('signIn.title')}</h1>
        <p class="md-muted">{t('signIn.intro')}</p>
        {notice ? (
          <p class="md-notice" role="status">
            {notice}
          </p>
        ) : null}
        <label class="md-field">
          <span>{t('signIn.email')}</span>
          <input type="email" autoComplete="username" required value={email} data-testid="sign-in-email" onInput={(e) => setEmail(e.currentTarget.value)} />
        </label>
        <label class="md-field">
          <span>{t('signIn.password')}</span>
          <input type="password" autoComplete="current-password" required value={password} data-testid="sign-in-password" onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        {error ? (
          <p class="md-error" role="alert" data-testid="sign-in-error">
            {error}
          </p>
        ) : null}
        <button type="submit" class="md-btn md-primary" disabled={sending} data-testid="sign-in-submit">
          {sending ? t('signIn.sending') : t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}
