import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from './config.ts';
import { WEB_DIR } from './paths.ts';
import { migrationVersion, type Database } from './db/client.ts';
import { SESSION_COOKIE } from './platform/auth/routes.ts';
import { SessionStore } from './platform/auth/sessions.ts';
import { ctxOf, type AppDeps } from './platform/context.ts';
import { answerError, installErrorHandling, localeOf, send, type NotFoundFallback } from './platform/errors.ts';
import { uuidv7 } from './platform/ids.ts';
import { installInputChecks } from './platform/input.ts';
import { LOG_REDACT } from './platform/mask.ts';
import { platformCapability } from './platform/manifest.ts';
import { addMessages, msg } from './platform/messages.ts';
import { MODULES } from './modules/index.ts';

export { WEB_DIR };

/** The routes a user who must change their password may still call. */
const WHILE_PASSWORD_MUST_CHANGE = new Set(['/api/v1/me', '/api/v1/me/password', '/api/v1/me/locale', '/api/v1/auth/logout', '/api/v1/auth/login']);

export interface BuildOptions {
  database: Database;
  config: Config;
  now?: () => number;
  /** pino logger options, or false for silence (tests) */
  logger?: boolean | Record<string, unknown>;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const now = opts.now ?? Date.now;
  const logger = opts.logger === false ? false : {
    level: opts.config.logLevel,
    redact: { paths: LOG_REDACT, censor: '[masked]' },
    ...(typeof opts.logger === 'object' ? opts.logger : {}),
  };
  const app = Fastify({
    logger,
    bodyLimit: 1024 * 1024,
    trustProxy: opts.config.trustProxy,
    genReqId: () => uuidv7(),
    requestIdHeader: false,
    routerOptions: { ignoreTrailingSlash: true },
    // errors raised before routing (a bad URL, a path parameter over 100 characters) get the one error shape too
    frameworkErrors: answerError,
  });
  const deps: AppDeps = {
    database: opts.database, config: opts.config, now,
    sessions: new SessionStore(opts.database, opts.config, now),
  };
  app.decorate('deps', deps);
  app.decorateRequest('principal', null);
  app.decorateRequest('session', null);
  app.decorateRequest('sessionToken', null);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  let webFallback: NotFoundFallback | undefined;
  installErrorHandling(app, () => webFallback);
  installInputChecks(app);

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Lianjian 联建 API', version: '1' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'same-origin');
    reply.header('X-Frame-Options', 'DENY');
    return payload;
  });

  // CSRF: a state-changing API request must carry X-Requested-With, which a cross-site form cannot set.
  app.addHook('onRequest', async (req, reply) => {
    if (UNSAFE.has(req.method) && req.url.startsWith('/api/') && !req.headers['x-requested-with']) {
      return send(reply, 403, 'CSRF_HEADER_MISSING', msg(localeOf(req), 'CSRF_HEADER_MISSING'));
    }
  });

  // Authentication: resolve the session cookie; API routes need a principal unless marked public.
  app.addHook('preHandler', async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      req.sessionToken = token;
      const resolved = await deps.sessions.resolve(token);
      if (resolved) { req.principal = resolved.principal; req.session = resolved.session; }
    }
    if (!req.principal && req.url.startsWith('/api/v1/') && !req.routeOptions.config?.public && req.routeOptions.url) {
      return send(reply, 401, 'UNAUTHENTICATED', msg(localeOf(req), 'UNAUTHENTICATED'));
    }
    // a first or reset password: nothing but changing it (and reading who one is, signing out) until then
    if (req.principal?.mustChangePassword && req.routeOptions.url && !WHILE_PASSWORD_MUST_CHANGE.has(req.routeOptions.url)) {
      return send(reply, 403, 'PASSWORD_CHANGE_REQUIRED', msg(localeOf(req), 'PASSWORD_CHANGE_REQUIRED'));
    }
  });

  app.get('/api/health', {
    schema: {
      tags: ['platform'], summary: 'Health: database kind and migration version',
      response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']), migration: z.object({ applied: z.number(), latest: z.string().nullable() }) }) },
    },
  }, async () => ({ status: 'ok' as const, database: deps.database.kind, migration: await migrationVersion(deps.database) }));

  // every capability, as declared in src/server/modules/index.ts
  const ctx = ctxOf(deps);
  for (const cap of [platformCapability, ...MODULES]) {
    addMessages(cap.messages);
    await app.register(cap.routes, { ctx });
  }

  // The web app: static files, and index.html for any other page the client-side router knows (a GET outside /api
  // that no route matched: see NotFoundFallback).
  if (fs.existsSync(path.join(WEB_DIR, 'index.html'))) {
    await app.register(fastifyStatic, { root: WEB_DIR, wildcard: false, index: false, cacheControl: false });
    const indexHtml = fs.readFileSync(path.join(WEB_DIR, 'index.html'));
    // (hide: the web app's routes are not part of the API document at /api/docs)
    app.get('/assets/*', { schema: { hide: true } }, (req, reply) => {
      reply.header('Cache-Control', 'public, max-age=31536000, immutable');
      return reply.sendFile(path.join('assets', (req.params as { '*': string })['*']));
    });
    webFallback = (req, reply) => {
      const rel = req.url.split('?')[0]!.slice(1);
      if (rel && !rel.includes('..') && fs.existsSync(path.join(WEB_DIR, rel)) && fs.statSync(path.join(WEB_DIR, rel)).isFile()) return reply.sendFile(rel);
      reply.header('Cache-Control', 'no-cache');
      return reply.code(200).type('text/html; charset=utf-8').send(indexHtml);
    };
  }
  return app;
}
