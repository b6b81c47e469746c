import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/context.ts';

/** Content library and publication (普法内容库). */
export function contentRoutes(_app: FastifyInstance, _deps: Deps): void {}
