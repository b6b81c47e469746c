import { type SqlBool, sql } from 'kysely';
import { uuidv7 } from '../../../common/ids.ts';
import type { Permission, StaffCategory } from '../../../common/roles.ts';
import { STAFF_CATEGORIES } from '../../../common/roles.ts';
import type {
  TAttendanceInput,
  THostSuggestion,
  TPlanCreate,
  TPlanQuery,
  TPlanUpdate,
  TPlanView,
  TRequirements,
  TRequirementsInput,
  TScoresInput,
  TSessionCreate,
  TSessionDetail,
  TSessionListItem,
  TSessionQuery,
  TSessionUpdate,
  TTestInput,
  TUnderstanderCredit,
} from '../../../common/schemas/study.ts';
import { type AttendanceStatus, DEFAULT_MIN_HOURS, type PlanKind, ROTATING_KINDS, type SessionKind } from '../../../common/study-enums.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, inTx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { listAttachments, openAttachment, saveAttachment } from '../../platform/files/files.service.ts';
import {
  type DataScope,
  inScope,
  type OrgRow,
  orgPathInScope,
  recordDenied,
  requireOrgIn,
  requirePermission,
  scopeOf,
  subtreeScope,
} from '../../platform/permissions.ts';
import { type StaffView, staffByIds, staffOfOrg } from '../../platform/staff/staff.service.ts';
import { nowIso, todayShanghai } from '../../platform/time.ts';
import { addActivity } from '../mediation/understanders.service.ts';
import { likeContains } from '../../platform/like.ts';
import type { UploadedFile } from '../../platform/files/upload.ts';

/**
 * 学法培训: "注重理论学习" (source report §一(二)) as records — study plans, sessions with their host,
 * laws covered, attendance and hours, a test paper with scores — and hours per person per year
 * against per-category minimums. People are rows of the 工作人员名册 (staff); a session belongs to
 * a township (or the county office) and only its roster may attend or host.
 */
const READ: Permission = 'study.read';
const WRITE: Permission = 'study.write';

// ——— helpers ———

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** The org a study record belongs to: inside the actor's scope for `perm`, and a township or the county. */
async function studyOrg(ctx: Ctx, perm: Permission, orgId: string, field = 'orgId'): Promise<OrgRow> {
  const actor = await requirePermission(ctx, perm);
  const org = await requireOrgIn(ctx, scopeOf(actor, perm), orgId, perm, field);
  if (org.kind !== 'township' && org.kind !== 'county') throw new AppError('VALIDATION', [{ field, key: 'study_org_kind' }]);
  return org;
}

interface SessionRow {
  id: string;
  org_id: string;
  path: string;
  org_name: string;
  org_kind: string;
  kind: string;
  held_on: string;
  hours: number;
  topic: string;
  host_staff_id: string | null;
  speaker: string | null;
  place: string | null;
  notes: string | null;
  plan_item_id: string | null;
  headcount: number;
  created_at: string;
  updated_at: string;
}

async function sessionRow(ctx: Ctx, id: string): Promise<SessionRow | undefined> {
  const r = await ctx.db
    .selectFrom('study_sessions as ss')
    .innerJoin('orgs as o', 'o.id', 'ss.org_id')
    .select([
      'ss.id',
      'ss.org_id',
      'o.path',
      'o.name as org_name',
      'o.kind as org_kind',
      'ss.kind',
      'ss.held_on',
      'ss.hours',
      'ss.topic',
      'ss.host_staff_id',
      'ss.speaker',
      'ss.place',
      'ss.notes',
      'ss.plan_item_id',
      'ss.headcount',
      'ss.created_at',
      'ss.updated_at',
    ])
    .where('ss.id', '=', id)
    .executeTakeFirst();
  return r ? { ...r, hours: Number(r.hours), headcount: Number(r.headcount) } : undefined;
}

/** One session the actor may act on under `perm`, or 404 / 403 (the denial audited). */
async function loadSession(ctx: Ctx, id: string, perm: Permission): Promise<SessionRow> {
  const actor = await requirePermission(ctx, perm);
  const row = await sessionRow(ctx, id);
  if (!row) throw new AppError('NOT_FOUND');
  if (!orgPathInScope(scopeOf(actor, perm), row.org_id, row.path)) {
    await recordDenied(ctx, 'study_session', id, perm);
    throw new AppError('FORBIDDEN');
  }
  return row;
}

/** The org's roster (its subtree: the township with its 站办所), former members included. */
async function rosterOf(ctx: Ctx, org: { path: string }): Promise<Map<string, StaffView>> {
  return new Map((await staffOfOrg(ctx, org, { activeOnly: false })).map((s) => [s.id, s]));
}

/**
 * The org's own leadership: serving leaders sitting in the org itself or one of its 站办所 — not a
 * township's leaders for a county session (they attend county trainings, they do not host them).
 */
async function leadersOf(ctx: Ctx, org: { id: string; path: string }): Promise<StaffView[]> {
  const leaders = await staffOfOrg(ctx, org, { category: 'leader' });
  if (leaders.length === 0) return leaders;
  const orgs = await ctx.db
    .selectFrom('orgs')
    .select(['id', 'kind', 'parent_id'])
    .where(
      'id',
      'in',
      leaders.map((l) => l.orgId),
    )
    .execute();
  const own = new Set(orgs.filter((o) => o.id === org.id || (o.kind === 'department' && o.parent_id === org.id)).map((o) => o.id));
  return leaders.filter((l) => own.has(l.orgId));
}

/** A host must be a serving leadership member of the org: the source report, "由班子成员轮流主持". */
async function checkHost(ctx: Ctx, org: { id: string; path: string }, hostId: string | null | undefined): Promise<void> {
  if (!hostId) return;
  if (!(await leadersOf(ctx, org)).some((l) => l.id === hostId)) throw new AppError('VALIDATION', [{ field: 'hostStaffId', key: 'host_not_leader' }]);
}

async function checkPlanItem(ctx: Ctx, orgId: string, itemId: string | null | undefined): Promise<void> {
  if (!itemId) return;
  const it = await ctx.db.selectFrom('study_plan_items').select(['id', 'org_id']).where('id', '=', itemId).executeTakeFirst();
  if (!it || it.org_id !== orgId) throw new AppError('VALIDATION', [{ field: 'planItemId', key: 'plan_item_invalid' }]);
}

