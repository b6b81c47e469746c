import type { Ctx } from '../../platform/context.ts';
import type { BaseIds } from '../../seed/base.ts';

/** Demo records of the planning module for the demo county (娘子神乡 mirrors the source report). */
export async function seedPlanningDemo(_ctx: Ctx, _ids: BaseIds, _opts: { today?: string } = {}): Promise<void> {}
