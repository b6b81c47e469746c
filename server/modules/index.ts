import { mediationModule } from './mediation/mediation.module.ts';
import type { FazhiModule } from './module.ts';

/** Every domain module of the house, in menu order. */
export const MODULES: FazhiModule[] = [mediationModule];
