import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/context.ts';

/** Key-date calendar, themes and the 谁执法谁普法 list. */
export function calendarRoutes(_app: FastifyInstance, _deps: Deps): void {}
