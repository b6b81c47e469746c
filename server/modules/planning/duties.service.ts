import { uuidv7 } from '../../../common/ids.ts';
import type { DutyKind } from '../../../common/planning-enums.ts';
import type { TDutyCreate, TDutyQuery, TDutyUpdate, TDutyView } from '../../../common/schemas/planning.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, inTx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { OrgRow } from '../../platform/permissions.ts';
import { staffByIds } from '../../platform/staff/staff.service.ts';
import { nowIso } from '../../platform/time.ts';
import { access, checkStaff, inAccess, requirePlanningOrg, requireRecordInScope } from './planning.access.ts';

/**
 * 党政主要负责人履行推进法治建设第一责任人职责 (《党政主要负责人履行推进法治建设第一责任人职责规定》, 2016;
 * source report: "严格履行党委书记为推进法治建设第一责任人的工作职责"): dated records of deploying,
 * topical meetings, 述法, supervision and instructions. The year's list feeds the 述法 report.
 */
interface DutyRow {
  id: string;
  org_id: string;
  org_name: string;
  staff_id: string;
  kind: string;
  done_on: string;
  content: string;
  meeting_id: string | null;
}

function dutyBase(ctx: Ctx) {
  return ctx.db
    .selectFrom('planning_duties as u')
    .innerJoin('orgs as o', 'o.id', 'u.org_id')
    .select(['u.id', 'u.org_id', 'o.name as org_name', 'u.staff_id', 'u.kind', 'u.done_on', 'u.content', 'u.meeting_id']);
}

async function views(ctx: Ctx, rows: DutyRow[]): Promise<TDutyView[]> {
  const staff = await staffByIds(
    ctx,
    rows.map((r) => r.staff_id),
  );
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    staffId: r.staff_id,
    staffName: staff.get(r.staff_id)?.name ?? '',
    staffPost: staff.get(r.staff_id)?.post ?? '',
    kind: r.kind as DutyKind,
    doneOn: r.done_on,
    content: r.content,
    meetingId: r.meeting_id,
  }));
}

export async function listDuties(ctx: Ctx, q: TDutyQuery): Promise<{ items: TDutyView[]; total: number }> {
  const a = await access(ctx, 'planning.read', q.orgId);
  let base = ctx.db
    .selectFrom('planning_duties as u')
    .innerJoin('orgs as o', 'o.id', 'u.org_id')
    .where((eb) => inAccess(eb, a, 'u.org_id'));
  if (q.year) base = base.where('u.done_on', '>=', `${q.year}-01-01`).where('u.done_on', '<=', `${q.year}-12-31`);
  if (q.staffId) base = base.where('u.staff_id', '=', q.staffId);
  if (q.kind) base = base.where('u.kind', '=', q.kind);
  if (q.orgOnly && q.orgId) base = base.where('u.org_id', '=', q.orgId);
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select(['u.id', 'u.org_id', 'o.name as org_name', 'u.staff_id', 'u.kind', 'u.done_on', 'u.content', 'u.meeting_id'])
    .orderBy('u.done_on', 'desc')
    .orderBy('u.id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { items: await views(ctx, rows), total: Number(total.n) };
}

async function checkMeeting(ctx: Ctx, orgId: string, meetingId: string | null | undefined): Promise<void> {
  if (!meetingId) return;
  const m = await ctx.db.selectFrom('planning_meetings').select('org_id').where('id', '=', meetingId).executeTakeFirst();
  if (!m) throw new AppError('VALIDATION', [{ field: 'meetingId', key: 'not_found' }]);
  if (m.org_id !== orgId) throw new AppError('VALIDATION', [{ field: 'meetingId', key: 'not_same_org' }]);
}

export async function createDuty(ctx: Ctx, input: TDutyCreate): Promise<TDutyView> {
  const a = await access(ctx, 'planning.manage', input.orgId);
  const org = a.filterOrg as OrgRow;
  requirePlanningOrg(org);
  await checkStaff(ctx, org, [input.staffId], 'staffId');
  await checkMeeting(ctx, org.id, input.meetingId);
  return inTx(ctx, async (tx) => {
    const at = nowIso();
    const row = {
      id: uuidv7(),
      org_id: org.id,
      staff_id: input.staffId,
      kind: input.kind,
      done_on: input.doneOn,
      content: input.content,
      meeting_id: input.meetingId ?? null,
      created_by: ctx.actor?.userId ?? null,
      created_at: at,
      updated_at: at,
    };
    await tx.db.insertInto('planning_duties').values(row).execute();
    await recordAudit(tx, { entity: 'planning_duty', entityId: row.id, action: 'planning.duty.create', orgId: org.id, after: row });
    const [v] = await views(tx, [{ ...row, org_name: org.name }]);
    return v;
  });
}

export async function updateDuty(ctx: Ctx, id: string, input: TDutyUpdate): Promise<TDutyView> {
  const before = await dutyBase(ctx).where('u.id', '=', id).executeTakeFirst();
  const org = await requireRecordInScope(ctx, 'planning.manage', 'planning_duty', id, before?.org_id);
  const b = before as DutyRow;
  await checkStaff(ctx, org, [input.staffId], 'staffId');
  await checkMeeting(ctx, b.org_id, input.meetingId);
  return inTx(ctx, async (tx) => {
    const set = {
      ...(input.staffId !== undefined ? { staff_id: input.staffId } : {}),
      ...(input.kind !== undefined ? { kind: input.kind } : {}),
      ...(input.doneOn !== undefined ? { done_on: input.doneOn } : {}),
      ...(input.content !== undefined ? { content: input.content } : {}),
      ...(input.meetingId !== undefined ? { meeting_id: input.meetingId } : {}),
      updated_at: nowIso(),
    };
    await tx.db.updateTable('planning_duties').set(set).where('id', '=', id).execute();
    const { org_name: _n, ...auditBefore } = b;
    await recordAudit(tx, { entity: 'planning_duty', entityId: id, action: 'planning.duty.update', orgId: b.org_id, before: auditBefore, after: set });
    const [v] = await views(tx, [{ ...b, ...set }]);
    return v;
  });
}
