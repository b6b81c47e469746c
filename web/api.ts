import type { z } from 'zod';
import type { ErrorBody, FieldError } from '../common/errors.ts';
import { getLang } from './i18n/index.tsx';

/**
 * The one way the web app talks to the server: same-origin fetch with the session cookie, JSON in and
 * out, `Accept-Language` so server messages come back in the chosen language, and the server's
 * `{code, message, fields}` as a typed error. Response types come from the zod schemas in common/
 * (the caller passes the schema; the web never hand-types what the server returns).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];
  /** The whole error body, for answers that carry more (an import's per-row report). */
  readonly body: unknown;
  constructor(status: number, body: Partial<Omit<ErrorBody, 'code'>> & { code?: string }) {
    super(body.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body.code ?? 'INTERNAL';
    this.fields = body.fields ?? [];
    this.body = body;
  }
}

export type Query = Record<string, string | number | boolean | null | undefined | readonly (string | number)[]>;

/** Codes that mean "the session is gone": the app goes to the login page. */
const SESSION_LOST = new Set(['UNAUTHENTICATED', 'SESSION_EXPIRED']);

type Handler = (e: ApiError) => void;
let onSessionLost: Handler = () => {};
let onRestricted: Handler = () => {};
/** The shell registers where to go on 401 (login) and on a restricted session (password / TOTP). */
export function setApiHandlers(h: { sessionLost: Handler; restricted: Handler }): void {
  onSessionLost = h.sessionLost;
  onRestricted = h.restricted;
}

export function buildUrl(url: string, query?: Query): string {
  if (!query) return url;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const x of v) qs.append(k, String(x));
    else qs.append(k, String(v));
  }
  const s = qs.toString();
  return s ? `${url}${url.includes('?') ? '&' : '?'}${s}` : url;
}

interface Options {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Do not redirect to the login page on 401 (the login page itself, the first /me probe). */
  quiet?: boolean;
}

async function raw(method: string, url: string, opts: Options = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': getLang() === 'en' ? 'en' : 'zh-CN' };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) body = opts.body;
  else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(buildUrl(url, opts.query), { method, headers, body, credentials: 'same-origin', signal: opts.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, { code: 'NETWORK', message: getLang() === 'en' ? 'Cannot reach the server' : '无法连接服务器，请检查网络' });
  }
  if (!res.ok) {
    let b: Partial<Omit<ErrorBody, 'code'>> & { code?: string } = {};
    try {
      b = (await res.json()) as typeof b;
    } catch {
      /* not JSON: keep the status */
    }
    const err = new ApiError(res.status, b);
    if (!opts.quiet) {
      if (res.status === 401 && SESSION_LOST.has(err.code)) onSessionLost(err);
      if (res.status === 403 && (err.code === 'PASSWORD_CHANGE_REQUIRED' || err.code === 'MFA_SETUP_REQUIRED')) onRestricted(err);
    }
    throw err;
  }
  return res;
}

async function json<S extends z.ZodType>(schema: S | null, method: string, url: string, opts?: Options): Promise<z.output<S>> {
  const res = await raw(method, url, opts);
  if (res.status === 204) return undefined as z.output<S>;
  const data: unknown = await res.json();
  // Development builds check the server against the shared schema; production trusts it (speed).
  if (import.meta.env?.DEV && schema) {
    const r = schema.safeParse(data);
    if (!r.success) console.warn('response does not match schema', url, r.error.issues);
  }
  return data as z.output<S>;
}

export const api = {
  get: <S extends z.ZodType>(schema: S, url: string, opts?: Options) => json(schema, 'GET', url, opts),
  post: <S extends z.ZodType>(schema: S | null, url: string, body?: unknown, opts?: Options) => json(schema, 'POST', url, { ...opts, body: body ?? {} }),
  put: <S extends z.ZodType>(schema: S | null, url: string, body?: unknown, opts?: Options) => json(schema, 'PUT', url, { ...opts, body: body ?? {} }),
  patch: <S extends z.ZodType>(schema: S | null, url: string, body?: unknown, opts?: Options) => json(schema, 'PATCH', url, { ...opts, body: body ?? {} }),
  del: <S extends z.ZodType>(schema: S | null, url: string, opts?: Options) => json(schema, 'DELETE', url, opts),
  /** multipart/form-data upload (one file plus fields). */
  upload: <S extends z.ZodType>(schema: S | null, url: string, file: Blob, fields: Record<string, string> = {}, fileName?: string) => {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    fd.append('file', file, fileName ?? (file instanceof File ? file.name : 'upload'));
    return json(schema, 'POST', url, { body: fd });
  },
  /** Fetch a file (DOCX, XLSX) and hand it to the browser as a download. */
  async download(url: string, query?: Query, fallbackName = 'download'): Promise<void> {
    const res = await raw('GET', url, { query });
    const blob = await res.blob();
    const cd = res.headers.get('content-disposition') ?? '';
    const star = cd.match(/filename\*=UTF-8''([^;]+)/i);
    const plain = cd.match(/filename="?([^";]+)"?/i);
    const name = star ? decodeURIComponent(star[1]) : plain ? plain[1] : fallbackName;
    const href = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = href;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
  },
};

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** What to show for a failed call: the field messages (each names its field), else the error's message. */
export function errorText(e: unknown): string {
  if (isApiError(e) && e.fields.length) return e.fields.map((f) => f.message).join('；');
  return e instanceof Error ? e.message : String(e);
}
