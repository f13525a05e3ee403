// What the moderator is told when a call fails. The API's error `code` is the
// contract; a code with an `error.<code>` entry in the catalog gets that
// sentence, otherwise the server's own message, otherwise a generic one.

import { t, tMaybe } from '../i18n';
import type { ApiError } from './api';

export function errorMessage(error: ApiError): string {
  if (error.status === 429 && error.retryAfter !== undefined && error.retryAfter > 0) {
    return t('error.throttledFor', { n: Math.ceil(error.retryAfter) });
  }
  const known = tMaybe(`error.${error.code}`);
  if (known) return known;
  if (error.status === 0) return t('error.network');
  if (error.message) return error.message;
  if (error.status >= 500) return t('error.server');
  return t('error.generic', { code: error.code });
}
