import { isUniqueViolation } from '../../db/index.ts';
import { uuidv7 } from '../../../common/ids.ts';
import type { PlanState, TaskState } from '../../../common/planning-enums.ts';
import { shiftYears } from '../../../common/planning-rules.ts';
import type { TAttachment, THandDown, THandDownResult, TPlanCopy, TPlanCreate, TPlanDetail, TPlanQuery, TPlanUpdate, TPlanView } from '../../../common/schemas/planning.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, inTx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { listAttachments, saveAttachment } from '../../platform/files/files.service.ts';
import { type OrgRow, requireOrgIn, scopeOf } from '../../platform/permissions.ts';
import { nowIso, todayShanghai } from '../../platform/time.ts';
import { access, inAccess, requirePlanningOrg, requireRecordInScope } from './planning.access.ts';
import { countStates, planOrder, stripDerived, TASK_COLUMNS, type TaskRow, taskBase, toTaskViews } from './task-views.ts';
import type { UploadedFile } from './tasks.service.ts';

/**
 * 年度法治建设工作要点 (source report: 《娘子神乡2023年度法治建设工作要点》 "明确了工作任务、工作分工和
 * 工作时限"): one plan per org and year, written in place and/or uploaded, published (印发), copied
 * from last year, and — for the county — handed down so each township's tasks derive from it.
 */
interface PlanRow {
  id: string;
  org_id: string;
  org_name: string;
  year: number;
  title: string;
  body: string;
  state: string;
  published_at: string | null;
  copied_from_plan_id: string | null;
  parent_plan_id: string | null;
  updated_at: string;
}

function planBase(ctx: Ctx) {
  return ctx.db
    .selectFrom('planning_plans as p')
    .innerJoin('orgs as o', 'o.id', 'p.org_id')
    .select(['p.id', 'p.org_id', 'o.name as org_name', 'p.year', 'p.title', 'p.body', 'p.state', 'p.published_at', 'p.copied_from_plan_id', 'p.parent_plan_id', 'p.updated_at']);
}

async function loadPlan(ctx: Ctx, id: string, perm: 'planning.read' | 'planning.manage'): Promise<PlanRow & { org: OrgRow }> {
  const row = await planBase(ctx).where('p.id', '=', id).executeTakeFirst();
  const org = await requireRecordInScope(ctx, perm, 'planning_plan', id, row?.org_id);
  return { ...(row as PlanRow), org };
}

function planView(r: PlanRow, tasks: { state: TaskState; onTime: boolean | null }[]): TPlanView {
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    year: Number(r.year),
    title: r.title,
    state: r.state as PlanState,
    publishedAt: r.published_at,
    copiedFromPlanId: r.copied_from_plan_id,
    parentPlanId: r.parent_plan_id,
    counts: countStates(tasks),
    updatedAt: r.updated_at,
  };
}

async function planTasks(ctx: Ctx, planIds: string[]) {
  if (planIds.length === 0) return [];
  const rows = (await taskBase(ctx).select(TASK_COLUMNS).where('t.plan_id', 'in', planIds).execute()) as TaskRow[];
  return toTaskViews(ctx, planOrder(rows), todayShanghai());
}

export async function listPlans(ctx: Ctx, q: TPlanQuery): Promise<{ items: TPlanView[] }> {
  const a = await access(ctx, 'planning.read', q.orgId);
  let qb = planBase(ctx).where((eb) => inAccess(eb, a, 'p.org_id'));
  if (q.year) qb = qb.where('p.year', '=', q.year);
  if (q.state) qb = qb.where('p.state', '=', q.state);
  const rows = await qb.orderBy('p.year', 'desc').orderBy('o.path').execute();
  const tasks = await planTasks(
    ctx,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => planView(r, tasks.filter((t) => t.planId === r.id))) };
}

async function planDetail(ctx: Ctx, r: PlanRow): Promise<TPlanDetail> {
  const sections = await ctx.db.selectFrom('planning_sections').select(['id', 'plan_id', 'title', 'sort']).where('plan_id', '=', r.id).orderBy('sort').orderBy('id').execute();
  const tasks = await planTasks(ctx, [r.id]);
  const documents = (await listAttachments(ctx, 'planning_plan', [r.id])).map(({ entityId: _e, ...f }) => f);
  return {
    ...planView(r, tasks),
    body: r.body,
    sections: sections.map((s) => ({ id: s.id, planId: s.plan_id, title: s.title, sort: Number(s.sort) })),
    tasks: tasks.map(stripDerived),
    documents,
  };
}