async function writeLaws(tx: Ctx, sessionId: string, orgId: string, laws: readonly string[]): Promise<void> {
  await tx.db.deleteFrom('study_session_laws').where('session_id', '=', sessionId).execute();
  if (laws.length === 0) return;
  await tx.db
    .insertInto('study_session_laws')
    .values(laws.map((law, sort) => ({ id: uuidv7(), session_id: sessionId, org_id: orgId, law, sort })))
    .execute();
}

async function lawsOf(ctx: Ctx, ids: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (ids.length === 0) return out;
  const rows = await ctx.db.selectFrom('study_session_laws').select(['session_id', 'law']).where('session_id', 'in', [...ids]).orderBy('session_id').orderBy('sort').execute();
  for (const r of rows) out.set(r.session_id, [...(out.get(r.session_id) ?? []), r.law]);
  return out;
}

// ——— sessions ———

export async function createSession(ctx: Ctx, input: TSessionCreate): Promise<{ id: string }> {
  const org = await studyOrg(ctx, WRITE, input.orgId);
  await checkHost(ctx, org, input.hostStaffId);
  await checkPlanItem(ctx, org.id, input.planItemId);
  return inTx(ctx, async (tx) => {
    const at = nowIso();
    const row = {
      id: uuidv7(),
      org_id: org.id,
      kind: input.kind,
      held_on: input.heldOn,
      hours: input.hours,
      topic: input.topic,
      host_staff_id: input.hostStaffId ?? null,
      speaker: input.speaker || null,
      place: input.place || null,
      notes: input.notes || null,
      plan_item_id: input.planItemId ?? null,
      headcount: input.headcount ?? 0,
      created_by: ctx.actor?.userId ?? null,
      created_at: at,
      updated_at: at,
    };
    // The plan item may have been removed since it was checked: a 400 then, not a 500.
    await tx.db
      .insertInto('study_sessions')
      .values(row)
      .execute()
      .catch((e: unknown) => {
        throw isFkViolation(e) ? new AppError('VALIDATION', [{ field: 'planItemId', key: 'plan_item_invalid' }]) : e;
      });
    await writeLaws(tx, row.id, org.id, input.laws);
    await recordAudit(tx, { entity: 'study_session', entityId: row.id, action: 'study.session.create', orgId: org.id, after: { ...row, laws: input.laws } });
    return { id: row.id };
  });
}

export async function updateSession(ctx: Ctx, id: string, input: TSessionUpdate, today = todayShanghai()): Promise<TSessionDetail> {
  const before = await loadSession(ctx, id, WRITE);
  const org = { id: before.org_id, path: before.path };
  if (input.hostStaffId !== undefined && input.hostStaffId !== before.host_staff_id) await checkHost(ctx, org, input.hostStaffId);
  if (input.planItemId !== undefined && input.planItemId !== before.plan_item_id) await checkPlanItem(ctx, before.org_id, input.planItemId);
  await inTx(ctx, async (tx) => {
    await lockSession(tx, id);
    if (input.heldOn !== undefined && input.heldOn > today) {
      // Hours were credited for a session that took place: it cannot move into the future.
      const any = await tx.db.selectFrom('study_attendance').select('id').where('session_id', '=', id).limit(1).executeTakeFirst();
      if (any) throw new AppError('VALIDATION', [{ field: 'heldOn', key: 'session_has_attendance' }]);
    }
    const set = {
      ...(input.kind !== undefined ? { kind: input.kind } : {}),
      ...(input.heldOn !== undefined ? { held_on: input.heldOn } : {}),
      ...(input.hours !== undefined ? { hours: input.hours } : {}),
      ...(input.topic !== undefined ? { topic: input.topic } : {}),
      ...(input.hostStaffId !== undefined ? { host_staff_id: input.hostStaffId } : {}),
      ...(input.speaker !== undefined ? { speaker: input.speaker || null } : {}),
      ...(input.place !== undefined ? { place: input.place || null } : {}),
      ...(input.notes !== undefined ? { notes: input.notes || null } : {}),
      ...(input.planItemId !== undefined ? { plan_item_id: input.planItemId } : {}),
      ...(input.headcount !== undefined ? { headcount: input.headcount } : {}),
      updated_at: nowIso(),
    };
    await tx.db
      .updateTable('study_sessions')
      .set(set)
      .where('id', '=', id)
      .execute()
      .catch((e: unknown) => {
        throw isFkViolation(e) ? new AppError('VALIDATION', [{ field: 'planItemId', key: 'plan_item_invalid' }]) : e;
      });
    const lawsBefore = (await lawsOf(tx, [id])).get(id) ?? [];
    if (input.laws !== undefined) await writeLaws(tx, id, before.org_id, input.laws);
    const { path: _p, org_name: _n, org_kind: _k, ...plain } = before;
    await recordAudit(tx, {
      entity: 'study_session',
      entityId: id,
      action: 'study.session.update',
      orgId: before.org_id,
      before: { ...plain, laws: lawsBefore },
      after: { ...plain, ...set, laws: input.laws ?? lawsBefore },
    });
  });
  return getSession(ctx, id, today);
}

