import { uuidv7 } from '../../../common/ids.ts';
import { lawCovers, normalizeLawTitle, type TRespCopy, type TRespCreate, type TRespList, type TRespQuery, type TRespUpdate } from '../../../common/schemas/publicity-calendar.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, inTx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { can, type OrgRow, orgPathInScope, recordDenied, requireOrgIn, requirePermission, scopeOf } from '../../platform/permissions.ts';
import { nowIso, todayShanghai } from '../../platform/time.ts';

/** One row of the 谁执法谁普法 list with whether the department did publicise its law in the year. */
export interface ResponsibilityStatus {
  id: string;
  orgId: string;
  year: number;
  departmentOrgId: string | null;
  departmentName: string;
  law: string;
  measures: string | null;
  /** Done events organised by the department that covered the law in the year. */
  eventCount: number;
  done: boolean;
  /** Web path listing exactly those events ('' for a department outside the org tree). */
  href: string;
  /** Why a row cannot be matched (a department outside the tree, e.g. 派出所), else null. */
  note: string | null;
}

/**
 * The township's list for a year with each row's status. CONTRACT used by the report's finding
 * "departments that did not publicise their laws"; the calendar helper writes the body.
 *
 * 谁执法谁普法 (《关于实行国家机关"谁执法谁普法"普法责任制的意见》, 2017): a row is done when at least one
 * done event of the year was organised by the department and names the row's law (lawCovers: 《》 and
 * 中华人民共和国 ignored, so 《中华人民共和国安全生产法》 covers 安全生产法). "Organised by" is
 * organiser_org_id: an event the department records itself (org_id = the department) gets it as
 * organiser (events.service.ts), so this is also "or org_id", and the row's link — the events list
 * filtered by organiserId, law, year and status — lists exactly the events counted. A department
 * outside the tree (派出所) has no events here: never done, with a note.
 */
export async function responsibilityStatus(ctx: Ctx, orgId: string, year: number): Promise<ResponsibilityStatus[]> {
  const rows = await ctx.db
    .selectFrom('publicity_responsibilities')
    .select(['id', 'org_id', 'year', 'department_org_id', 'department_name', 'law', 'measures'])
    .where('org_id', '=', orgId)
    .where('year', '=', year)
    .orderBy('department_name')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const depts = [...new Set(rows.map((r) => r.department_org_id).filter((x): x is string => !!x))];
  const hits = depts.length
    ? await ctx.db
        .selectFrom('publicity_events as e')
        .innerJoin('publicity_event_laws as l', 'l.event_id', 'e.id')
        .select(['e.id', 'e.org_id', 'e.organiser_org_id', 'l.law'])
        .where('e.status', '=', 'done')
        .where('e.held_on', '>=', `${year}-01-01`)
        .where('e.held_on', '<=', `${year}-12-31`)
        .where('e.organiser_org_id', 'in', depts)
        .execute()
    : [];
  return rows.map((r) => {
    const base = {
      id: r.id,
      orgId: r.org_id,
      year: Number(r.year),
      departmentOrgId: r.department_org_id,
      departmentName: r.department_name,
      law: r.law,
      measures: r.measures,
    };
    const dept = r.department_org_id;
    if (!dept) return { ...base, eventCount: 0, done: false, href: '', note: '系统外单位，无法按活动记录核对，请线下核实' };
    const ids = new Set(hits.filter((h) => h.organiser_org_id === dept && lawCovers(h.law, r.law)).map((h) => h.id));
    const q = new URLSearchParams({ year: String(year), organiserId: dept, law: r.law, status: 'done' });
    return { ...base, eventCount: ids.size, done: ids.size > 0, href: `/publicity/events?${q.toString()}`, note: null };
  });
}

// ——— the list's routes ———

/** Lists belong to a township (or the county for its own departments). */
function requireListOrg(org: OrgRow, field = 'orgId'): void {
  if (org.kind !== 'township' && org.kind !== 'county') throw new AppError('VALIDATION', [{ field, key: 'resp_org_kind' }]);
}

async function loadOrg(ctx: Ctx, id: string): Promise<OrgRow | undefined> {
  return ctx.db.selectFrom('orgs').select(['id', 'path', 'kind', 'name', 'parent_id']).where('id', '=', id).executeTakeFirst();
}