export async function getPlan(ctx: Ctx, id: string): Promise<TPlanDetail> {
  return planDetail(ctx, await loadPlan(ctx, id, 'planning.read'));
}

async function refuseDuplicate(ctx: Ctx, orgId: string, year: number, field: string): Promise<void> {
  const existing = await ctx.db.selectFrom('planning_plans').select('id').where('org_id', '=', orgId).where('year', '=', year).executeTakeFirst();
  if (existing) throw new AppError('DUPLICATE', [{ field, key: 'duplicate' }]);
}

/** Inserts a plan; a concurrent plan for the same org and year answers 409, not 500. */
async function insertPlan(ctx: Ctx, row: Parameters<typeof insertPlanRow>[1], field: string): Promise<void> {
  try {
    await insertPlanRow(ctx, row);
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('DUPLICATE', [{ field, key: 'duplicate' }]);
    throw e;
  }
}
async function insertPlanRow(
  ctx: Ctx,
  row: {
    id: string;
    org_id: string;
    year: number;
    title: string;
    body: string;
    state: string;
    published_at: string | null;
    copied_from_plan_id: string | null;
    parent_plan_id: string | null;
    created_by: string | null;
    created_at: string;
    updated_at: string;
  },
) {
  await ctx.db.insertInto('planning_plans').values(row).execute();
}

export async function createPlan(ctx: Ctx, input: TPlanCreate): Promise<TPlanDetail> {
  const a = await access(ctx, 'planning.manage', input.orgId);
  const org = a.filterOrg as OrgRow;
  requirePlanningOrg(org);
  await refuseDuplicate(ctx, org.id, input.year, 'year');
  return inTx(ctx, async (tx) => {
    const at = nowIso();
    const row = {
      id: uuidv7(),
      org_id: org.id,
      year: input.year,
      title: input.title,
      body: input.body ?? '',
      state: 'draft',
      published_at: null,
      copied_from_plan_id: null,
      parent_plan_id: null,
      created_by: ctx.actor?.userId ?? null,
      created_at: at,
      updated_at: at,
    };
    await insertPlan(tx, row, 'year');
    await recordAudit(tx, { entity: 'planning_plan', entityId: row.id, action: 'planning.plan.create', orgId: org.id, after: { ...row, body: `${row.body.length} chars` } });
    return planDetail(tx, { ...row, org_name: org.name });
  });
}

export async function updatePlan(ctx: Ctx, id: string, input: TPlanUpdate): Promise<TPlanDetail> {
  const before = await loadPlan(ctx, id, 'planning.manage');
  return inTx(ctx, async (tx) => {
    const set = { ...(input.title !== undefined ? { title: input.title } : {}), ...(input.body !== undefined ? { body: input.body } : {}), updated_at: nowIso() };
    await tx.db.updateTable('planning_plans').set(set).where('id', '=', id).execute();
    await recordAudit(tx, { entity: 'planning_plan', entityId: id, action: 'planning.plan.update', orgId: before.org_id, before: { title: before.title, body: before.body }, after: set });
    return planDetail(tx, { ...before, ...set });
  });
}

export async function publishPlan(ctx: Ctx, id: string): Promise<TPlanDetail> {
  const before = await loadPlan(ctx, id, 'planning.manage');
  if (before.state === 'published') throw new AppError('INVALID_STATE', [{ field: 'id', key: 'invalid_state' }]);
  return inTx(ctx, async (tx) => {
    const set = { state: 'published', published_at: nowIso(), updated_at: nowIso() };
    await tx.db.updateTable('planning_plans').set(set).where('id', '=', id).execute();
    await recordAudit(tx, { entity: 'planning_plan', entityId: id, action: 'planning.plan.publish', orgId: before.org_id, before: { state: before.state }, after: set });
    return planDetail(tx, { ...before, ...set });
  });
}