export async function listSessions(ctx: Ctx, q: TSessionQuery, today = todayShanghai()): Promise<{ items: TSessionListItem[]; total: number }> {
  const actor = await requirePermission(ctx, READ);
  const scope = scopeOf(actor, READ);
  const filter = q.orgId ? subtreeScope(await requireOrgIn(ctx, scope, q.orgId, READ)) : null;
  const base = () => {
    let w = ctx.db
      .selectFrom('study_sessions as ss')
      .innerJoin('orgs as o', 'o.id', 'ss.org_id')
      .where((eb) => inScope(eb, scope, 'ss.org_id'));
    if (filter) w = w.where((eb) => inScope(eb, filter, 'ss.org_id'));
    if (q.year) w = w.where('ss.held_on', '>=', `${q.year}-01-01`).where('ss.held_on', '<=', `${q.year}-12-31`);
    if (q.kind) w = w.where('ss.kind', '=', q.kind);
    if (q.hostStaffId) w = w.where('ss.host_staff_id', '=', q.hostStaffId);
    if (q.held !== undefined) w = w.where('ss.held_on', q.held ? '<=' : '>', today);
    if (q.law) {
      const like = likeContains(q.law);
      w = w.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('study_session_laws as l')
            .select('l.id')
            .whereRef('l.session_id', '=', 'ss.id')
            .where(sql<SqlBool>`l.law like ${like} escape '\\'`),
        ),
      );
    }
    if (q.tested === true) w = w.where(({ exists, selectFrom }) => exists(selectFrom('study_tests as t').select('t.id').whereRef('t.session_id', '=', 'ss.id')));
    if (q.tested === false) w = w.where(({ not, exists, selectFrom }) => not(exists(selectFrom('study_tests as t').select('t.id').whereRef('t.session_id', '=', 'ss.id'))));
    if (q.staffId) {
      const sid = q.staffId;
      w = w.where(({ exists, selectFrom }) =>
        exists(selectFrom('study_attendance as a').select('a.id').whereRef('a.session_id', '=', 'ss.id').where('a.staff_id', '=', sid).where('a.status', '=', 'present')),
      );
    }
    return w;
  };
  const total = await base()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await base()
    .select(['ss.id', 'ss.org_id', 'o.name as org_name', 'ss.kind', 'ss.held_on', 'ss.hours', 'ss.topic', 'ss.host_staff_id', 'ss.speaker', 'ss.headcount'])
    .orderBy('ss.held_on', 'desc')
    .orderBy('ss.id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { total: Number(total.n), items: await listItems(ctx, rows, today) };
}

type ListRow = { id: string; org_id: string; org_name: string; kind: string; held_on: string; hours: number; topic: string; host_staff_id: string | null; speaker: string | null; headcount: number };

async function listItems(ctx: Ctx, rows: ListRow[], today: string): Promise<TSessionListItem[]> {
  const ids = rows.map((r) => r.id);
  const laws = await lawsOf(ctx, ids);
  const hosts = await staffByIds(
    ctx,
    rows.map((r) => r.host_staff_id).filter((x): x is string => !!x),
  );
  const counts = new Map<string, { present: number; recorded: number }>();
  if (ids.length) {
    const cs = await ctx.db
      .selectFrom('study_attendance')
      .select((eb) => ['session_id', 'status', eb.fn.countAll<number>().as('n')])
      .where('session_id', 'in', ids)
      .groupBy(['session_id', 'status'])
      .execute();
    for (const c of cs) {
      const v = counts.get(c.session_id) ?? { present: 0, recorded: 0 };
      v.recorded += Number(c.n);
      if (c.status === 'present') v.present += Number(c.n);
      counts.set(c.session_id, v);
    }
  }
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    kind: r.kind as SessionKind,
    heldOn: r.held_on,
    hours: Number(r.hours),
    topic: r.topic,
    laws: laws.get(r.id) ?? [],
    hostStaffId: r.host_staff_id,
    hostName: r.host_staff_id ? (hosts.get(r.host_staff_id)?.name ?? null) : null,
    speaker: r.speaker,
    held: r.held_on <= today,
    present: counts.get(r.id)?.present ?? 0,
    recorded: counts.get(r.id)?.recorded ?? 0,
    headcount: Number(r.headcount),
  }));
}

export async function getSession(ctx: Ctx, id: string, today = todayShanghai()): Promise<TSessionDetail> {
  const s = await loadSession(ctx, id, READ);
  const [item] = await listItems(ctx, [s], today);
  const att = await ctx.db.selectFrom('study_attendance').select(['staff_id', 'status']).where('session_id', '=', id).execute();
  const test = await ctx.db.selectFrom('study_tests').selectAll().where('session_id', '=', id).executeTakeFirst();
  const scores = test ? await ctx.db.selectFrom('study_scores').select(['staff_id', 'score']).where('test_id', '=', test.id).execute() : [];
  const people = await staffByIds(ctx, [...att.map((a) => a.staff_id), ...scores.map((x) => x.staff_id)]);
  const planItem = s.plan_item_id ? await ctx.db.selectFrom('study_plan_items').select('title').where('id', '=', s.plan_item_id).executeTakeFirst() : undefined;
  const credits = await ctx.db
    .selectFrom('study_understander_credits as c')
    .innerJoin('legal_understanders as lu', 'lu.id', 'c.understander_id')
    .innerJoin('people as p', 'p.id', 'lu.person_id')
    .innerJoin('orgs as o', 'o.id', 'lu.org_id')
    .select(['c.understander_id', 'p.name', 'o.name as org_name'])
    .where('c.session_id', '=', id)
    .orderBy('o.path')
    .orderBy('p.name')
    .execute();
  const files = await listAttachments(ctx, 'study_session', [id]);
  const order = (sid: string) => people.get(sid);
  const attendance = att
    .map((a) => {
      const p = order(a.staff_id);
      return {
        staffId: a.staff_id,
        name: p?.name ?? '',
        post: p?.post ?? '',
        category: (p?.category ?? 'cadre') as StaffCategory,
        status: a.status as AttendanceStatus,
        hours: a.status === 'present' ? s.hours : 0,
      };
    })
    .sort((x, y) => STAFF_CATEGORIES.indexOf(x.category) - STAFF_CATEGORIES.indexOf(y.category) || x.name.localeCompare(y.name, 'zh'));
  let testView: TSessionDetail['test'] = null;
  if (test) {
    const passMark = Number(test.pass_mark);
    const rows = scores.map((x) => ({ staffId: x.staff_id, name: people.get(x.staff_id)?.name ?? '', score: Number(x.score), passed: Number(x.score) >= passMark }));
    const passed = rows.filter((r) => r.passed).length;
    testView = {
      title: test.title,
      passMark,
      total: Number(test.total),
      sat: rows.length,
      passed,
      passRate: rows.length ? round1((passed / rows.length) * 100) : null,
      scores: rows.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'zh')),
    };
  }
  return {
    ...item,
    place: s.place,
    notes: s.notes,
    planItemId: s.plan_item_id,
    planItemTitle: planItem?.title ?? null,
    attendance,
    test: testView,
    attachments: files.map((f) => ({ id: f.id, name: f.name, mime: f.mime, size: f.size, sm3: f.sm3, createdAt: f.createdAt })),
    understanders: credits.map((c) => ({ understanderId: c.understander_id, name: c.name, orgName: c.org_name })),
    createdAt: s.created_at,
    updatedAt: s.updated_at,
  };
}

