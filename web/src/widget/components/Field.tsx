// A labelled form field with its help text and error underneath, wired up
// for assistive technology (aria-describedby, aria-invalid). The control is
// rendered by the caller with `described(...)`'s attributes.

import type { ComponentChildren } from 'preact';

interface Props {
  id: string;
  label: string;
  help?: string | null;
  error?: string | null;
  children: ComponentChildren;
}

/** The ARIA attributes of the control of field `id` (`help`: whether the field has help text). */
export function described(id: string, error?: string | null, help?: unknown) {
  return {
    id,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': [error ? `${id}-error` : '', help ? `${id}-help` : ''].filter(Boolean).join(' ') || undefined,
  };
}

export function Field({ id, label, help, error, children }: Props) {
  return (
    <div class="th-field">
      <label for={id}>{label}</label>
      {children}
      {help && (
        <p class="th-help" id={`${id}-help`}>
          {help}
        </p>
      )}
      {error && (
        <p class="th-field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
