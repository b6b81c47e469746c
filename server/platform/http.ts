import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { pickLang } from '../../common/errors.ts';
import { localizeIssues } from '../../common/validation.ts';
import type { Actor, Ctx, Deps } from './context.ts';
import { AppError } from './errors.ts';

/**
 * Thin routes: a spec (zod schemas for params, query, body and response) and one service call.
 * The same specs feed the OpenAPI document at /api/docs.
 */
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: Method;
  url: string;
  summary: string;
  tags: string[];
  /** public: no login · session (default): a full session · restricted: also a session limited to password/TOTP setup */
  auth?: 'public' | 'session' | 'restricted';
  params?: P;
  query?: Q;
  body?: B;
  response?: z.ZodType;
  /** Response is a file (DOCX, XLSX…): documented as binary. */
  binary?: string;
  /** Body is multipart/form-data (uploads). */
  multipart?: boolean;
}

export interface RouteInput<P, Q, B> {
  ctx: Ctx;
  params: P;
  query: Q;
  body: B;
  req: FastifyRequest;
  reply: FastifyReply;
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds specs of every shape
const registry: RouteSpec<any, any, any>[] = [];
export function registeredRoutes() {
  return registry;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    restriction: import("./auth/auth.service.ts").Restriction;
    sessionExpired: boolean;
  }
}

export function contextOf(deps: Deps, req: FastifyRequest): Ctx {
  return {
    deps,
    db: deps.database.db,
    engine: deps.database.engine,
    actor: req.actor ?? null,
    ip: req.ip ?? null,
    requestId: String(req.id),
    lang: pickLang(req.headers['accept-language']),
  };
}

function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, lang: 'zh' | 'en', prefix: string): z.infer<T> {
  if (!schema) return undefined as z.infer<T>;
  // reportInput: so "expected string, received number" names what came (the value itself never leaves)
  const r = schema.safeParse(value ?? (prefix === 'body' ? {} : value), { reportInput: true });
  if (!r.success) {
    const fields = localizeIssues(r.error.issues, lang).map((f) => ({ field: prefix === 'body' ? f.field : `${prefix}.${f.field}`, message: f.message }));
    throw new AppError('VALIDATION', fields);
  }
  return r.data;
}

/**
 * U+0000, U+001F (the unit separator: the dispute list joins party names with it), or a surrogate
 * without its pair (JSON can carry "\ud800"; UTF-8 cannot).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000 and U+001F are exactly what is refused
const BAD_TEXT = /\u0000|\u001f|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The path of the first string (or key) holding bad text, or null. */
function findBadText(v: unknown, path: string, depth = 0): string | null {
  if (typeof v === 'string') return BAD_TEXT.test(v) ? path : null;
  if (!v || typeof v !== 'object' || depth > 5000) return null;
  for (const [k, x] of Object.entries(v)) {
    const p = path ? `${path}.${k}` : k;
    if (BAD_TEXT.test(k)) return p;
    const found = findBadText(x, p, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/**
 * Text no field has a use for, refused at the door as a 400 on both engines: PostgreSQL cannot store
 * U+0000 (the insert fails, 22021), and an unpaired surrogate would be stored as U+FFFD, silently
 * not what was sent.
 */
function refuseBadText(value: unknown, where: 'params' | 'query' | 'body'): void {
  const at = findBadText(value, '');
  if (at === null) return;
  throw new AppError('VALIDATION', [{ field: where === 'body' ? at || '(body)' : `${where}.${at}`, key: 'text_invalid_char' }]);
}

export function route<P extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined, B extends z.ZodType = z.ZodUndefined>(
  app: FastifyInstance,
  deps: Deps,
  spec: RouteSpec<P, Q, B>,
  handler: (input: RouteInput<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<unknown>,
): void {
  registry.push(spec);
  app.route({
    method: spec.method,
    url: spec.url,
    handler: async (req, reply) => {
      const ctx = contextOf(deps, req);
      const auth = spec.auth ?? 'session';
      if (auth !== 'public') {
        if (!req.actor) throw new AppError(req.sessionExpired ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
        if (req.restriction && auth !== "restricted") throw new AppError(req.restriction === "mfa" ? "MFA_SETUP_REQUIRED" : "PASSWORD_CHANGE_REQUIRED");
      }
      refuseBadText(req.params, 'params');
      refuseBadText(req.query, 'query');
      if (!spec.multipart) refuseBadText(req.body, 'body');
      const params = parse(spec.params, req.params, ctx.lang, 'params');
      const query = parse(spec.query, req.query, ctx.lang, 'query');
      const body = spec.multipart ? (undefined as z.infer<B>) : parse(spec.body, req.body, ctx.lang, 'body');
      const out = await handler({ ctx, params, query, body, req, reply });
      if (reply.sent) return reply;
      if (out === undefined) return reply.code(204).send();
      return out;
    },
  });
}

/** OpenAPI 3.1 from the registered zod schemas. */
export function buildOpenApi(version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  const js = (s: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(s, { io, unrepresentable: 'any' });
  for (const r of registry) {
    const path = r.url.replace(/:(\w+)/g, '{$1}');
    const op: Record<string, unknown> = { summary: r.summary, tags: r.tags, responses: {} };
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', r.params],
      ['query', r.query],
    ] as const) {
      if (!schema) continue;
      const s = js(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, p] of Object.entries(s.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (s.required ?? []).includes(name), schema: p });
      }
    }
    if (parameters.length) op.parameters = parameters;
    if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: js(r.body, 'input') } } };
    if (r.multipart) op.requestBody = { required: true, content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } } } };
    const responses: Record<string, unknown> = {};
    if (r.binary) responses['200'] = { description: 'file', content: { [r.binary]: { schema: { type: 'string', format: 'binary' } } } };
    else if (r.response) responses['200'] = { description: 'OK', content: { 'application/json': { schema: js(r.response, 'output') } } };
    else responses['200'] = { description: 'OK' };
    responses['4XX'] = { description: '{code, message, fields}', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    op.responses = responses;
    if (r.auth !== 'public') op.security = [{ session: [] }];
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title: '法治 Fazhi API', version, description: '县乡村法治政府建设工作平台 API。登录：POST /api/v1/auth/login 设置会话 Cookie。' },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'fazhi_sid' } },
      schemas: {
        Error: {
          type: 'object',
          properties: {
            code: { type: 'string' },
            message: { type: 'string' },
            fields: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
          },
          required: ['code', 'message', 'fields'],
        },
      },
    },
    paths,
  };
}