/**
 * Takes the session's row lock first thing in a write transaction (bumping updated_at): concurrent
 * replacements of its attendance, scores, test or laws then run one after the other, so a
 * delete-then-insert never meets another's rows on the unique keys (PostgreSQL, READ COMMITTED).
 */
async function lockSession(tx: Ctx, id: string): Promise<{ held_on: string }> {
  await tx.db.updateTable('study_sessions').set({ updated_at: nowIso() }).where('id', '=', id).execute();
  return tx.db.selectFrom('study_sessions').select('held_on').where('id', '=', id).executeTakeFirstOrThrow();
}

/** A foreign-key violation (PostgreSQL 23503, SQLite's message): a referenced row went away meanwhile. */
function isFkViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === '23503' || /FOREIGN KEY constraint failed/i.test(err?.message ?? '');
}

function requireHeld(s: SessionRow, today: string, field = 'heldOn'): void {
  if (s.held_on > today) throw new AppError('VALIDATION', [{ field, key: 'session_not_held' }]);
}

function noDuplicates(ids: readonly string[], field: (i: number) => string): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) throw new AppError('VALIDATION', [{ field: field(i), key: 'duplicate_person' }]);
    seen.add(id);
  });
}

/**
 * Attendance, replaced as a whole list (the page's checklist). Hours are credited only for 出席;
 * a score of someone no longer present is dropped with it (scores are for those who sat).
 */
export async function setAttendance(ctx: Ctx, id: string, input: TAttendanceInput, today = todayShanghai()): Promise<TSessionDetail> {
  const s = await loadSession(ctx, id, WRITE);
  requireHeld(s, today);
  noDuplicates(
    input.items.map((i) => i.staffId),
    (i) => `items.${i}.staffId`,
  );
  const roster = await rosterOf(ctx, s);
  input.items.forEach((it, i) => {
    if (!roster.has(it.staffId)) throw new AppError('VALIDATION', [{ field: `items.${i}.staffId`, key: 'staff_not_in_org' }]);
  });
  await inTx(ctx, async (tx) => {
    // the date again under the lock: it may have moved since the check above
    requireHeld({ ...s, ...(await lockSession(tx, id)) }, today);
    const before = await tx.db.selectFrom('study_attendance').select(['staff_id', 'status']).where('session_id', '=', id).orderBy('staff_id').execute();
    await tx.db.deleteFrom('study_attendance').where('session_id', '=', id).execute();
    if (input.items.length) {
      await tx.db
        .insertInto('study_attendance')
        .values(input.items.map((it) => ({ id: uuidv7(), session_id: id, org_id: s.org_id, staff_id: it.staffId, status: it.status })))
        .execute();
    }
    const present = input.items.filter((i) => i.status === 'present').map((i) => i.staffId);
    let dq = tx.db.deleteFrom('study_scores').where('session_id', '=', id);
    if (present.length) dq = dq.where('staff_id', 'not in', present);
    const dropped = await dq.executeTakeFirst();
    await recordAudit(tx, {
      entity: 'study_session',
      entityId: id,
      action: 'study.attendance.set',
      orgId: s.org_id,
      before: { attendance: before.map((b) => ({ staffId: b.staff_id, status: b.status })) },
      after: { attendance: input.items, hours: s.hours, scoresDropped: Number(dropped.numDeletedRows ?? 0) },
    });
  });
  return getSession(ctx, id, today);
}

/** The test paper (学法考试) of a session: title, pass mark and total. */
export async function setTest(ctx: Ctx, id: string, input: TTestInput, today = todayShanghai()): Promise<TSessionDetail> {
  const s = await loadSession(ctx, id, WRITE);
  await inTx(ctx, async (tx) => {
    await lockSession(tx, id);
    const before = await tx.db.selectFrom('study_tests').selectAll().where('session_id', '=', id).executeTakeFirst();
    const at = nowIso();
    if (before) {
      const over = await tx.db.selectFrom('study_scores').select('id').where('test_id', '=', before.id).where('score', '>', input.total).limit(1).executeTakeFirst();
      if (over) throw new AppError('VALIDATION', [{ field: 'total', key: 'score_exceeds_total' }]);
      await tx.db.updateTable('study_tests').set({ title: input.title, pass_mark: input.passMark, total: input.total, updated_at: at }).where('id', '=', before.id).execute();
    } else {
      await tx.db.insertInto('study_tests').values({ id: uuidv7(), session_id: id, org_id: s.org_id, title: input.title, pass_mark: input.passMark, total: input.total, created_at: at, updated_at: at }).execute();
    }
    await recordAudit(tx, {
      entity: 'study_session',
      entityId: id,
      action: 'study.test.set',
      orgId: s.org_id,
      before: before ? { title: before.title, passMark: Number(before.pass_mark), total: Number(before.total) } : null,
      after: input,
    });
  });
  return getSession(ctx, id, today);
}

