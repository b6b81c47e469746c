import type { Ctx } from '../../platform/context.ts';
import type { BaseIds } from '../../seed/base.ts';

/** Demo mediation data for the demo county (filled in by the mediation module). */
export async function seedMediationDemo(_ctx: Ctx, _ids: BaseIds, _opts: { today?: string } = {}): Promise<void> {}
