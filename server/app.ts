import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { pickLang } from '../common/errors.ts';
import { uuidv7 } from '../common/ids.ts';
import { authRoutes, sessionCookieName } from './platform/auth/auth.routes.ts';
import { loadSession } from './platform/auth/auth.service.ts';
import { auditRoutes } from './platform/audit.routes.ts';
// registers the hourly off-host copy of the audit trail (a sweep of the job runner)
import './platform/audit.export.ts';
import { calendarRoutes } from './platform/calendar/calendar.routes.ts';
import type { Deps } from './platform/context.ts';
import { AppError } from './platform/errors.ts';
import { buildOpenApi, contextOf, route } from './platform/http.ts';
import { notifyRoutes } from './platform/notify/notify.routes.ts';
import { orgRoutes } from './platform/orgs/orgs.routes.ts';
import { peopleRoutes } from './platform/people/people.routes.ts';
import { staffRoutes } from './platform/staff/staff.routes.ts';
import { userRoutes } from './platform/users/users.routes.ts';
import { MODULES } from './modules/index.ts';
import { portalRoutes } from './modules/portal/portal.routes.ts';

export const VERSION = '0.1.0';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Builds the whole HTTP application from its dependencies; main.ts only wires and listens. */
export async function buildApp(deps: Deps, opts: { webRoot?: string } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log,
    genReqId: () => uuidv7(),
    trustProxy: process.env.FAZHI_TRUST_PROXY === '1',
    bodyLimit: 2 * 1024 * 1024,
    // The router's own refusals (a malformed URL, a path segment over 100 characters) in our shape too.
    frameworkErrors: (_err, req, reply) => {
      (reply as FastifyReply).code(400).send(new AppError('BAD_REQUEST').body(pickLang(req.headers['accept-language'])));
    },
  }) as unknown as FastifyInstance; // pino's Logger vs Fastify's base logger type: same object
  app.decorateRequest('actor', null);
  app.decorateRequest('restriction', null);
  app.decorateRequest('sessionExpired', false);

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: deps.config.maxUploadBytes, files: 1, fields: 10 } });

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('Content-Security-Policy', CSP);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Referrer-Policy', 'same-origin');
    reply.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    if (deps.config.cookieSecure) reply.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    return payload;
  });

  // CSRF: SameSite cookies, plus refusing a state-changing request whose Origin is not ours.
  app.addHook('onRequest', async (req) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return;
    const origin = req.headers.origin;
    if (!origin) return;
    const allowed = deps.config.publicOrigin ? [new URL(deps.config.publicOrigin).host] : [];
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      throw new AppError('CSRF');
    }
    if (host !== req.headers.host && !allowed.includes(host)) throw new AppError('CSRF');
  });

  app.addHook('preHandler', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const token = req.cookies[sessionCookieName(deps)];
    if (!token) return;
    // X-Fazhi-Background: 1 marks the web's own polling (the bell): not user activity
    const { session, expired } = await loadSession(deps, contextOf(deps, req), token, { touch: req.headers['x-fazhi-background'] !== '1' });
    req.actor = session?.actor ?? null;
    req.restriction = session?.restriction ?? null;
    req.sessionExpired = expired;
  });

  app.setErrorHandler((err, req, reply) => {
    const lang = pickLang(req.headers['accept-language']);
    if (err instanceof AppError) return reply.code(err.status).headers(err.headers).send(err.body(lang));
    const e = err as { statusCode?: number; code?: string; message?: string };
    if (e.code === 'FST_REQ_FILE_TOO_LARGE' || e.statusCode === 413) return reply.code(413).send(new AppError('PAYLOAD_TOO_LARGE').body(lang));
    // A malformed multipart body (no boundary, cut short): the parser throws plain errors with no status.
    if (!e.statusCode && isMultipartParseError(err)) return reply.code(400).send(new AppError('BAD_REQUEST').body(lang));
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      // Fastify's own 4xx (malformed JSON, wrong content type): one shape, no internals.
      return reply.code(e.statusCode === 415 ? 415 : 400).send({ ...new AppError('BAD_REQUEST').body(lang), fields: [] });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send(new AppError('INTERNAL').body(lang));
  });

  app.setNotFoundHandler((req, reply) => {
    const lang = pickLang(req.headers['accept-language']);
    if (req.url.startsWith('/api/') || !opts.webRoot || req.method !== 'GET') return reply.code(404).send(new AppError('NOT_FOUND').body(lang));
    // The single-page app answers every other GET with its shell.
    return reply.type('text/html').sendFile('index.html');
  });

  app.get('/healthz', async () => {
    await deps.database.db.selectFrom('audit_head').select('seq').executeTakeFirst();
    return { status: 'ok', engine: deps.database.engine, version: VERSION };
  });

  authRoutes(app, deps);
  calendarRoutes(app, deps);
  orgRoutes(app, deps);
  userRoutes(app, deps);
  peopleRoutes(app, deps);
  auditRoutes(app, deps);
  notifyRoutes(app, deps);
  staffRoutes(app, deps);
  for (const m of MODULES) m.routes(app, deps);
  // the public portal's pages (/portal): server-rendered, before the SPA's not-found fallback answers /portal/*
  portalRoutes(app, deps);

  app.get('/api/docs/openapi.json', async () => buildOpenApi(VERSION));
  app.get('/api/docs', async (_req, reply) => reply.type('text/html; charset=utf-8').send(DOCS_HTML));
  app.get('/api/docs/viewer.js', async (_req, reply) => reply.type('text/javascript; charset=utf-8').send(DOCS_ASSETS.js));
  app.get('/api/docs/viewer.css', async (_req, reply) => reply.type('text/css; charset=utf-8').send(DOCS_ASSETS.css));
  route(app, deps, { method: 'GET', url: '/api/v1/version', summary: '版本', tags: ['ops'], auth: 'public' }, async () => ({ version: VERSION }));

  if (opts.webRoot && existsSync(path.join(opts.webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: path.resolve(opts.webRoot), index: ['index.html'], wildcard: false, maxAge: '1h' });
  }
  return app;
}

function isMultipartParseError(err: unknown): boolean {
  const stack = err instanceof Error ? err.stack : undefined;
  return !!stack && /[\\/]@fastify[\\/+]busboy[\\/]/.test(stack);
}

// The docs viewer's two files (server/platform/docs/), read once: same-origin, as the CSP requires.
const DOCS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'platform', 'docs');
const DOCS_ASSETS = { js: readFileSync(path.join(DOCS_DIR, 'viewer.js'), 'utf8'), css: readFileSync(path.join(DOCS_DIR, 'viewer.css'), 'utf8') };

const DOCS_HTML = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>法治 Fazhi API</title>
<link rel="stylesheet" href="/api/docs/viewer.css"></head><body><h1>法治 Fazhi API</h1>
<p>OpenAPI 3.1: <a href="/api/docs/openapi.json">/api/docs/openapi.json</a></p><div id="ops">加载中…</div>
<script src="/api/docs/viewer.js"></script></body></html>`;