/** Copying last year's plan: same sections and non-cancelled tasks, deadlines shifted by the years between, no progress, no links to last year's county items or decisions. */
export async function copyPlan(ctx: Ctx, id: string, input: TPlanCopy): Promise<TPlanDetail> {
  const src = await loadPlan(ctx, id, 'planning.manage');
  await refuseDuplicate(ctx, src.org_id, input.year, 'year');
  const shift = input.year - Number(src.year);
  const title = input.title ?? (src.title.includes(String(src.year)) ? src.title.replaceAll(String(src.year), String(input.year)) : `${src.title}（${input.year}年）`);
  return inTx(ctx, async (tx) => {
    const at = nowIso();
    const plan = {
      id: uuidv7(),
      org_id: src.org_id,
      year: input.year,
      title,
      body: src.body.replaceAll(`${src.year}年`, `${input.year}年`),
      state: 'draft',
      published_at: null,
      copied_from_plan_id: src.id,
      parent_plan_id: null,
      created_by: ctx.actor?.userId ?? null,
      created_at: at,
      updated_at: at,
    };
    await insertPlan(tx, plan, 'year');
    const sections = await tx.db.selectFrom('planning_sections').selectAll().where('plan_id', '=', src.id).execute();
    const sectionIds = new Map<string, string>();
    for (const s of sections) {
      const nid = uuidv7();
      sectionIds.set(s.id, nid);
      await tx.db.insertInto('planning_sections').values({ id: nid, plan_id: plan.id, org_id: plan.org_id, title: s.title, sort: s.sort, created_at: at, updated_at: at }).execute();
    }
    const tasks = await tx.db.selectFrom('planning_tasks').selectAll().where('plan_id', '=', src.id).where('cancelled', '=', 0).orderBy('sort').execute();
    const shifted = (d: string | null) => (d ? shiftYears(d, shift) : null);
    const rows = tasks.map((t) => ({
      ...t,
      id: uuidv7(),
      plan_id: plan.id,
      section_id: t.section_id ? (sectionIds.get(t.section_id) ?? null) : null,
      due_date: shifted(t.due_date),
      start_date: shifted(t.start_date),
      parent_task_id: null,
      decision_id: null,
      cancelled: 0,
      cancel_reason: null,
      created_by: ctx.actor?.userId ?? null,
      created_at: at,
      updated_at: at,
    }));
    for (let i = 0; i < rows.length; i += 100) await tx.db.insertInto('planning_tasks').values(rows.slice(i, i + 100)).execute();
    await recordAudit(tx, {
      entity: 'planning_plan',
      entityId: plan.id,
      action: 'planning.plan.copy',
      orgId: plan.org_id,
      after: { from: src.id, year: plan.year, title, sections: sections.length, tasks: rows.map((r) => r.id) },
    });
    return planDetail(tx, { ...plan, org_name: src.org_name });
  });
}

/**
 * Handing a published county plan down (县委全面依法治县委员会工作要点 → 乡镇工作要点): each target township
 * gets its plan of the year (created as a draft when it has none) and, for every county item it does
 * not have yet, a task with parent_task_id pointing at the item. Running it again adds only new items.
 */
export async function handDown(ctx: Ctx, id: string, input: THandDown): Promise<THandDownResult> {
  const plan = await loadPlan(ctx, id, 'planning.manage');
  if (plan.state !== 'published') throw new AppError('INVALID_STATE', [{ field: 'id', key: 'plan_not_published' }]);
  const below = await ctx.db
    .selectFrom('orgs')
    .select(['id', 'path', 'kind', 'name', 'parent_id'])
    .where('kind', '=', 'township')
    .where('path', 'like', `${plan.org.path}%`)
    .where('id', '!=', plan.org_id)
    .orderBy('path')
    .execute();
  let targets = below;
  if (input.orgIds) {
    const byId = new Map(below.map((o) => [o.id, o]));
    const bad = input.orgIds.findIndex((oid) => !byId.has(oid));
    if (bad >= 0) throw new AppError('VALIDATION', [{ field: `orgIds.${bad}`, key: 'hand_down_target' }]);
    targets = [...new Set(input.orgIds)].map((oid) => byId.get(oid) as OrgRow);
  }
  // Each township must be one the caller manages (the county's subtree grant covers them).
  const manage = scopeOf(ctx.actor!, 'planning.manage');
  for (const t of targets) await requireOrgIn(ctx, manage, t.id, 'planning.manage', 'orgIds');
  const sections = await ctx.db.selectFrom('planning_sections').selectAll().where('plan_id', '=', id).orderBy('sort').execute();
  const items = await ctx.db.selectFrom('planning_tasks').selectAll().where('plan_id', '=', id).where('cancelled', '=', 0).orderBy('sort').execute();
  try {
    return await handDownTx(ctx, plan, targets, sections, items);
  } catch (e) {
    // another hand-down of the same items committed first
    if (isUniqueViolation(e)) throw new AppError('DUPLICATE', [{ field: 'id', key: 'duplicate' }]);
    throw e;
  }
}