/** Scores of those who sat the paper: only people present, at most the total. Replaces the list. */
export async function setScores(ctx: Ctx, id: string, input: TScoresInput, today = todayShanghai()): Promise<TSessionDetail> {
  const s = await loadSession(ctx, id, WRITE);
  requireHeld(s, today);
  noDuplicates(
    input.items.map((i) => i.staffId),
    (i) => `items.${i}.staffId`,
  );
  await inTx(ctx, async (tx) => {
    // Checked under the session's lock: attendance and date cannot change between the check and the write.
    requireHeld({ ...s, ...(await lockSession(tx, id)) }, today);
    const test = await tx.db.selectFrom('study_tests').selectAll().where('session_id', '=', id).executeTakeFirst();
    if (!test) throw new AppError('VALIDATION', [{ field: 'items', key: 'test_required' }]);
    const present = new Set(
      (await tx.db.selectFrom('study_attendance').select('staff_id').where('session_id', '=', id).where('status', '=', 'present').execute()).map((r) => r.staff_id),
    );
    input.items.forEach((it, i) => {
      if (!present.has(it.staffId)) throw new AppError('VALIDATION', [{ field: `items.${i}.staffId`, key: 'not_present' }]);
      if (it.score > Number(test.total)) throw new AppError('VALIDATION', [{ field: `items.${i}.score`, key: 'score_exceeds_total' }]);
    });
    const before = await tx.db.selectFrom('study_scores').select(['staff_id', 'score']).where('test_id', '=', test.id).orderBy('staff_id').execute();
    await tx.db.deleteFrom('study_scores').where('test_id', '=', test.id).execute();
    if (input.items.length) {
      await tx.db
        .insertInto('study_scores')
        .values(input.items.map((it) => ({ id: uuidv7(), test_id: test.id, session_id: id, org_id: s.org_id, staff_id: it.staffId, score: it.score })))
        .execute();
    }
    await recordAudit(tx, {
      entity: 'study_session',
      entityId: id,
      action: 'study.scores.set',
      orgId: s.org_id,
      before: { scores: before.map((b) => ({ staffId: b.staff_id, score: Number(b.score) })) },
      after: { scores: input.items },
    });
  });
  return getSession(ctx, id, today);
}

/**
 * A 法律明白人培训 credits its hours to each named 法律明白人's registry — through the mediation
 * module's service (addActivity, kind training), never its tables — once per person per session.
 * Crediting is additive: a registry entry, once made, is corrected in the registry.
 */
export async function creditUnderstanders(ctx: Ctx, id: string, input: TUnderstanderCredit, today = todayShanghai()): Promise<TSessionDetail> {
  const s = await loadSession(ctx, id, WRITE);
  if (s.kind !== 'understander_training') throw new AppError('VALIDATION', [{ field: 'understanderIds', key: 'understander_training_only' }]);
  requireHeld(s, today, 'understanderIds');
  const actor = await requirePermission(ctx, 'mediation.understander.write');
  const wanted = [...new Set(input.understanderIds)];
  const rows = await ctx.db
    .selectFrom('legal_understanders as lu')
    .innerJoin('orgs as o', 'o.id', 'lu.org_id')
    .select(['lu.id', 'lu.org_id', 'o.path'])
    .where('lu.id', 'in', wanted)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const scope = scopeOf(actor, 'mediation.understander.write');
  for (const [i, uid] of input.understanderIds.entries()) {
    const r = byId.get(uid);
    if (!r) throw new AppError('VALIDATION', [{ field: `understanderIds.${i}`, key: 'not_found' }]);
    if (!orgPathInScope(scope, r.org_id, r.path)) {
      await recordDenied(ctx, 'legal_understander', uid, 'mediation.understander.write');
      throw new AppError('FORBIDDEN', [{ field: `understanderIds.${i}`, key: 'out_of_scope' }]);
    }
    if (!r.path.startsWith(s.path)) throw new AppError('VALIDATION', [{ field: `understanderIds.${i}`, key: 'understander_not_in_org' }]);
  }
  await inTx(ctx, async (tx) => {
    requireHeld({ ...s, ...(await lockSession(tx, id)) }, today, 'understanderIds');
    const done = new Set(
      (await tx.db.selectFrom('study_understander_credits').select('understander_id').where('session_id', '=', id).execute()).map((r) => r.understander_id),
    );
    const added: string[] = [];
    for (const uid of wanted) {
      if (done.has(uid)) continue;
      const act = await addActivity(tx, uid, { kind: 'training', heldOn: s.held_on, hours: s.hours, summary: `${s.topic}（学法培训记录）` });
      await tx.db.insertInto('study_understander_credits').values({ id: uuidv7(), session_id: id, org_id: s.org_id, understander_id: uid, activity_id: act.id, created_at: nowIso() }).execute();
      added.push(uid);
    }
    await recordAudit(tx, { entity: 'study_session', entityId: id, action: 'study.understanders.credit', orgId: s.org_id, after: { added, hours: s.hours } });
  });
  return getSession(ctx, id, today);
}

export type { UploadedFile } from '../../platform/files/upload.ts';

/** Materials and photos of a session: optional, never required (domain-facts §3.8: no photo quotas). */
export async function addSessionAttachment(ctx: Ctx, id: string, read: () => Promise<UploadedFile | null>) {
  const s = await loadSession(ctx, id, WRITE);
  await requirePermission(ctx, 'file.upload');
  const file = await read();
  if (!file) throw new AppError('VALIDATION', [{ field: 'file', key: 'required' }]);
  return inTx(ctx, async (tx) => {
    const view = await saveAttachment(tx, { entity: 'study_session', entityId: id, orgId: s.org_id }, file.filename, file.data);
    await recordAudit(tx, { entity: 'study_session', entityId: id, action: 'study.attachment.add', orgId: s.org_id, after: { fileId: view.id, name: view.name, sm3: view.sm3 } });
    return view;
  });
}

export async function downloadStudyFile(ctx: Ctx, fileId: string) {
  const actor = await requirePermission(ctx, READ, 'file');
  return openAttachment(ctx, fileId, async (entity, entityId) => {
    if (entity !== 'study_session') return false;
    const s = await sessionRow(ctx, entityId);
    return !!s && orgPathInScope(scopeOf(actor, READ), s.org_id, s.path);
  });
}

// ——— people and hours ———

/** Active roster of a township for the pickers (attendees, host). */
export async function listStudyStaff(ctx: Ctx, orgId: string): Promise<StaffView[]> {
  const org = await studyOrg(ctx, READ, orgId);
  return staffOfOrg(ctx, org);
}

