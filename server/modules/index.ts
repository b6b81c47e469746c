import { mediationModule } from './mediation/mediation.module.ts';
import type { FazhiModule } from './module.ts';
import { planningModule } from './planning/planning.module.ts';
import { publicityModule } from './publicity/publicity.module.ts';
import { studyModule } from './study/study.module.ts';

/** Every domain module of the house, in menu order. */
export const MODULES: FazhiModule[] = [planningModule, studyModule, publicityModule, mediationModule];
