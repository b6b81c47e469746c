import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/context.ts';

/** Events and campaigns (普法活动): H-events. */
export function eventsRoutes(_app: FastifyInstance, _deps: Deps): void {}