async function handDownTx(
  ctx: Ctx,
  plan: PlanRow,
  targets: OrgRow[],
  sections: { id: string; title: string; sort: number }[],
  items: {
    id: string;
    section_id: string | null;
    seq_no: string;
    title: string;
    due_kind: string;
    due_date: string | null;
    due_day: number | null;
    start_date: string | null;
    expected_output: string;
  }[],
): Promise<THandDownResult> {
  return inTx(ctx, async (tx) => {
    const at = nowIso();
    const out: THandDownResult['townships'] = [];
    for (const t of targets) {
      let target = await tx.db.selectFrom('planning_plans').select(['id', 'parent_plan_id']).where('org_id', '=', t.id).where('year', '=', plan.year).executeTakeFirst();
      const planCreated = !target;
      if (!target) {
        const row = {
          id: uuidv7(),
          org_id: t.id,
          year: Number(plan.year),
          title: `${t.name}${plan.year}年度法治建设工作要点`,
          body: '',
          state: 'draft',
          published_at: null,
          copied_from_plan_id: null,
          parent_plan_id: plan.id,
          created_by: ctx.actor?.userId ?? null,
          created_at: at,
          updated_at: at,
        };
        await insertPlan(tx, row, 'orgIds');
        target = { id: row.id, parent_plan_id: plan.id };
      } else if (!target.parent_plan_id) {
        await tx.db.updateTable('planning_plans').set({ parent_plan_id: plan.id, updated_at: at }).where('id', '=', target.id).execute();
      }
      const targetId = target.id;
      const have = new Set(
        (await tx.db.selectFrom('planning_tasks').select('parent_task_id').where('org_id', '=', t.id).where('parent_task_id', 'in', items.length ? items.map((i) => i.id) : ['-']).execute()).map(
          (r) => r.parent_task_id,
        ),
      );
      const existingSections = await tx.db.selectFrom('planning_sections').select(['id', 'title', 'sort']).where('plan_id', '=', targetId).execute();
      const sectionByTitle = new Map(existingSections.map((s) => [s.title, s.id]));
      const sectionFor = async (countySectionId: string | null): Promise<string | null> => {
        const s = sections.find((x) => x.id === countySectionId);
        if (!s) return null;
        const found = sectionByTitle.get(s.title);
        if (found) return found;
        const nid = uuidv7();
        await tx.db.insertInto('planning_sections').values({ id: nid, plan_id: targetId, org_id: t.id, title: s.title, sort: s.sort, created_at: at, updated_at: at }).execute();
        sectionByTitle.set(s.title, nid);
        return nid;
      };
      const maxSort = await tx.db.selectFrom('planning_tasks').select((eb) => eb.fn.max('sort').as('m')).where('plan_id', '=', targetId).executeTakeFirst();
      let sort = Number(maxSort?.m ?? 0);
      const created: string[] = [];
      for (const item of items) {
        if (have.has(item.id)) continue;
        const row = {
          id: uuidv7(),
          plan_id: targetId,
          org_id: t.id,
          section_id: await sectionFor(item.section_id),
          sort: ++sort,
          seq_no: item.seq_no,
          title: item.title,
          // the township names its own lead leader and department
          lead_staff_id: null,
          dept_org_id: null,
          coop_org_ids: '[]',
          due_kind: item.due_kind,
          due_date: item.due_date,
          due_day: item.due_day,
          start_date: item.start_date,
          expected_output: item.expected_output,
          parent_task_id: item.id,
          decision_id: null,
          cancelled: 0,
          cancel_reason: null,
          created_by: ctx.actor?.userId ?? null,
          created_at: at,
          updated_at: at,
        };
        await tx.db.insertInto('planning_tasks').values(row).execute();
        created.push(row.id);
      }
      await recordAudit(tx, { entity: 'planning_plan', entityId: targetId, action: 'planning.plan.hand_down', orgId: t.id, after: { from: plan.id, planCreated, tasks: created } });
      out.push({ orgId: t.id, orgName: t.name, planId: targetId, created: created.length, planCreated });
    }
    return { townships: out };
  });
}

export async function addPlanDocument(ctx: Ctx, id: string, read: () => Promise<UploadedFile | null>): Promise<TAttachment> {
  const plan = await loadPlan(ctx, id, 'planning.manage');
  const file = await read();
  if (!file) throw new AppError('VALIDATION', [{ field: 'file', key: 'required' }]);
  return inTx(ctx, (tx) => saveAttachment(tx, { entity: 'planning_plan', entityId: id, orgId: plan.org_id }, file.filename, file.data));
}

/** The plan row for other planning services (sections, Excel). */
export async function planFor(ctx: Ctx, id: string, perm: 'planning.read' | 'planning.manage') {
  return loadPlan(ctx, id, perm);
}
