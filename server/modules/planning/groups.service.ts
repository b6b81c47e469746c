import { uuidv7 } from '../../../common/ids.ts';
import type { GroupKind, MemberRole } from '../../../common/planning-enums.ts';
import type { TGroupCreate, TGroupDetail, TGroupQuery, TGroupUpdate, TGroupView, TMemberCreate, TMemberUpdate } from '../../../common/schemas/planning.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, inTx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { OrgRow } from '../../platform/permissions.ts';
import { staffByIds } from '../../platform/staff/staff.service.ts';
import { nowIso, todayShanghai } from '../../platform/time.ts';
import { access, checkStaff, inAccess, requirePlanningOrg, requireRecordInScope } from './planning.access.ts';

/**
 * 领导小组 and 工作专班 (source report: "成立了由党委书记、乡长为双组长的法治政府工作领导小组，并抽调精干力量
 * 组成工作专班"). Members are roster rows with a role and dates, so the history survives post changes:
 * a member who moves on gets a to_date; nothing is deleted.
 */
interface GroupRow {
  id: string;
  org_id: string;
  org_name: string;
  year: number;
  kind: string;
  name: string;
  parent_group_id: string | null;
  duties: string;
}

function groupBase(ctx: Ctx) {
  return ctx.db
    .selectFrom('planning_groups as g')
    .innerJoin('orgs as o', 'o.id', 'g.org_id')
    .select(['g.id', 'g.org_id', 'o.name as org_name', 'g.year', 'g.kind', 'g.name', 'g.parent_group_id', 'g.duties']);
}

const ROLE_ORDER: Record<string, number> = { head: 0, deputy_head: 1, office_director: 2, member: 3 };

export function isCurrent(m: { from_date: string; to_date: string | null }, day: string): boolean {
  return m.from_date <= day && (m.to_date === null || m.to_date >= day);
}

/** Views of groups: heads and member count as of today, meetings held by each. */
export async function groupViews(ctx: Ctx, rows: GroupRow[]): Promise<(TGroupView & { members: TGroupDetail['members'] })[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const members = await ctx.db.selectFrom('planning_group_members').selectAll().where('group_id', 'in', ids).execute();
  const staff = await staffByIds(
    ctx,
    members.map((m) => m.staff_id),
  );
  const meetings = await ctx.db
    .selectFrom('planning_meetings')
    .select((eb) => ['group_id', eb.fn.countAll<number>().as('n'), eb.fn.max('held_on').as('last')])
    .where('group_id', 'in', ids)
    .groupBy('group_id')
    .execute();
  const today = todayShanghai();
  return rows.map((r) => {
    const mine = members
      .filter((m) => m.group_id === r.id)
      .map((m) => ({
        id: m.id,
        groupId: m.group_id,
        staffId: m.staff_id,
        staffName: staff.get(m.staff_id)?.name ?? '',
        staffPost: staff.get(m.staff_id)?.post ?? '',
        role: m.role as MemberRole,
        fromDate: m.from_date,
        toDate: m.to_date,
        current: isCurrent(m, today),
      }))
      .sort((a, b) => Number(b.current) - Number(a.current) || ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || (a.fromDate < b.fromDate ? -1 : a.fromDate > b.fromDate ? 1 : 0) || (a.id < b.id ? -1 : 1));
    const mt = meetings.find((x) => x.group_id === r.id);
    return {
      id: r.id,
      orgId: r.org_id,
      orgName: r.org_name,
      year: Number(r.year),
      kind: r.kind as GroupKind,
      name: r.name,
      parentGroupId: r.parent_group_id,
      duties: r.duties,
      heads: mine.filter((m) => m.current && m.role === 'head').map((m) => m.staffName),
      memberCount: mine.filter((m) => m.current).length,
      meetingCount: Number(mt?.n ?? 0),
      lastMeetingOn: mt?.last ? String(mt.last) : null,
      members: mine,
    };
  });
}

export async function listGroups(ctx: Ctx, q: TGroupQuery): Promise<{ items: TGroupView[] }> {
  const a = await access(ctx, 'planning.read', q.orgId);
  let qb = groupBase(ctx).where((eb) => inAccess(eb, a, 'g.org_id'));
  if (q.year) qb = qb.where('g.year', '=', q.year);
  if (q.kind) qb = qb.where('g.kind', '=', q.kind);
  const rows = await qb.orderBy('g.year', 'desc').orderBy('o.path').orderBy('g.kind').orderBy('g.id').execute();
  return { items: (await groupViews(ctx, rows)).map(({ members: _m, ...g }) => g) };
}

async function loadGroup(ctx: Ctx, id: string, perm: 'planning.read' | 'planning.manage'): Promise<GroupRow & { org: OrgRow }> {
  const row = await groupBase(ctx).where('g.id', '=', id).executeTakeFirst();
  const org = await requireRecordInScope(ctx, perm, 'planning_group', id, row?.org_id);
  return { ...(row as GroupRow), org };
}

async function detail(ctx: Ctx, id: string): Promise<TGroupDetail> {
  const row = await groupBase(ctx).where('g.id', '=', id).executeTakeFirstOrThrow();
  const [v] = await groupViews(ctx, [row]);
  return v;
}