export async function departmentsOf(ctx: Ctx, orgId: string): Promise<{ id: string; name: string }[]> {
  return ctx.db.selectFrom('orgs').select(['id', 'name']).where('parent_id', '=', orgId).where('kind', '=', 'department').orderBy('sort').orderBy('id').execute();
}

export async function listResponsibilities(ctx: Ctx, q: TRespQuery): Promise<TRespList> {
  const actor = await requirePermission(ctx, 'publicity.read');
  const org = await requireOrgIn(ctx, scopeOf(actor, 'publicity.read'), q.orgId ?? actor.orgId, 'publicity.read');
  const year = q.year ?? Number(todayShanghai().slice(0, 4));
  const manage = can(actor, 'publicity.manage') && orgPathInScope(scopeOf(actor, 'publicity.manage'), org.id, org.path);
  const prev = await ctx.db
    .selectFrom('publicity_responsibilities')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', org.id)
    .where('year', '=', year - 1)
    .executeTakeFirst();
  return {
    orgId: org.id,
    orgName: org.name,
    year,
    canEdit: manage && (org.kind === 'township' || org.kind === 'county'),
    departments: await departmentsOf(ctx, org.id),
    previousYearCount: Number(prev?.n ?? 0),
    items: await responsibilityStatus(ctx, org.id, year),
  };
}

/** The department: one of the org's own departments (named from the tree), or a free-text unit outside it. */
async function resolveDepartment(ctx: Ctx, org: OrgRow, deptId: string | null | undefined, name: string | null | undefined): Promise<{ department_org_id: string | null; department_name: string }> {
  if (deptId) {
    const d = await loadOrg(ctx, deptId);
    if (!d || d.parent_id !== org.id || d.kind !== 'department') throw new AppError('VALIDATION', [{ field: 'departmentOrgId', key: 'resp_dept_not_under' }]);
    return { department_org_id: d.id, department_name: d.name };
  }
  const n = (name ?? '').trim();
  if (!n) throw new AppError('VALIDATION', [{ field: 'departmentName', key: 'required' }]);
  return { department_org_id: null, department_name: n };
}

async function manageOrg(ctx: Ctx, orgId: string): Promise<OrgRow> {
  const actor = await requirePermission(ctx, 'publicity.manage');
  const org = await requireOrgIn(ctx, scopeOf(actor, 'publicity.manage'), orgId, 'publicity.manage');
  requireListOrg(org);
  return org;
}

async function loadRow(ctx: Ctx, id: string) {
  const actor = await requirePermission(ctx, 'publicity.manage');
  const row = await ctx.db.selectFrom('publicity_responsibilities').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  const org = (await loadOrg(ctx, row.org_id)) as OrgRow;
  if (!orgPathInScope(scopeOf(actor, 'publicity.manage'), org.id, org.path)) {
    await recordDenied(ctx, 'publicity_responsibility', id, 'publicity.manage');
    throw new AppError('FORBIDDEN');
  }
  return { row, org };
}

function checkDuplicate(existing: { id: string; department_org_id: string | null; department_name: string; law: string }[], dept: { department_org_id: string | null; department_name: string }, law: string, selfId?: string): void {
  const w = normalizeLawTitle(law);
  const dup = existing.some(
    (e) => e.id !== selfId && normalizeLawTitle(e.law) === w && (dept.department_org_id ? e.department_org_id === dept.department_org_id : !e.department_org_id && e.department_name === dept.department_name),
  );
  if (dup) throw new AppError('VALIDATION', [{ field: 'law', key: 'resp_duplicate' }]);
}

async function rowsOfYear(ctx: Ctx, orgId: string, year: number) {
  return ctx.db.selectFrom('publicity_responsibilities').select(['id', 'department_org_id', 'department_name', 'law', 'measures']).where('org_id', '=', orgId).where('year', '=', year).execute();
}

async function statusOf(ctx: Ctx, orgId: string, year: number, id: string): Promise<ResponsibilityStatus> {
  return (await responsibilityStatus(ctx, orgId, year)).find((r) => r.id === id) as ResponsibilityStatus;
}

