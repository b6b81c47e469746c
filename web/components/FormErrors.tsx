import { Alert } from 'antd';
import type { FieldError } from '../../common/errors.ts';

/** The banner above a form: the server's (or the schema's) summary and errors that match no item. */
export function FormErrors({ sf }: { sf: { otherErrors: FieldError[]; errorMessage: string | null } }) {
  const { otherErrors: errors, errorMessage } = sf;
  if (!errors.length && !errorMessage) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="form-error"
      title={errorMessage ?? undefined}
      description={
        errors.length ? (
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {errors.map((e) => (
              <li key={`${e.field}:${e.message}`}>
                {e.field !== '(body)' ? `${e.field}: ` : ''}
                {e.message}
              </li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}