/** Staff within a scope (its subtrees and single orgs), in roster order. */
async function staffIn(ctx: Ctx, scope: DataScope, filter: OrgRow | null): Promise<StaffView[]> {
  if (filter) return staffOfOrg(ctx, filter);
  const out = new Map<string, StaffView>();
  for (const p of scope.subtrees) for (const s of await staffOfOrg(ctx, { path: p })) out.set(s.id, s);
  if (scope.orgs.length) {
    const orgs = await ctx.db.selectFrom('orgs').select(['id', 'path']).where('id', 'in', scope.orgs).execute();
    for (const o of orgs) for (const s of await staffOfOrg(ctx, o)) if (s.orgId === o.id) out.set(s.id, s);
  }
  return [...out.values()];
}

/** Requirement per category for each org path: the nearest org on the path that set one for the year, else the default. */
export async function requirementResolver(ctx: Ctx, year: number): Promise<(path: string, category: StaffCategory) => { minHours: number; orgId: string | null }> {
  const rows = await ctx.db.selectFrom('study_requirements').select(['org_id', 'category', 'min_hours']).where('year', '=', year).execute();
  const set = new Map(rows.map((r) => [`${r.org_id}|${r.category}`, Number(r.min_hours)]));
  return (path, category) => {
    for (const id of path.split('/').filter(Boolean).reverse()) {
      const v = set.get(`${id}|${category}`);
      if (v !== undefined) return { minHours: v, orgId: id };
    }
    return { minHours: DEFAULT_MIN_HOURS[category], orgId: null };
  };
}

export interface HoursRow {
  staffId: string;
  name: string;
  post: string;
  category: StaffCategory;
  orgId: string;
  orgName: string;
  hours: number;
  sessions: number;
  target: number;
  below: boolean;
  hosted: number;
}

/**
 * Hours per person in a year: the sum of the session hours of every session held in the year that
 * the person attended (出席). Below target: strictly fewer hours than the minimum for the person's
 * category (exactly on the minimum meets it). Hosted: 中心组学习 / 专题学法 held in the year.
 */
export async function hoursIn(ctx: Ctx, scope: DataScope, filter: OrgRow | null, year: number, today = todayShanghai()): Promise<HoursRow[]> {
  const staff = await staffIn(ctx, scope, filter);
  if (staff.length === 0) return [];
  const ids = staff.map((s) => s.id);
  const from = `${year}-01-01`;
  const to = `${year}-12-31` < today ? `${year}-12-31` : today;
  const agg = new Map<string, { hours: number; n: number }>();
  const hosted = new Map<string, number>();
  // In chunks: a county-wide roster can exceed an engine's bound-parameter limit.
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = await ctx.db
      .selectFrom('study_attendance as a')
      .innerJoin('study_sessions as ss', 'ss.id', 'a.session_id')
      .select((eb) => ['a.staff_id', eb.fn.sum<number>('ss.hours').as('hours'), eb.fn.countAll<number>().as('n')])
      .where('a.status', '=', 'present')
      .where('a.staff_id', 'in', chunk)
      .where('ss.held_on', '>=', from)
      .where('ss.held_on', '<=', to)
      .groupBy('a.staff_id')
      .execute();
    for (const r of rows) agg.set(r.staff_id, { hours: Number(r.hours ?? 0), n: Number(r.n) });
    const hs = await ctx.db
      .selectFrom('study_sessions')
      .select((eb) => ['host_staff_id', eb.fn.countAll<number>().as('n')])
      .where('host_staff_id', 'in', chunk)
      .where('kind', 'in', [...ROTATING_KINDS])
      .where('held_on', '>=', from)
      .where('held_on', '<=', to)
      .groupBy('host_staff_id')
      .execute();
    for (const h of hs) if (h.host_staff_id) hosted.set(h.host_staff_id, Number(h.n));
  }
  const orgIds = [...new Set(staff.map((s) => s.orgId))];
  const paths = new Map((await ctx.db.selectFrom('orgs').select(['id', 'path']).where('id', 'in', orgIds).execute()).map((o) => [o.id, o.path]));
  const req = await requirementResolver(ctx, year);
  return staff.map((s) => {
    const a = agg.get(s.id) ?? { hours: 0, n: 0 };
    const target = req(paths.get(s.orgId) ?? '', s.category).minHours;
    const hours = round1(a.hours);
    return { staffId: s.id, name: s.name, post: s.post, category: s.category, orgId: s.orgId, orgName: s.orgName, hours, sessions: a.n, target, below: hours < target, hosted: hosted.get(s.id) ?? 0 };
  });
}

export async function hoursTable(
  ctx: Ctx,
  q: { year?: number; orgId?: string; category?: StaffCategory; belowTarget?: boolean; neverHosted?: boolean },
  today = todayShanghai(),
): Promise<{ year: number; items: HoursRow[]; totals: { people: number; below: number; hours: number; avgHours: number }; org: OrgRow | null }> {
  const actor = await requirePermission(ctx, READ);
  const scope = scopeOf(actor, READ);
  const org = q.orgId ? await requireOrgIn(ctx, scope, q.orgId, READ) : null;
  const year = q.year ?? Number(today.slice(0, 4));
  let items = await hoursIn(ctx, scope, org, year, today);
  if (q.category) items = items.filter((r) => r.category === q.category);
  if (q.belowTarget !== undefined) items = items.filter((r) => r.below === q.belowTarget);
  if (q.neverHosted) items = items.filter((r) => r.category === 'leader' && r.hosted === 0);
  const hours = round1(items.reduce((s, r) => s + r.hours, 0));
  return { year, items, totals: { people: items.length, below: items.filter((r) => r.below).length, hours, avgHours: items.length ? round1(hours / items.length) : 0 }, org };
}

// ——— requirements ———

export async function getRequirements(ctx: Ctx, orgId: string, year = Number(todayShanghai().slice(0, 4))): Promise<TRequirements> {
  const actor = await requirePermission(ctx, READ);
  const org = await requireOrgIn(ctx, scopeOf(actor, READ), orgId, READ);
  const req = await requirementResolver(ctx, year);
  return {
    orgId: org.id,
    year,
    items: STAFF_CATEGORIES.map((c) => {
      const r = req(org.path, c);
      return { category: c, minHours: r.minHours, isDefault: r.orgId !== org.id };
    }),
  };
}