export async function createResponsibility(ctx: Ctx, input: TRespCreate): Promise<ResponsibilityStatus> {
  const org = await manageOrg(ctx, input.orgId);
  const dept = await resolveDepartment(ctx, org, input.departmentOrgId, input.departmentName);
  return inTx(ctx, async (tx) => {
    checkDuplicate(await rowsOfYear(tx, org.id, input.year), dept, input.law);
    const at = nowIso();
    const row = { id: uuidv7(), org_id: org.id, year: input.year, ...dept, law: input.law, measures: input.measures || null, created_by: ctx.actor?.userId ?? null, created_at: at, updated_at: at };
    await tx.db.insertInto('publicity_responsibilities').values(row).execute();
    await recordAudit(tx, { entity: 'publicity_responsibility', entityId: row.id, action: 'publicity.responsibility.create', orgId: org.id, after: row });
    return statusOf(tx, org.id, input.year, row.id);
  });
}

export async function updateResponsibility(ctx: Ctx, id: string, input: TRespUpdate): Promise<ResponsibilityStatus> {
  const { row: before, org } = await loadRow(ctx, id);
  const changesDept = input.departmentOrgId !== undefined || input.departmentName !== undefined;
  const dept = changesDept
    ? await resolveDepartment(ctx, org, input.departmentOrgId === undefined ? before.department_org_id : input.departmentOrgId, input.departmentName === undefined ? before.department_name : input.departmentName)
    : { department_org_id: before.department_org_id, department_name: before.department_name };
  const law = input.law ?? before.law;
  return inTx(ctx, async (tx) => {
    checkDuplicate(await rowsOfYear(tx, org.id, Number(before.year)), dept, law, id);
    const set = { ...dept, law, measures: input.measures === undefined ? before.measures : input.measures || null, updated_at: nowIso() };
    await tx.db.updateTable('publicity_responsibilities').set(set).where('id', '=', id).execute();
    await recordAudit(tx, {
      entity: 'publicity_responsibility',
      entityId: id,
      action: 'publicity.responsibility.update',
      orgId: org.id,
      before: { department_org_id: before.department_org_id, department_name: before.department_name, law: before.law, measures: before.measures },
      after: set,
    });
    return statusOf(tx, org.id, Number(before.year), id);
  });
}

export async function deleteResponsibility(ctx: Ctx, id: string): Promise<void> {
  const { row, org } = await loadRow(ctx, id);
  await inTx(ctx, async (tx) => {
    await tx.db.deleteFrom('publicity_responsibilities').where('id', '=', id).execute();
    await recordAudit(tx, { entity: 'publicity_responsibility', entityId: id, action: 'publicity.responsibility.delete', orgId: org.id, before: row });
  });
}

/** Copies last year's list into a year that has none yet (the list changes little from year to year). */
export async function copyResponsibilities(ctx: Ctx, input: TRespCopy): Promise<{ copied: number }> {
  const org = await manageOrg(ctx, input.orgId);
  return inTx(ctx, async (tx) => {
    if ((await rowsOfYear(tx, org.id, input.year)).length > 0) throw new AppError('VALIDATION', [{ field: 'year', key: 'resp_year_not_empty' }]);
    const prev = await rowsOfYear(tx, org.id, input.year - 1);
    if (prev.length === 0) throw new AppError('VALIDATION', [{ field: 'year', key: 'resp_nothing_to_copy' }]);
    const at = nowIso();
    const rows = prev.map((p) => ({
      id: uuidv7(),
      org_id: org.id,
      year: input.year,
      department_org_id: p.department_org_id,
      department_name: p.department_name,
      law: p.law,
      measures: p.measures,
      created_by: ctx.actor?.userId ?? null,
      created_at: at,
      updated_at: at,
    }));
    await tx.db.insertInto('publicity_responsibilities').values(rows).execute();
    await recordAudit(tx, { entity: 'publicity_responsibility', entityId: null, action: 'publicity.responsibility.copy', orgId: org.id, after: { year: input.year, from: input.year - 1, ids: rows.map((r) => r.id) } });
    return { copied: rows.length };
  });
}
