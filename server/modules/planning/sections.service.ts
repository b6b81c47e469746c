import { uuidv7 } from '../../../common/ids.ts';
import type { TSectionCreate, TSectionUpdate, TSectionView } from '../../../common/schemas/planning.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, inTx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { nowIso } from '../../platform/time.ts';
import { requireRecordInScope } from './planning.access.ts';
import { planFor } from './plans.service.ts';

/** Sections (章节) of a plan: 一、强化组织领导 … Managers only; a section with tasks is not deleted. */
function view(s: { id: string; plan_id: string; title: string; sort: number }): TSectionView {
  return { id: s.id, planId: s.plan_id, title: s.title, sort: Number(s.sort) };
}

export async function createSection(ctx: Ctx, planId: string, input: TSectionCreate): Promise<TSectionView> {
  const plan = await planFor(ctx, planId, 'planning.manage');
  return inTx(ctx, async (tx) => {
    const max = await tx.db.selectFrom('planning_sections').select((eb) => eb.fn.max('sort').as('m')).where('plan_id', '=', planId).executeTakeFirst();
    const at = nowIso();
    const row = { id: uuidv7(), plan_id: planId, org_id: plan.org_id, title: input.title, sort: input.sort ?? Number(max?.m ?? 0) + 1, created_at: at, updated_at: at };
    await tx.db.insertInto('planning_sections').values(row).execute();
    await recordAudit(tx, { entity: 'planning_section', entityId: row.id, action: 'planning.section.create', orgId: plan.org_id, after: row });
    return view(row);
  });
}

async function loadSection(ctx: Ctx, id: string) {
  const s = await ctx.db.selectFrom('planning_sections').selectAll().where('id', '=', id).executeTakeFirst();
  await requireRecordInScope(ctx, 'planning.manage', 'planning_section', id, s?.org_id);
  return s as NonNullable<typeof s>;
}

export async function updateSection(ctx: Ctx, id: string, input: TSectionUpdate): Promise<TSectionView> {
  const before = await loadSection(ctx, id);
  return inTx(ctx, async (tx) => {
    const set = { ...(input.title !== undefined ? { title: input.title } : {}), ...(input.sort !== undefined ? { sort: input.sort } : {}), updated_at: nowIso() };
    await tx.db.updateTable('planning_sections').set(set).where('id', '=', id).execute();
    await recordAudit(tx, { entity: 'planning_section', entityId: id, action: 'planning.section.update', orgId: before.org_id, before: { title: before.title, sort: before.sort }, after: set });
    return view({ ...before, ...set });
  });
}

export async function deleteSection(ctx: Ctx, id: string): Promise<void> {
  const before = await loadSection(ctx, id);
  await inTx(ctx, async (tx) => {
    const used = await tx.db.selectFrom('planning_tasks').select('id').where('section_id', '=', id).executeTakeFirst();
    if (used) throw new AppError('INVALID_STATE', [{ field: 'id', key: 'section_not_empty' }]);
    await tx.db.deleteFrom('planning_sections').where('id', '=', id).execute();
    await recordAudit(tx, { entity: 'planning_section', entityId: id, action: 'planning.section.delete', orgId: before.org_id, before });
  });
}