/** Sets a township's (or the county's) minimum hours per category for a year; audited with before/after. */
export async function setRequirements(ctx: Ctx, input: TRequirementsInput): Promise<TRequirements> {
  const org = await studyOrg(ctx, WRITE, input.orgId);
  noDuplicates(
    input.items.map((i) => i.category),
    (i) => `items.${i}.category`,
  );
  await inTx(ctx, async (tx) => {
    const before = await tx.db.selectFrom('study_requirements').select(['category', 'min_hours']).where('org_id', '=', org.id).where('year', '=', input.year).execute();
    const at = nowIso();
    for (const it of input.items) {
      await tx.db
        .insertInto('study_requirements')
        .values({ id: uuidv7(), org_id: org.id, year: input.year, category: it.category, min_hours: it.minHours, updated_by: ctx.actor?.userId ?? null, updated_at: at })
        .onConflict((oc) => oc.columns(['org_id', 'year', 'category']).doUpdateSet({ min_hours: it.minHours, updated_by: ctx.actor?.userId ?? null, updated_at: at }))
        .execute();
    }
    await recordAudit(tx, {
      entity: 'study_requirement',
      entityId: `${org.id}:${input.year}`,
      action: 'study.requirements.set',
      orgId: org.id,
      before: Object.fromEntries(before.map((b) => [b.category, Number(b.min_hours)])),
      after: Object.fromEntries(input.items.map((i) => [i.category, i.minHours])),
    });
  });
  return getRequirements(ctx, org.id, input.year);
}

// ——— host rotation ———

/**
 * The next host of a 中心组学习 / 专题学法: among the org's serving leadership members, whoever
 * hosted least recently — never first (in roster order), then the oldest last turn. Planned
 * sessions count as turns taken, so creating one moves the suggestion on. The user may choose
 * someone else; whoever hosts is recorded on the session.
 */
export async function suggestHost(ctx: Ctx, orgId: string): Promise<THostSuggestion> {
  const org = await studyOrg(ctx, READ, orgId);
  const leaders = await leadersOf(ctx, org);
  const turns = new Map<string, { last: string; n: number }>();
  if (leaders.length) {
    const rows = await ctx.db
      .selectFrom('study_sessions as ss')
      .select((eb) => ['ss.host_staff_id', eb.fn.max('ss.held_on').as('last'), eb.fn.countAll<number>().as('n')])
      .where(
        'ss.host_staff_id',
        'in',
        leaders.map((l) => l.id),
      )
      .where('ss.kind', 'in', [...ROTATING_KINDS])
      .where((eb) => inScope(eb, subtreeScope(org), 'ss.org_id'))
      .groupBy('ss.host_staff_id')
      .execute();
    for (const r of rows) if (r.host_staff_id) turns.set(r.host_staff_id, { last: String(r.last), n: Number(r.n) });
  }
  const list = leaders.map((l, i) => ({ staffId: l.id, name: l.name, post: l.post, lastHostedOn: turns.get(l.id)?.last ?? null, hosted: turns.get(l.id)?.n ?? 0, i }));
  const ordered = [...list].sort((a, b) => {
    if (a.lastHostedOn === null && b.lastHostedOn !== null) return -1;
    if (b.lastHostedOn === null && a.lastHostedOn !== null) return 1;
    if (a.lastHostedOn !== b.lastHostedOn) return (a.lastHostedOn ?? '') < (b.lastHostedOn ?? '') ? -1 : 1;
    return a.i - b.i;
  });
  const strip = ({ i: _i, ...c }: (typeof list)[number]) => c;
  return { suggested: ordered[0] ? strip(ordered[0]) : null, leaders: list.map(strip) };
}

/**
 * For the leader's page (planning): the next study session of the org (today or later) and who
 * hosts it, or null. Scoped like every read (study.read).
 */
export async function nextStudySession(ctx: Ctx, orgId: string, today = todayShanghai()): Promise<{ id: string; date: string; kind: SessionKind; topic: string; hostName: string | null } | null> {
  const actor = await requirePermission(ctx, READ);
  const org = await requireOrgIn(ctx, scopeOf(actor, READ), orgId, READ);
  const r = await ctx.db
    .selectFrom('study_sessions as ss')
    .select(['ss.id', 'ss.held_on', 'ss.kind', 'ss.topic', 'ss.host_staff_id'])
    .where((eb) => inScope(eb, subtreeScope(org), 'ss.org_id'))
    .where('ss.held_on', '>=', today)
    .orderBy('ss.held_on')
    .orderBy('ss.id')
    .limit(1)
    .executeTakeFirst();
  if (!r) return null;
  const host = r.host_staff_id ? (await staffByIds(ctx, [r.host_staff_id])).get(r.host_staff_id) : undefined;
  return { id: r.id, date: r.held_on, kind: r.kind as SessionKind, topic: r.topic, hostName: host?.name ?? null };
}

// ——— plans ———

async function loadPlan(ctx: Ctx, id: string, perm: Permission) {
  const actor = await requirePermission(ctx, perm);
  const p = await ctx.db
    .selectFrom('study_plans as sp')
    .innerJoin('orgs as o', 'o.id', 'sp.org_id')
    .select(['sp.id', 'sp.org_id', 'o.path', 'o.name as org_name', 'sp.year', 'sp.kind', 'sp.title', 'sp.notes'])
    .where('sp.id', '=', id)
    .executeTakeFirst();
  if (!p) throw new AppError('NOT_FOUND');
  if (!orgPathInScope(scopeOf(actor, perm), p.org_id, p.path)) {
    await recordDenied(ctx, 'study_plan', id, perm);
    throw new AppError('FORBIDDEN');
  }
  return p;
}