export async function getGroup(ctx: Ctx, id: string): Promise<TGroupDetail> {
  await loadGroup(ctx, id, 'planning.read');
  return detail(ctx, id);
}

async function checkParent(ctx: Ctx, orgId: string, parentGroupId: string | null | undefined, selfId?: string): Promise<void> {
  if (!parentGroupId) return;
  const p = await ctx.db.selectFrom('planning_groups').select(['id', 'org_id', 'kind']).where('id', '=', parentGroupId).executeTakeFirst();
  if (!p) throw new AppError('VALIDATION', [{ field: 'parentGroupId', key: 'not_found' }]);
  if (p.org_id !== orgId || p.kind !== 'leading_group' || p.id === selfId) throw new AppError('VALIDATION', [{ field: 'parentGroupId', key: 'group_parent_invalid' }]);
}

export async function createGroup(ctx: Ctx, input: TGroupCreate): Promise<TGroupDetail> {
  const a = await access(ctx, 'planning.manage', input.orgId);
  const org = a.filterOrg as OrgRow;
  requirePlanningOrg(org);
  // only a work team sits under a leading group (as updateGroup holds)
  if (input.kind === 'leading_group' && input.parentGroupId) throw new AppError('VALIDATION', [{ field: 'parentGroupId', key: 'group_parent_invalid' }]);
  await checkParent(ctx, org.id, input.parentGroupId);
  return inTx(ctx, async (tx) => {
    const at = nowIso();
    const row = {
      id: uuidv7(),
      org_id: org.id,
      year: input.year,
      kind: input.kind,
      name: input.name,
      parent_group_id: input.parentGroupId ?? null,
      duties: input.duties ?? '',
      created_at: at,
      updated_at: at,
    };
    await tx.db.insertInto('planning_groups').values(row).execute();
    await recordAudit(tx, { entity: 'planning_group', entityId: row.id, action: 'planning.group.create', orgId: org.id, after: row });
    return detail(tx, row.id);
  });
}

export async function updateGroup(ctx: Ctx, id: string, input: TGroupUpdate): Promise<TGroupDetail> {
  const before = await loadGroup(ctx, id, 'planning.manage');
  if (before.kind === 'leading_group' && input.parentGroupId) throw new AppError('VALIDATION', [{ field: 'parentGroupId', key: 'group_parent_invalid' }]);
  await checkParent(ctx, before.org_id, input.parentGroupId, id);
  return inTx(ctx, async (tx) => {
    const set = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.parentGroupId !== undefined ? { parent_group_id: input.parentGroupId } : {}),
      ...(input.duties !== undefined ? { duties: input.duties } : {}),
      updated_at: nowIso(),
    };
    await tx.db.updateTable('planning_groups').set(set).where('id', '=', id).execute();
    await recordAudit(tx, {
      entity: 'planning_group',
      entityId: id,
      action: 'planning.group.update',
      orgId: before.org_id,
      before: { name: before.name, parent_group_id: before.parent_group_id, duties: before.duties },
      after: set,
    });
    return detail(tx, id);
  });
}

function checkDates(fromDate: string, toDate: string | null): void {
  if (toDate !== null && toDate < fromDate) throw new AppError('VALIDATION', [{ field: 'toDate', key: 'date_order' }]);
}

export async function addMember(ctx: Ctx, groupId: string, input: TMemberCreate): Promise<TGroupDetail> {
  const g = await loadGroup(ctx, groupId, 'planning.manage');
  await checkStaff(ctx, g.org, [input.staffId], 'staffId');
  checkDates(input.fromDate, input.toDate ?? null);
  return inTx(ctx, async (tx) => {
    const at = nowIso();
    const row = { id: uuidv7(), group_id: groupId, org_id: g.org_id, staff_id: input.staffId, role: input.role, from_date: input.fromDate, to_date: input.toDate ?? null, created_at: at, updated_at: at };
    await tx.db.insertInto('planning_group_members').values(row).execute();
    await recordAudit(tx, { entity: 'planning_group_member', entityId: row.id, action: 'planning.group.member_add', orgId: g.org_id, after: row });
    return detail(tx, groupId);
  });
}

export async function updateMember(ctx: Ctx, id: string, input: TMemberUpdate): Promise<TGroupDetail> {
  const m = await ctx.db.selectFrom('planning_group_members').selectAll().where('id', '=', id).executeTakeFirst();
  await requireRecordInScope(ctx, 'planning.manage', 'planning_group_member', id, m?.org_id);
  const before = m as NonNullable<typeof m>;
  const fromDate = input.fromDate ?? before.from_date;
  const toDate = input.toDate === undefined ? before.to_date : input.toDate;
  checkDates(fromDate, toDate);
  return inTx(ctx, async (tx) => {
    const set = { role: input.role ?? before.role, from_date: fromDate, to_date: toDate, updated_at: nowIso() };
    await tx.db.updateTable('planning_group_members').set(set).where('id', '=', id).execute();
    await recordAudit(tx, {
      entity: 'planning_group_member',
      entityId: id,
      // 'member_end' only when this edit ends a current membership; a correction of dates is an update
      action: toDate && !before.to_date ? 'planning.group.member_end' : 'planning.group.member_update',
      orgId: before.org_id,
      before: { role: before.role, from_date: before.from_date, to_date: before.to_date },
      after: set,
    });
    return detail(tx, before.group_id);
  });
}
