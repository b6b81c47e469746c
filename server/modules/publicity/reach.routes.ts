import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/context.ts';

/** Reach: first-party view figures. */
export function reachRoutes(_app: FastifyInstance, _deps: Deps): void {}
