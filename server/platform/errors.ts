import { ERROR_MESSAGES, type ErrorBody, type ErrorCode, FIELD_MESSAGES, type FieldMessageKey, type Lang } from '../../common/errors.ts';

/** A domain error with a stable code; the one error handler turns it into `{code, message, fields}`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: { field: string; key?: FieldMessageKey; message?: string }[];
  /** Response headers that go with the error (Retry-After on a 429). */
  readonly headers: Record<string, string> = {};
  constructor(code: ErrorCode, fields: { field: string; key?: FieldMessageKey; message?: string }[] = [], detail?: string) {
    super(detail ?? code);
    this.code = code;
    this.fields = fields;
  }
  withHeader(name: string, value: string): this {
    this.headers[name] = value;
    return this;
  }
  get status(): number {
    return ERROR_MESSAGES[this.code].status;
  }
  body(lang: Lang): ErrorBody {
    return {
      code: this.code,
      message: ERROR_MESSAGES[this.code][lang],
      fields: this.fields.map((f) => ({
        field: f.field,
        message: f.key ? FIELD_MESSAGES[f.key][lang] : (f.message ?? ERROR_MESSAGES[this.code][lang]),
      })),
    };
  }
}

/** Shorthand for a validation error on one field. */
export function fieldError(field: string, key: FieldMessageKey): AppError {
  return new AppError('VALIDATION', [{ field, key }]);
}
