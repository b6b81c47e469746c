import type { FastifyInstance } from 'fastify';
import type { Deps } from '../context.ts';

export function orgRoutes(_app: FastifyInstance, _deps: Deps): void {}
