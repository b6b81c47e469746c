import { Button, DatePicker, Form, type FormInstance, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { z } from 'zod';
import type { FieldError } from '../common/errors.ts';
import { localizeIssues } from '../common/validation.ts';
import { ApiError } from './api.ts';
import { useI18n } from './i18n/index.tsx';

/**
 * The one form helper: validate an AntD form's values with the same zod schema the server uses
 * (issues localised by common/validation.ts), and put the server's `fields[]` errors on the form
 * items they name. Errors for fields that have no form item are returned for a banner.
 */

/** 'parties.0.idCard' → ['parties', 0, 'idCard'] (AntD name path). */
export function toNamePath(field: string): (string | number)[] {
  return field
    .replace(/^(body|query|params)\./, '')
    .split('.')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** AntD gives '' for a cleared input and null for a cleared number; the schemas want the key absent. */
export function cleanValues(v: unknown): unknown {
  if (v === '' || v === null) return undefined;
  if (dayjs.isDayjs(v)) return v.format('YYYY-MM-DD');
  if (Array.isArray(v)) return v.map(cleanValues);
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const c = cleanValues(x);
      if (c !== undefined) out[k] = c;
    }
    return out;
  }
  return v;
}

function valueAt(v: unknown, path: readonly PropertyKey[]): unknown {
  let cur = v;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

/**
 * On an edit, a field the user emptied must reach the server as emptied, but cleanValues drops '' and
 * null: put each listed key that is absent back as its "empty" — texts '' (the server stores NULL),
 * pickers null, lists [], counts 0, flags false. Returns a copy.
 */
export function withEmptied(
  v: Record<string, unknown>,
  keys: { texts?: readonly string[]; nulls?: readonly string[]; lists?: readonly string[]; zeros?: readonly string[]; flags?: readonly string[] },
): Record<string, unknown> {
  const out = { ...v };
  const fill = (ks: readonly string[] | undefined, empty: () => unknown) => {
    for (const k of ks ?? []) if (out[k] === undefined) out[k] = empty();
  };
  fill(keys.texts, () => '');
  fill(keys.nulls, () => null);
  fill(keys.lists, () => []);
  fill(keys.zeros, () => 0);
  fill(keys.flags, () => false);
  return out;
}

/** An edit form's first values: the record's `keys`, a null (nothing stored) as absent so the control shows empty. */
export function formValuesOf<T extends object>(record: T, keys: readonly (keyof T & string)[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = record[k] ?? undefined;
  return out;
}

/** Put errors on the form; returns the ones that match no form item. */
export function applyFieldErrors(form: FormInstance, errors: FieldError[]): FieldError[] {
  const registered = new Set(form.getFieldsError().map((f) => JSON.stringify(f.name)));
  const byName = new Map<string, { name: (string | number)[]; errors: string[] }>();
  const rest: FieldError[] = [];
  for (const e of errors) {
    const name = toNamePath(e.field);
    const key = JSON.stringify(name);
    if (!registered.has(key)) {
      rest.push(e);
      continue;
    }
    const cur = byName.get(key) ?? { name, errors: [] };
    if (!cur.errors.includes(e.message)) cur.errors.push(e.message);
    byName.set(key, cur);
  }
  const fields = [...byName.values()];
  form.setFields(fields);
  if (fields.length) form.scrollToField(fields[0].name, { block: 'center', behavior: 'smooth' });
  return rest;
}

export interface SchemaForm<S extends z.ZodType> {
  form: FormInstance;
  /** Validate with the schema, then run `send`; maps client and server errors to the form. */
  submit: (send: (values: z.output<S>) => Promise<unknown>, extra?: Record<string, unknown>) => Promise<boolean>;
  submitting: boolean;
  /** Errors that belong to no visible form item (shown in a banner by <FormErrors/>). */
  otherErrors: FieldError[];
  /** The server's top-level message of the last failed submit. */
  errorMessage: string | null;
  reset: () => void;
}

export function useSchemaForm<S extends z.ZodType>(schema: S, opts: { transform?: (values: Record<string, unknown>) => unknown } = {}): SchemaForm<S> {
  const [form] = Form.useForm();
  const { lang } = useI18n();
  const [submitting, setSubmitting] = useState(false);
  const [otherErrors, setOtherErrors] = useState<FieldError[]>([]);
  const [errorMessage, setErrorMessage] = useState<string | null>(null);
  const transform = opts.transform;

  const submit = useCallback(
    async (send: (values: z.output<S>) => Promise<unknown>, extra?: Record<string, unknown>) => {
      setOtherErrors([]);
      setErrorMessage(null);
      // Clear the previous round's errors on every item.
      form.setFields(form.getFieldsError().map((f) => ({ name: f.name, errors: [] })));
      let values = cleanValues({ ...form.getFieldsValue(true), ...extra }) as Record<string, unknown>;
      if (transform) values = transform(values) as Record<string, unknown>;
      const parsed = schema.safeParse(values ?? {});
      if (!parsed.success) {
        // An empty required field reads "必填", not zod's "expected string, received undefined".
        const issues = parsed.error.issues.map((i) =>
          i.code === 'invalid_type' && valueAt(values, i.path) === undefined ? { ...i, message: 'i18n:required' } : i,
        );
        const rest = applyFieldErrors(form, localizeIssues(issues, lang));
        setOtherErrors(rest);
        return false;
      }
      setSubmitting(true);
      try {
        await send(parsed.data);
        return true;
      } catch (e) {
        if (e instanceof ApiError) {
          setOtherErrors(e.fields.length ? applyFieldErrors(form, e.fields) : []);
          setErrorMessage(e.message);
        } else {
          setErrorMessage(String(e));
        }
        return false;
      } finally {
        setSubmitting(false);
      }
    },
    [form, lang, schema, transform],
  );

  const reset = useCallback(() => {
    form.resetFields();
    setOtherErrors([]);
    setErrorMessage(null);
  }, [form]);

  return { form, submit, submitting, otherErrors, errorMessage, reset };
}

/** Banner for a form's errors that match no item (and the server's summary line). */
export { FormErrors } from './components/FormErrors.tsx';

/** A DatePicker whose form value is the 'YYYY-MM-DD' string the schemas use. */
export function DateInput(props: {
  value?: string;
  onChange?: (v: string | undefined) => void;
  placeholder?: string;
  disabled?: boolean;
  'data-testid'?: string;
  picker?: 'date' | 'month' | 'year';
  style?: React.CSSProperties;
}) {
  const fmt = props.picker === 'month' ? 'YYYY-MM' : props.picker === 'year' ? 'YYYY' : 'YYYY-MM-DD';
  const v: Dayjs | null = props.value ? dayjs(props.value, fmt) : null;
  return (
    <DatePicker
      value={v}
      picker={props.picker}
      format={fmt}
      placeholder={props.placeholder}
      disabled={props.disabled}
      style={{ width: '100%', ...props.style }}
      data-testid={props['data-testid']}
      onChange={(d) => props.onChange?.(d ? d.format(fmt) : undefined)}
    />
  );
}

/** A form page's buttons: save (submits the form, spins while sending) and cancel (back where the user came from). */
export function FormActions({ submitting, testid, saveLabel }: { submitting: boolean; testid: string; saveLabel?: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Space>
      <Button type="primary" htmlType="submit" loading={submitting} data-testid={testid}>
        {saveLabel ?? t('common.save')}
      </Button>
      <Button onClick={() => navigate(-1)}>{t('common.cancel')}</Button>
    </Space>
  );
}