async function planViews(ctx: Ctx, plans: { id: string; org_id: string; org_name: string; year: number; kind: string; title: string; notes: string | null }[]): Promise<TPlanView[]> {
  const ids = plans.map((p) => p.id);
  const items = ids.length ? await ctx.db.selectFrom('study_plan_items').selectAll().where('plan_id', 'in', ids).orderBy('plan_id').orderBy('sort').execute() : [];
  const itemIds = items.map((i) => i.id);
  const sessions = itemIds.length
    ? await ctx.db.selectFrom('study_sessions').select(['id', 'plan_item_id', 'held_on', 'topic']).where('plan_item_id', 'in', itemIds).orderBy('held_on').execute()
    : [];
  return plans.map((p) => {
    const its = items
      .filter((i) => i.plan_id === p.id)
      .map((i) => ({
        id: i.id,
        title: i.title,
        month: i.month,
        notes: i.notes,
        sessions: sessions.filter((s) => s.plan_item_id === i.id).map((s) => ({ id: s.id, heldOn: s.held_on, topic: s.topic })),
      }));
    return { id: p.id, orgId: p.org_id, orgName: p.org_name, year: Number(p.year), kind: p.kind as PlanKind, title: p.title, notes: p.notes, items: its, itemsDone: its.filter((i) => i.sessions.length > 0).length };
  });
}

export async function listPlans(ctx: Ctx, q: TPlanQuery): Promise<{ items: TPlanView[]; total: number }> {
  const actor = await requirePermission(ctx, READ);
  const scope = scopeOf(actor, READ);
  const filter = q.orgId ? subtreeScope(await requireOrgIn(ctx, scope, q.orgId, READ)) : null;
  let qb = ctx.db
    .selectFrom('study_plans as sp')
    .innerJoin('orgs as o', 'o.id', 'sp.org_id')
    .select(['sp.id', 'sp.org_id', 'o.name as org_name', 'sp.year', 'sp.kind', 'sp.title', 'sp.notes'])
    .where((eb) => inScope(eb, scope, 'sp.org_id'));
  if (filter) qb = qb.where((eb) => inScope(eb, filter, 'sp.org_id'));
  if (q.year) qb = qb.where('sp.year', '=', q.year);
  if (q.kind) qb = qb.where('sp.kind', '=', q.kind);
  const rows = await qb.orderBy('sp.year', 'desc').orderBy('o.path').orderBy('sp.kind').orderBy('sp.id').limit(500).execute();
  return { items: await planViews(ctx, rows), total: rows.length };
}

export async function getPlan(ctx: Ctx, id: string): Promise<TPlanView> {
  const p = await loadPlan(ctx, id, READ);
  return (await planViews(ctx, [p]))[0];
}

export async function createPlan(ctx: Ctx, input: TPlanCreate): Promise<TPlanView> {
  const org = await studyOrg(ctx, WRITE, input.orgId);
  const id = await inTx(ctx, async (tx) => {
    const at = nowIso();
    const row = { id: uuidv7(), org_id: org.id, year: input.year, kind: input.kind, title: input.title, notes: input.notes || null, created_by: ctx.actor?.userId ?? null, created_at: at, updated_at: at };
    await tx.db.insertInto('study_plans').values(row).execute();
    const items = input.items.map((it, sort) => ({ id: uuidv7(), plan_id: row.id, org_id: org.id, title: it.title, month: it.month ?? null, notes: it.notes || null, sort }));
    if (items.length) await tx.db.insertInto('study_plan_items').values(items).execute();
    await recordAudit(tx, { entity: 'study_plan', entityId: row.id, action: 'study.plan.create', orgId: org.id, after: { ...row, items } });
    return row.id;
  });
  return getPlan(ctx, id);
}

export async function updatePlan(ctx: Ctx, id: string, input: TPlanUpdate): Promise<TPlanView> {
  const p = await loadPlan(ctx, id, WRITE);
  const existing = await ctx.db.selectFrom('study_plan_items').selectAll().where('plan_id', '=', id).orderBy('sort').execute();
  const known = new Set(existing.map((e) => e.id));
  if (input.items) {
    noDuplicates(
      input.items.map((i, n) => i.id ?? `new:${n}`),
      (i) => `items.${i}.id`,
    );
    input.items.forEach((it, i) => {
      if (it.id && !known.has(it.id)) throw new AppError('VALIDATION', [{ field: `items.${i}.id`, key: 'plan_item_invalid' }]);
    });
    const keep = new Set(input.items.map((i) => i.id).filter(Boolean));
    const removed = existing.filter((e) => !keep.has(e.id)).map((e) => e.id);
    if (removed.length) {
      const used = await ctx.db.selectFrom('study_sessions').select('plan_item_id').where('plan_item_id', 'in', removed).limit(1).executeTakeFirst();
      if (used) throw new AppError('VALIDATION', [{ field: 'items', key: 'plan_item_in_use' }]);
    }
  }
  await inTx(ctx, async (tx) => {
    // the plan's row lock first: concurrent item replacements run one after the other
    await tx.db.updateTable('study_plans').set({ updated_at: nowIso() }).where('id', '=', id).execute();
    const set = { ...(input.title !== undefined ? { title: input.title } : {}), ...(input.notes !== undefined ? { notes: input.notes || null } : {}), updated_at: nowIso() };
    await tx.db.updateTable('study_plans').set(set).where('id', '=', id).execute();
    if (input.items) {
      const keep = new Set(input.items.map((i) => i.id).filter(Boolean));
      const removed = existing.filter((e) => !keep.has(e.id)).map((e) => e.id);
      if (removed.length) {
        // A session may have named an item since the check above: refused, not a 500.
        await tx.db
          .deleteFrom('study_plan_items')
          .where('id', 'in', removed)
          .execute()
          .catch((e: unknown) => {
            throw isFkViolation(e) ? new AppError('VALIDATION', [{ field: 'items', key: 'plan_item_in_use' }]) : e;
          });
      }
      for (const [sort, it] of input.items.entries()) {
        const values = { title: it.title, month: it.month ?? null, notes: it.notes || null, sort };
        if (it.id) await tx.db.updateTable('study_plan_items').set(values).where('id', '=', it.id).execute();
        else await tx.db.insertInto('study_plan_items').values({ id: uuidv7(), plan_id: id, org_id: p.org_id, ...values }).execute();
      }
    }
    await recordAudit(tx, {
      entity: 'study_plan',
      entityId: id,
      action: 'study.plan.update',
      orgId: p.org_id,
      before: { title: p.title, notes: p.notes, items: existing.map((e) => ({ id: e.id, title: e.title, month: e.month })) },
      after: { ...set, items: input.items },
    });
  });
  return getPlan(ctx, id);
}
