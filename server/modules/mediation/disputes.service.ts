import type { Readable } from 'node:stream';
import { type Compilable, type CompiledQuery, type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { uuidv7 } from '../../../common/ids.ts';
import {
  AGREEMENT_FORM_LABELS,
  type AgreementForm,
  ASSIGNMENT_ROLE_LABELS,
  type AssignmentRole,
  CONFIRMATION_RESULT_LABELS,
  type ConfirmationResult,
  DISPUTE_SOURCE_LABELS,
  type DisputeAction,
  type DisputeSource,
  type DisputeStatus,
  type DisputeType,
  type DueState,
  JUDICIAL_CONFIRMATION_DAYS,
  OUTCOME_LABELS,
  type Outcome,
  PARTY_ROLE_LABELS,
  type PartyKind,
  type PartyRole,
  PERFORMANCE_LABELS,
  type Performance,
  REFERRAL_TARGET_LABELS,
  type ReferralTarget,
  type RiskLevel,
} from '../../../common/mediation-enums.ts';
import type { Permission } from '../../../common/roles.ts';
import {
  fenToYuan,
  type TAgreementInput,
  type TAssignmentInput,
  type TAssignmentsInput,
  type TAttachment,
  type TCloseInput,
  type TConfirmationInput,
  type TDisputeCreate,
  type TDisputeDetail,
  type TDisputeListItem,
  type TDisputeQuery,
  type TDisputeUpdate,
  type TFollowUpRecord,
  type TFollowUpSchedule,
  type TPartyWrite,
  type TReferralInput,
  type TSessionInput,
  type TTimelineEvent,
  yuanToFen,
} from '../../../common/schemas/mediation.ts';
import type { Engine, Executor } from '../../db/index.ts';
import type { DB } from '../../db/schema.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { WorkCalendar } from '../../platform/calendar/calendar.ts';
import { type Actor, type Ctx, inTx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { listAttachments, openAttachment, saveAttachment } from '../../platform/files/files.service.ts';
import { createPerson, peopleByIds, updatePerson } from '../../platform/people/people.service.ts';
import { type DataScope, orgPathInScope, recordDenied, requirePermission, type ScopeColumns, scopeOf, scopeWhere } from '../../platform/permissions.ts';
import { databaseKey, ReadCache } from '../../platform/read-cache.ts';
import { joinPartyNames, refreshPartyNames, splitPartyNames } from './party-names.ts';
import { nowIso, todayShanghai } from '../../platform/time.ts';
import type { AgreementDocParty } from './agreement.docx.ts';
import type { DisputeTable } from './mediation.tables.ts';
import { ACTION_RULES, type ActionRule, allowedActions, checkAction, checkClose, type DisputeFacts, type GuardFailure, TRANSITIONS } from './dispute-flow.ts';
import { likeContains } from '../../platform/like.ts';
import { resolveFollowUpDays } from './settings.service.ts';
import type { UploadedFile } from '../../platform/files/upload.ts';

/**
 * Disputes from intake to outcome (人民调解法 art. 17–33): registration with a case number per
 * committee per year, mediator assignment, sessions and attachments, the agreement (written or oral),
 * judicial confirmation, follow-up visits, referral and closing. Every read and write is scoped on
 * `disputes.org_id` through scopeWhere / orgPathInScope; a 'self' grant (a mediator) reaches the cases
 * the user registered or is assigned to, and an assignment always grants reading the case.
 */

type DisputeRow = DisputeTable & { org_path: string };

const own = (uid: string) => sql<SqlBool>`(d.created_by = ${uid} or d.id in (select a.dispute_id from dispute_assignments a where a.user_id = ${uid}))`;
const assignedTo = (uid: string) => sql<SqlBool>`d.id in (select a.dispute_id from dispute_assignments a where a.user_id = ${uid})`;

interface ScopeOpts {
  /** Admit the cases the user is assigned to beyond the grants (assignment grants reading). */
  includeAssigned?: boolean;
  /** 'self' grants: the cases the user registered or is assigned to; otherwise only assignments. */
  ownForm?: 'self' | 'assigned';
  match?: ScopeColumns<keyof DB>['match'];
}

/** scopeWhere over `disputes as d` (its builder type names the plain tables; the SQL only uses the column given). */
function disputeScope<X, TB extends keyof X>(eb: ExpressionBuilder<X, TB>, scope: DataScope, opts: ScopeOpts = {}): Expression<SqlBool> {
  const ownExpr = opts.ownForm === 'assigned' ? assignedTo : own;
  return scopeWhere(eb as unknown as ExpressionBuilder<DB, keyof DB>, scope, {
    org: 'd.org_id',
    own: (_eb, uid) => ownExpr(uid),
    includeAssigned: opts.includeAssigned,
    match: opts.match,
  });
}

function fail(g: GuardFailure): AppError {
  return new AppError(g.code, [{ field: g.field, key: g.key }]);
}

/** The township part of an org path: the path itself for a township, the parent's for a village. */
function townshipPath(org: { kind: string; path: string }): string {
  if (org.kind !== 'village') return org.path;
  const trimmed = org.path.slice(0, -1);
  return trimmed.slice(0, trimmed.lastIndexOf('/') + 1);
}

function shanghaiDate(iso: string): string {
  return todayShanghai(new Date(iso));
}

// ——— access ———

async function loadRow(db: Executor, id: string): Promise<DisputeRow | undefined> {
  return db.selectFrom('disputes as d').innerJoin('orgs as o', 'o.id', 'd.org_id').selectAll('d').select('o.path as org_path').where('d.id', '=', id).executeTakeFirst();
}

async function isAssigned(db: Executor, disputeId: string, userId: string): Promise<boolean> {
  const r = await db.selectFrom('dispute_assignments').select('id').where('dispute_id', '=', disputeId).where('user_id', '=', userId).executeTakeFirst();
  return !!r;
}

/** May the actor use `perm` on this case: through the org part of the scope, or (if `self`) as its registrant or assignee. */
function mayOn(actor: Actor, row: DisputeRow, assigned: boolean) {
  return (perm: Permission, self: boolean): boolean => {
    if (!actor.permissions.has(perm)) return false;
    const scope = scopeOf(actor, perm);
    if (orgPathInScope(scope, row.org_id, row.org_path)) return true;
    return self && scope.self && (row.created_by === actor.userId || assigned);
  };
}

function mayRule(actor: Actor, may: (p: Permission, self: boolean) => boolean) {
  return (rule: ActionRule) => may(rule.permission, rule.self) && (rule.also ?? []).every((p) => actor.permissions.has(p));
}

/** The case for reading, or 404 / 403 (denial audited). Assignment grants reading (issue §3). */
async function readable(ctx: Ctx, id: string): Promise<{ actor: Actor; row: DisputeRow; assigned: boolean }> {
  const actor = await requirePermission(ctx, 'mediation.read', 'dispute');
  const row = await loadRow(ctx.db, id);
  if (!row) throw new AppError('NOT_FOUND');
  const assigned = await isAssigned(ctx.db, id, actor.userId);
  if (!(mayOn(actor, row, assigned)('mediation.read', true) || assigned)) {
    await recordDenied(ctx, 'dispute', id, 'mediation.read');
    throw new AppError('FORBIDDEN');
  }
  return { actor, row, assigned };
}

/** Permission and scope for an action on a case (before any state check, so a denial is always 403). */
async function permitted(ctx: Ctx, id: string, action: DisputeAction): Promise<{ actor: Actor; row: DisputeRow }> {
  const rule = ACTION_RULES[action];
  const actor = await requirePermission(ctx, rule.permission, 'dispute');
  for (const p of rule.also ?? []) await requirePermission(ctx, p, 'dispute');
  const row = await loadRow(ctx.db, id);
  if (!row) throw new AppError('NOT_FOUND');
  const assigned = await isAssigned(ctx.db, id, actor.userId);
  if (!mayOn(actor, row, assigned)(rule.permission, rule.self)) {
    await recordDenied(ctx, 'dispute', id, `dispute.${action}`);
    throw new AppError('FORBIDDEN');
  }
  return { actor, row };
}

async function factsOf(db: Executor, row: Pick<DisputeRow, 'id' | 'status' | 'outcome'>): Promise<DisputeFacts> {
  const ag = await db.selectFrom('dispute_agreements').select('form').where('dispute_id', '=', row.id).executeTakeFirst();
  const jc = await db.selectFrom('judicial_confirmations').select('id').where('dispute_id', '=', row.id).executeTakeFirst();
  const fu = await db
    .selectFrom('follow_ups')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('dispute_id', '=', row.id)
    .where('done_on', 'is', null)
    .executeTakeFirstOrThrow();
  return {
    status: row.status as DisputeStatus,
    outcome: (row.outcome as Outcome | null) ?? null,
    agreementForm: (ag?.form as AgreementForm | undefined) ?? null,
    hasConfirmation: !!jc,
    openFollowUps: Number(fu.n),
  };
}

/**
 * One action on a case: permission and scope first (403), then, in one transaction with the case
 * row locked, its state and guards (409) and the writes with their audit events.
 */
async function act<T>(ctx: Ctx, id: string, action: DisputeAction, fn: (tx: Ctx, row: DisputeRow, facts: DisputeFacts) => Promise<T>): Promise<T> {
  await permitted(ctx, id, action);
  const out = await inTx(ctx, async (tx) => {
    if (tx.engine === 'postgres') await tx.db.selectFrom('disputes').select('id').where('id', '=', id).forUpdate().execute();
    const row = await loadRow(tx.db, id);
    if (!row) throw new AppError('NOT_FOUND');
    const facts = await factsOf(tx.db, row);
    const g = checkAction(action, facts);
    if (g) throw fail(g);
    return fn(tx, row, facts);
  });
  disputesChanged();
  return out;
}

/** Every change to a case bumps its version (optimistic concurrency) and its updated_at. */
async function bump(tx: Ctx, row: DisputeRow, set: Partial<DisputeTable> = {}): Promise<void> {
  const r = await tx.db
    .updateTable('disputes')
    .set({ ...set, version: row.version + 1, updated_at: nowIso() })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new AppError('CONFLICT');
}

function audit(tx: Ctx, row: Pick<DisputeRow, 'id' | 'org_id'>, action: string, data: { before?: unknown; after?: unknown } = {}) {
  return recordAudit(tx, { entity: 'dispute', entityId: row.id, action, orgId: row.org_id, ...data });
}

/** The first work on a registered case begins mediation: one transition, one audit event. */
async function startIfRegistered(tx: Ctx, row: DisputeRow, reason: string): Promise<Partial<DisputeTable>> {
  if (row.status !== 'registered') return {};
  const t = TRANSITIONS.start;
  await audit(tx, row, t.audit, { before: { status: row.status }, after: { status: t.to, by: reason } });
  return { status: t.to };
}

function checkDate(field: string, date: string, receivedOn: string, today: string): void {
  if (date < receivedOn) throw new AppError('VALIDATION', [{ field, key: 'date_before_received' }]);
  if (date > today) throw new AppError('VALIDATION', [{ field, key: 'date_future' }]);
}

// ——— intake ———

interface CommitteeInfo {
  id: string;
  org_id: string;
  name: string;
  case_prefix: string;
  active: number;
  org_path: string;
  org_kind: string;
}

async function loadCommittee(db: Executor, id: string): Promise<CommitteeInfo | undefined> {
  return db
    .selectFrom('mediation_committees as c')
    .innerJoin('orgs as o', 'o.id', 'c.org_id')
    .select(['c.id', 'c.org_id', 'c.name', 'c.case_prefix', 'c.active', 'o.path as org_path', 'o.kind as org_kind'])
    .where('c.id', '=', id)
    .executeTakeFirst();
}

/** The village where the dispute arose must lie in the committee's township (a village committee: itself by default). */
async function checkVillage(db: Executor, committee: CommitteeInfo, villageId: string | null | undefined): Promise<string | null> {
  if (!villageId) return committee.org_kind === 'village' ? committee.org_id : null;
  const v = await db.selectFrom('orgs').select(['id', 'path', 'kind']).where('id', '=', villageId).executeTakeFirst();
  if (!v) throw new AppError('VALIDATION', [{ field: 'villageId', key: 'not_found' }]);
  if (v.kind !== 'village' || !v.path.startsWith(townshipPath({ kind: committee.org_kind, path: committee.org_path }))) {
    throw new AppError('VALIDATION', [{ field: 'villageId', key: 'village_not_under' }]);
  }
  return v.id;
}

interface MediatorPick {
  id: string;
  user_id: string | null;
  role: AssignmentRole;
  name: string;
}

/** 人民调解法 art. 19: mediators of this committee, or of the township committee above a village one. */
async function checkMediators(db: Executor, committee: CommitteeInfo, picks: TAssignmentInput[], field: string): Promise<MediatorPick[]> {
  if (picks.length === 0) return [];
  const rows = await db
    .selectFrom('mediators as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .innerJoin('people as p', 'p.id', 'm.person_id')
    .select(['m.id', 'm.committee_id', 'm.user_id', 'm.active', 'o.path', 'p.name'])
    .where(
      'm.id',
      'in',
      picks.map((p) => p.mediatorId),
    )
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return picks.map((p, i) => {
    const m = byId.get(p.mediatorId);
    const ok = m && m.active === 1 && (m.committee_id === committee.id || (committee.org_path.startsWith(m.path) && committee.org_path !== m.path));
    if (!m || !ok) throw new AppError('VALIDATION', [{ field: `${field}.${i}.mediatorId`, key: m ? 'mediator_not_in_committee' : 'not_found' }]);
    return { id: m.id, user_id: m.user_id, role: p.role, name: m.name };
  });
}

function isCaseNoConflict(e: unknown): boolean {
  const err = e as { code?: string; constraint?: string; message?: string };
  if (err?.code === '23505') return err.constraint === 'disputes_case_no';
  return typeof err?.code === 'string' && err.code.startsWith('SQLITE_CONSTRAINT') && /case_seq/.test(err.message ?? '');
}

/**
 * Registers a dispute (人民调解法 art. 17: on a party's application or on the committee's own
 * initiative). The case number `{prefix}〔{year}〕{seq}号` runs per committee per year: allocated in
 * the registering transaction with the committee row locked (PostgreSQL; SQLite serialises writers),
 * and retried should the unique constraint still catch a collision.
 */
export async function createDispute(ctx: Ctx, input: TDisputeCreate): Promise<TDisputeDetail> {
  const actor = await requirePermission(ctx, 'mediation.write', 'dispute');
  const committee = await loadCommittee(ctx.db, input.committeeId);
  if (!committee) throw new AppError('VALIDATION', [{ field: 'committeeId', key: 'not_found' }]);
  const scope = scopeOf(actor, 'mediation.write');
  let allowed = orgPathInScope(scope, committee.org_id, committee.org_path);
  if (!allowed && scope.self) {
    // A mediator with a 'self' grant registers cases in the committee they sit on.
    const member = await ctx.db
      .selectFrom('mediators')
      .select('id')
      .where('committee_id', '=', committee.id)
      .where('user_id', '=', actor.userId)
      .where('active', '=', 1)
      .executeTakeFirst();
    allowed = !!member;
  }
  if (!allowed) {
    await recordDenied(ctx, 'mediation_committee', committee.id, 'dispute.create');
    throw new AppError('FORBIDDEN', [{ field: 'committeeId', key: 'out_of_scope' }]);
  }
  if (committee.active !== 1) throw new AppError('VALIDATION', [{ field: 'committeeId', key: 'committee_inactive' }]);
  const today = todayShanghai();
  if (input.receivedOn > today) throw new AppError('VALIDATION', [{ field: 'receivedOn', key: 'date_future' }]);
  const villageId = await checkVillage(ctx.db, committee, input.villageId);
  const mediators = await checkMediators(ctx.db, committee, input.assignments, 'assignments');
  const year = Number(input.receivedOn.slice(0, 4));

  for (let attempt = 0; ; attempt++) {
    try {
      const id = await inTx(ctx, async (tx) => {
        if (tx.engine === 'postgres') await tx.db.selectFrom('mediation_committees').select('id').where('id', '=', committee.id).forUpdate().execute();
        const max = await tx.db
          .selectFrom('disputes')
          .select((eb) => eb.fn.max('case_seq').as('m'))
          .where('committee_id', '=', committee.id)
          .where('case_year', '=', year)
          .executeTakeFirst();
        const seq = Number(max?.m ?? 0) + 1;
        const at = nowIso();
        const row: DisputeTable = {
          id: uuidv7(),
          org_id: committee.org_id,
          committee_id: committee.id,
          case_no: `${committee.case_prefix}〔${year}〕${seq}号`,
          case_year: year,
          case_seq: seq,
          title: input.title,
          source: input.source,
          type: input.type,
          summary: input.summary,
          village_id: villageId,
          amount_fen: yuanToFen(input.amount),
          people_count: input.peopleCount,
          risk_level: input.riskLevel,
          status: 'registered',
          received_on: input.receivedOn,
          closed_on: null,
          outcome: null,
          outcome_reason: null,
          party_names: joinPartyNames(input.parties.map((p) => (p.kind === 'person' ? p.person.name : p.name))),
          created_by: actor.userId,
          created_at: at,
          updated_at: at,
          version: 1,
        };
        await tx.db.insertInto('disputes').values(row).execute();
        const personOrg = villageId ?? committee.org_id;
        const parties: { role: PartyRole; name: string; kind: PartyKind }[] = [];
        for (const [i, p] of input.parties.entries()) {
          const base = { id: uuidv7(), dispute_id: row.id, org_id: row.org_id, role: p.role, sort: i };
          if (p.kind === 'person') {
            const personId = await createPerson(tx, personOrg, p.person);
            await tx.db.insertInto('dispute_parties').values({ ...base, kind: 'person', person_id: personId, organisation_name: null, organisation_code: null }).execute();
            parties.push({ role: p.role, name: p.person.name, kind: 'person' });
          } else {
            await tx.db
              .insertInto('dispute_parties')
              .values({ ...base, kind: 'organisation', person_id: null, organisation_name: p.name, organisation_code: p.creditCode ?? null })
              .execute();
            parties.push({ role: p.role, name: p.name, kind: 'organisation' });
          }
        }
        for (const m of mediators) {
          await tx.db.insertInto('dispute_assignments').values({ id: uuidv7(), dispute_id: row.id, org_id: row.org_id, mediator_id: m.id, user_id: m.user_id, role: m.role, created_at: at }).execute();
        }
        await audit(tx, row, 'dispute.create', {
          after: { ...row, parties, mediators: mediators.map((m) => ({ name: m.name, role: m.role })) },
        });
        return row.id;
      });
      disputesChanged();
      return getDispute(ctx, id);
    } catch (e) {
      if (attempt < 3 && isCaseNoConflict(e)) continue;
      throw e;
    }
  }
}

// ——— list ———

function dueOf(cal: WorkCalendar, due: string, done: string | null, today: string): DueState {
  return done ? 'done' : cal.dueState(due, today);
}

/**
 * Totals of the list, per query shape and scope, for a few seconds: counting a county's 200,000 cases
 * takes tens of milliseconds while a page takes well under one. Any write through this service
 * clears them at once (and every audited write to a case, read-cache.ts: so the other workers of a
 * cluster too); a write by a process outside the cluster shows within COUNT_TTL_MS.
 */
const COUNT_TTL_MS = 10_000;
const counts = new ReadCache<number>({ ttlMs: COUNT_TTL_MS, entities: ['dispute'], max: 1000 });

/** The orgs of the cases each user is assigned to (a list request asked it every time), kept like the totals. */
const assignedOrgs = new ReadCache<{ org_id: string; path: string }[]>({ ttlMs: COUNT_TTL_MS, entities: ['dispute', 'org'], max: 5000 });

/** Call after writing disputes outside this service (imports, seeds) so list totals are recounted. */
export function disputesChanged(): void {
  counts.clear();
  assignedOrgs.clear();
}

function pathDepth(path: string): number {
  return path.split('/').filter(Boolean).length;
}

/**
 * Low-cardinality attributes (status, type, source, risk, outcome). SQLite, which keeps no column
 * statistics, would seek their three-to-seventeen-valued indexes and sort a third of the table; there
 * they are compared through coalesce() so the page is read in the order of its ORDER BY index and
 * stops after one page. PostgreSQL does the right thing from its statistics — and through coalesce()
 * it could not see them: it guessed 0.5 % a condition, planned for almost no rows and sorted the
 * whole year instead of stopping at 20 (30 filtered lists a second; performance.md §5.5). The one
 * place in the list where the engines get different SQL.
 */
const OPEN_STATUSES = ['registered', 'mediating'] as const;

function attr(engine: Engine, col: 'status' | 'type' | 'source' | 'risk_level' | 'outcome', value: string | readonly string[]) {
  const ref = engine === 'postgres' ? sql.ref(`d.${col}`) : sql`coalesce(${sql.ref(`d.${col}`)}, '')`;
  // a value is usually a slot (bound per request), never a string here: test for the one list of literals
  return Array.isArray(value) ? sql<SqlBool>`${ref} in (${sql.join(value.map((v) => sql.lit(v)))})` : sql<SqlBool>`${ref} = ${value}`;
}

/**
 * Statements built once per query shape (performance.md §5.4: building and compiling them with
 * Kysely was a third of a list request's JavaScript). A shape is built with a `Slot` where each
 * per-request value goes — Kysely passes any non-expression object through as a parameter — and
 * compiled once per engine; a request binds its values to the slots. Same SQL text as before, on
 * both engines; the scope still comes from scopeWhere (its paths are part of the shape's key).
 */
class Slot {
  constructor(readonly name: string) {}
}
const shapes = new Map<string, CompiledQuery>();

/** A slot standing where a value of type T goes, recorded with the request's value in `values`. */
function slotFor<T>(values: Record<string, unknown>, name: string, value: T): T {
  values[name] = value;
  return new Slot(name) as unknown as T;
}

function shaped<R>(engine: string, key: string, build: () => Compilable<R>): CompiledQuery<R> {
  const k = `${engine}|${key}`;
  let c = shapes.get(k);
  if (!c) {
    c = build().compile();
    if (shapes.size >= 500) shapes.clear();
    shapes.set(k, c);
  }
  return c as CompiledQuery<R>;
}

/** The compiled statement's parameters with this request's values in its slots. */
function bind(c: CompiledQuery, values: Record<string, unknown>): unknown[] {
  return c.parameters.map((p) => {
    if (!(p instanceof Slot)) return p;
    if (!(p.name in values)) throw new Error(`unbound slot ${p.name}`);
    return values[p.name];
  });
}

async function runShaped<R>(db: Executor, c: CompiledQuery<R>, values: Record<string, unknown>): Promise<R[]> {
  return (await db.executeQuery<R>({ ...c, parameters: bind(c, values) })).rows;
}

/** `in (…)` over a page's ids: one shape per page length. */
function idSlots(values: Record<string, unknown>, ids: string[]): string[] {
  return ids.map((id, i) => slotFor(values, `id${i}`, id));
}

/**
 * Committee and village names for the list, from memory instead of two joins per page: a county has
 * a few hundred of each. Kept 10 s per database and emptied by any audited write to a committee or an
 * org (read-cache.ts), so a rename shows at once in this process and within 10 s in another; a name
 * not in the map (created in another process meanwhile) is read from the database.
 */
const nameCache = new ReadCache<Map<string, string>>({ ttlMs: 10_000, entities: ['mediation_committee', 'org'], max: 50 });

async function namesOf(ctx: Ctx, committeeIds: Iterable<string>, orgIds: Iterable<string>): Promise<Map<string, string>> {
  const key = databaseKey(ctx.deps.database);
  // always through the root connection: the map outlives the request (the same names in or out of a transaction)
  const root = ctx.deps.database.db;
  const names = await nameCache.get(key, async () => {
    const [cs, os] = await Promise.all([root.selectFrom('mediation_committees').select(['id', 'name']).execute(), root.selectFrom('orgs').select(['id', 'name']).execute()]);
    const m = new Map<string, string>();
    for (const r of cs) m.set(`c:${r.id}`, r.name);
    for (const r of os) m.set(`o:${r.id}`, r.name);
    return m;
  });
  const missingC = [...new Set(committeeIds)].filter((id) => !names.has(`c:${id}`));
  const missingO = [...new Set(orgIds)].filter((id) => !names.has(`o:${id}`));
  if (missingC.length === 0 && missingO.length === 0) return names;
  const more = new Map(names);
  if (missingC.length) for (const r of await ctx.db.selectFrom('mediation_committees').select(['id', 'name']).where('id', 'in', missingC).execute()) more.set(`c:${r.id}`, r.name);
  if (missingO.length) for (const r of await ctx.db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', missingO).execute()) more.set(`o:${r.id}`, r.name);
  return more;
}

/** The page's columns, in the order its rows come back as arrays (Database_.selectArrays). */
const LIST_COLUMNS = ['id', 'org_id', 'committee_id', 'case_no', 'title', 'type', 'source', 'status', 'outcome', 'risk_level', 'received_on', 'closed_on', 'village_id', 'amount_fen', 'people_count', 'updated_at', 'party_names'] as const;
type ListTuple = [
  id: string,
  org_id: string,
  committee_id: string,
  case_no: string,
  title: string,
  type: string,
  source: string,
  status: string,
  outcome: string | null,
  risk_level: string,
  received_on: string,
  closed_on: string | null,
  village_id: string | null,
  amount_fen: number | string,
  people_count: number | string,
  updated_at: string,
  party_names: string,
];

/** A shaped read's rows as arrays: one object less per row; in a transaction, through Kysely as usual. */
async function arraysOf<T extends unknown[]>(ctx: Ctx, c: CompiledQuery, values: Record<string, unknown>): Promise<T[]> {
  const parameters = bind(c, values);
  if (ctx.db !== ctx.deps.database.db) return (await ctx.db.executeQuery<Record<string, unknown>>({ ...c, parameters })).rows.map((r) => Object.values(r) as T);
  return (await ctx.deps.database.selectArrays(c.sql, parameters)) as T[];
}

export async function listDisputes(ctx: Ctx, q: TDisputeQuery): Promise<{ items: TDisputeListItem[]; total: number }> {
  const actor = await requirePermission(ctx, 'mediation.read', 'dispute');
  const scope = scopeOf(actor, 'mediation.read');
  const today = todayShanghai();
  const cal = await ctx.deps.calendar.calendar();
  const engine = ctx.deps.database.engine;
  /** This request's values for the slots of the shapes below. */
  const v: Record<string, unknown> = {};
  const uid = slotFor(v, 'uid', actor.userId);

  let narrow: DataScope | null = null;
  if (q.orgId) {
    const org = await ctx.db.selectFrom('orgs').select(['id', 'path']).where('id', '=', q.orgId).executeTakeFirst();
    if (!org) throw new AppError('VALIDATION', [{ field: 'query.orgId', key: 'not_found' }]);
    // The org switcher narrows within the org part of the scope (a 'self' grant has none to narrow).
    if (!orgPathInScope(scope, org.id, org.path)) {
      await recordDenied(ctx, 'org', org.id, 'mediation.read');
      throw new AppError('FORBIDDEN', [{ field: 'query.orgId', key: 'out_of_scope' }]);
    }
    narrow = { subtrees: [org.path], orgs: [], self: false, userId: actor.userId };
  }

  // Assignment grants reading: only users assigned to cases outside their grants need that branch.
  let ownForm: ScopeOpts['ownForm'] | undefined = scope.self ? 'self' : undefined;
  if (!ownForm) {
    const assignedShape = shaped(engine, 'assigned-orgs', () =>
      ctx.db.selectFrom('dispute_assignments as a').innerJoin('orgs as o', 'o.id', 'a.org_id').select(['a.org_id', 'o.path']).distinct().where('a.user_id', '=', uid),
    );
    const assigned = await assignedOrgs.get(`${databaseKey(ctx.deps.database)}|${actor.userId}`, () => runShaped(ctx.db, assignedShape, v));
    if (assigned.some((a) => !orgPathInScope(scope, a.org_id, a.path))) ownForm = 'assigned';
  }
  // A county- or township-wide scope is read in index order ('exists'); a village or one's own cases by org ('in').
  const effective = narrow ?? scope;
  const depths = effective.subtrees.map(pathDepth);
  const wide = !ownForm && depths.length > 0 && Math.min(...depths) <= 2;
  const countyWide = !ownForm && depths.length > 0 && Math.min(...depths) <= 1;
  const hasAttrFilter = !!(q.status || q.type || q.source || q.riskLevel || q.outcome || q.q);

  // Per-request values go through slots (bound on every request, the shape built on the first); the
  // scope's user id too, so the users of one scope share a shape.
  const slotScope: DataScope = { ...scope, userId: uid };
  const put = <T>(name: string, value: T): T => slotFor(v, name, value);
  const status = q.status && q.status !== 'open' ? put('status', q.status) : null;
  const type = q.type ? put('type', q.type) : null;
  const source = q.source ? put('source', q.source) : null;
  const riskLevel = q.riskLevel ? put('riskLevel', q.riskLevel) : null;
  const outcome = q.outcome ? put('outcome', q.outcome) : null;
  const committeeId = q.committeeId ? put('committeeId', q.committeeId) : null;
  const villageId = q.villageId ? put('villageId', q.villageId) : null;
  const yearFrom = q.year ? put('yearFrom', `${q.year}-01-01`) : null;
  const yearTo = q.year ? put('yearTo', `${q.year}-12-31`) : null;
  const receivedFrom = q.receivedFrom ? put('receivedFrom', q.receivedFrom) : null;
  const receivedTo = q.receivedTo ? put('receivedTo', q.receivedTo) : null;
  const todaySlot = q.followUp ? put('today', today) : null;
  const soon = q.followUp === 'due_soon' ? put('soon', cal.addWorkdays(today, 3)) : null;
  const like = q.q ? put('like', likeContains(q.q)) : null;
  const limit = put('limit', q.pageSize);
  const offset = put('offset', (q.page - 1) * q.pageSize);
  const build = (match: ScopeOpts['match']) => {
    let b = ctx.db.selectFrom('disputes as d').where((eb) => disputeScope(eb, slotScope, { includeAssigned: !!ownForm, ownForm, match }));
    if (narrow) {
      const n = { ...narrow, userId: uid };
      b = b.where((eb) => disputeScope(eb, n, { match }));
    }
    if (q.status === 'open') b = b.where(attr(engine, 'status', OPEN_STATUSES));
    else if (status) b = b.where(attr(engine, 'status', status));
    if (type) b = b.where(attr(engine, 'type', type));
    if (source) b = b.where(attr(engine, 'source', source));
    if (riskLevel) b = b.where(attr(engine, 'risk_level', riskLevel));
    if (outcome) b = b.where(attr(engine, 'outcome', outcome));
    if (committeeId) b = b.where('d.committee_id', '=', committeeId);
    if (villageId) b = b.where('d.village_id', '=', villageId);
    if (yearFrom && yearTo) b = b.where('d.received_on', '>=', yearFrom).where('d.received_on', '<=', yearTo);
    if (receivedFrom) b = b.where('d.received_on', '>=', receivedFrom);
    if (receivedTo) b = b.where('d.received_on', '<=', receivedTo);
    if (q.mine) b = b.where(assignedTo(uid));
    if (q.followUp) {
      const cond =
        q.followUp === 'overdue'
          ? sql<SqlBool>`f.due_on < ${todaySlot}`
          : q.followUp === 'due_soon'
            ? sql<SqlBool>`f.due_on >= ${todaySlot} and f.due_on <= ${soon}`
            : sql<SqlBool>`1 = 1`;
      b = b.where(sql<SqlBool>`d.id in (select f.dispute_id from follow_ups f where f.done_on is null and ${cond})`);
    }
    if (like) {
      // Party names from the case row (party-names.ts): no join to the county's parties and people.
      b = b.where(
        sql<SqlBool>`(d.case_no like ${like} escape '\\' or d.title like ${like} escape '\\' or d.summary like ${like} escape '\\' or d.party_names like ${like} escape '\\')`,
      );
    }
    return b;
  };
  // The shape: everything that changes the SQL text (not the values, which are slots).
  const present = (['status', 'type', 'source', 'riskLevel', 'outcome', 'committeeId', 'villageId', 'year', 'receivedFrom', 'receivedTo', 'mine', 'followUp', 'q'] as const).filter((k) => q[k]);
  const shapeKey = JSON.stringify([scope.subtrees, scope.orgs, scope.self, narrow?.subtrees ?? null, ownForm ?? null, present, q.status === 'open', q.followUp ?? null]);

  const { page: _p, pageSize: _s, sort: _o, order: _d, ...filters } = q;
  const key = JSON.stringify([databaseKey(ctx.deps.database), scope, narrow, ownForm ?? null, filters, q.followUp ? today : null]);
  const total = await counts.get(key, async () => {
    const countMatch = countyWide && hasAttrFilter ? 'exists' : 'in';
    const countShape = shaped(engine, `count|${countMatch}|${shapeKey}`, () => build(countMatch).select((eb) => eb.fn.countAll<number>().as('n')));
    const [r] = await runShaped(ctx.db, countShape, v);
    return Number(r.n);
  });

  const dir = q.order;
  // the county: a check per page row; a township: a set of its ~25 orgs, tested on each row the scan meets
  const pageMatch = countyWide ? 'exists' : wide ? 'filter' : 'in';
  const pageShape = shaped(engine, `page|${pageMatch}|${q.sort}|${dir}|${shapeKey}`, () => {
    let page = build(pageMatch).select(LIST_COLUMNS.map((c) => `d.${c}` as const));
    if (q.sort === 'caseNo') page = page.orderBy('d.case_year', dir).orderBy('d.committee_id', dir).orderBy('d.case_seq', dir);
    else if (q.sort === 'amount') page = page.orderBy('d.amount_fen', dir).orderBy('d.id', dir);
    else if (q.sort === 'updatedAt') page = page.orderBy('d.updated_at', dir).orderBy('d.id', dir);
    else page = page.orderBy('d.received_on', dir).orderBy('d.id', dir);
    return page.limit(limit).offset(offset);
  });
  const rows = await arraysOf<ListTuple>(ctx, pageShape, v);
  if (rows.length === 0) return { total, items: [] };

  const ids = rows.map((r) => r[0]);
  const iv: Record<string, unknown> = {};
  const inIds = idSlots(iv, ids);
  // By case (a handful of rows each), the open ones picked inside the aggregate: a `done_on is null`
  // condition makes SQLite read the done_on index, every open visit of the county (≈ 1 ms).
  const fuShape = shaped(engine, `next-follow-up|${ids.length}`, () =>
    ctx.db
      .selectFrom('follow_ups')
      .select(['dispute_id', sql<string | null>`min(case when done_on is null then due_on end)`.as('due_on')])
      .where('dispute_id', 'in', inIds)
      .groupBy('dispute_id'),
  );
  const [fus, names] = await Promise.all([
    runShaped(ctx.db, fuShape, iv),
    namesOf(
      ctx,
      rows.map((r) => r[2]),
      rows.flatMap((r) => (r[12] ? [r[12]] : [])),
    ),
  ]);
  const next = new Map<string, string>();
  for (const f of fus) if (f.due_on) next.set(f.dispute_id, f.due_on);
  const items: TDisputeListItem[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const [id, orgId, committeeId, caseNo, title, type, source, status, outcome, riskLevel, receivedOn, closedOn, villageId, amountRaw, peopleCount, updatedAt, partyNames] = rows[i];
    const due = next.get(id);
    const amountFen = Number(amountRaw);
    items[i] = {
      id,
      orgId,
      committeeId,
      committeeName: names.get(`c:${committeeId}`) ?? '',
      caseNo,
      title,
      type: type as DisputeType,
      source: source as DisputeSource,
      status: status as DisputeStatus,
      outcome: outcome as Outcome | null,
      riskLevel: riskLevel as RiskLevel,
      receivedOn,
      closedOn,
      villageId,
      villageName: villageId ? (names.get(`o:${villageId}`) ?? null) : null,
      partyNames: splitPartyNames(partyNames),
      amountFen,
      amount: fenToYuan(amountFen),
      peopleCount: Number(peopleCount),
      updatedAt,
      nextFollowUp: due ? { dueOn: due, state: cal.dueState(due, today) } : null,
    };
  }
  return { total, items };
}

// ——— detail ———

function attachmentView(a: TAttachment & { entityId?: string }): TAttachment {
  return { id: a.id, name: a.name, mime: a.mime, size: a.size, sm3: a.sm3, createdAt: a.createdAt };
}

const TIMELINE_AUDIT = ['dispute.start', 'dispute.update', 'dispute.party.add', 'dispute.party.update', 'dispute.assign', 'dispute.agreement.withdraw', 'dispute.agreement.export', 'dispute.close'] as const;

const FIELD_LABELS: Record<string, string> = {
  title: '标题',
  source: '来源',
  type: '类型',
  summary: '简要情况',
  village_id: '发生地',
  amount_fen: '涉及金额',
  people_count: '涉及人数',
  risk_level: '风险等级',
  received_on: '受理日期',
};

export async function getDispute(ctx: Ctx, id: string): Promise<TDisputeDetail> {
  const { actor, row, assigned } = await readable(ctx, id);
  const db = ctx.db;
  const today = todayShanghai();
  const cal = await ctx.deps.calendar.calendar();

  const [committee, org, village, partyRows, assignmentRows, sessionRows, agreement, confirmation, followUps, referrals, events] = await Promise.all([
    db.selectFrom('mediation_committees').select(['id', 'name']).where('id', '=', row.committee_id).executeTakeFirstOrThrow(),
    db.selectFrom('orgs').select(['name']).where('id', '=', row.org_id).executeTakeFirstOrThrow(),
    row.village_id ? db.selectFrom('orgs').select(['name']).where('id', '=', row.village_id).executeTakeFirst() : Promise.resolve(undefined),
    db.selectFrom('dispute_parties').selectAll().where('dispute_id', '=', id).orderBy('sort').execute(),
    db
      .selectFrom('dispute_assignments as a')
      .innerJoin('mediators as m', 'm.id', 'a.mediator_id')
      .innerJoin('people as p', 'p.id', 'm.person_id')
      .select(['a.id', 'a.mediator_id', 'a.user_id', 'a.role', 'a.created_at', 'p.name'])
      .where('a.dispute_id', '=', id)
      .orderBy('a.created_at')
      .execute(),
    db.selectFrom('dispute_sessions').selectAll().where('dispute_id', '=', id).orderBy('held_on').orderBy('created_at').execute(),
    db.selectFrom('dispute_agreements').selectAll().where('dispute_id', '=', id).executeTakeFirst(),
    db.selectFrom('judicial_confirmations').selectAll().where('dispute_id', '=', id).executeTakeFirst(),
    db.selectFrom('follow_ups').selectAll().where('dispute_id', '=', id).orderBy('due_on').execute(),
    db.selectFrom('referrals').selectAll().where('dispute_id', '=', id).orderBy('referred_on').execute(),
    db
      .selectFrom('audit_events')
      .select(['at', 'action', 'actor_id', 'actor_name', 'before_json', 'after_json'])
      .where('entity', '=', 'dispute')
      .where('entity_id', '=', id)
      .where('result', '=', 'success')
      .where('action', 'in', [...TIMELINE_AUDIT])
      .orderBy('seq')
      .execute(),
  ]);
  const people = await peopleByIds(
    ctx,
    partyRows.flatMap((p) => (p.person_id ? [p.person_id] : [])),
  );
  const sessionFiles = await listAttachments(
    ctx,
    'dispute_session',
    sessionRows.map((s) => s.id),
  );
  const caseFiles = await listAttachments(ctx, 'dispute', [id]);

  const userIds = new Set<string>();
  for (const x of [row, ...sessionRows, ...followUps, ...referrals, ...(agreement ? [agreement] : [])]) if (x.created_by) userIds.add(x.created_by);
  for (const e of events) if (e.actor_id) userIds.add(e.actor_id);
  const users = userIds.size ? await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', [...userIds]).execute() : [];
  const userName = new Map(users.map((u) => [u.id, u.display_name]));
  const who = (uid: string | null | undefined) => (uid ? (userName.get(uid) ?? null) : null);

  const parties = partyRows.map((p) => {
    const person = p.person_id ? people.get(p.person_id) : undefined;
    return {
      id: p.id,
      kind: p.kind as PartyKind,
      role: p.role as PartyRole,
      person: person ? { id: person.id, name: person.name, gender: person.gender, idCardMasked: person.idCardMasked, phoneMasked: person.phoneMasked } : null,
      organisationName: p.organisation_name,
      organisationCode: p.organisation_code,
      name: person?.name ?? p.organisation_name ?? '',
    };
  });

  let agreementView: TDisputeDetail['agreement'] = null;
  if (agreement) {
    // 人民调解法 art. 33: within thirty days of the agreement taking effect; the start day is not counted
    // and a last day on a holiday moves to the next working day (民法典 art. 201, 203).
    const deadline = cal.addCalendarDays(agreement.effective_on, JUDICIAL_CONFIRMATION_DAYS);
    agreementView = {
      id: agreement.id,
      form: agreement.form as AgreementForm,
      facts: agreement.facts,
      issues: agreement.issues,
      responsibilities: agreement.responsibilities,
      terms: agreement.terms,
      performanceMethod: agreement.performance_method,
      performanceDeadline: agreement.performance_deadline,
      effectiveOn: agreement.effective_on,
      confirmationDeadline: deadline,
      confirmationState: confirmation ? 'done' : cal.dueState(deadline, today),
    };
  }
  const confirmationView: TDisputeDetail['judicialConfirmation'] = confirmation
    ? {
        id: confirmation.id,
        appliedOn: confirmation.applied_on,
        court: confirmation.court,
        result: confirmation.result as ConfirmationResult,
        decidedOn: confirmation.decided_on,
        notes: confirmation.notes,
        late: !!agreementView && confirmation.applied_on > agreementView.confirmationDeadline,
      }
    : null;

  const followUpViews = followUps.map((f) => ({
    id: f.id,
    dueOn: f.due_on,
    doneOn: f.done_on,
    method: f.method,
    performance: f.performance as Performance | null,
    notes: f.notes,
    state: dueOf(cal, f.due_on, f.done_on, today),
  }));

  // ——— timeline: the records, and the audit events that have no record of their own ———
  const timeline: TTimelineEvent[] = [];
  const push = (e: Omit<TTimelineEvent, 'refId' | 'actor' | 'detail'> & Partial<Pick<TTimelineEvent, 'refId' | 'actor' | 'detail'>>) =>
    timeline.push({ refId: null, actor: null, detail: null, ...e });
  push({
    date: row.received_on,
    at: row.created_at,
    kind: 'registered',
    title: `登记受理 ${row.case_no}`,
    detail: `来源：${DISPUTE_SOURCE_LABELS[row.source as DisputeSource]?.zh ?? row.source}；当事人：${parties.map((p) => p.name).join('、')}`,
    actor: who(row.created_by),
    refId: row.id,
  });
  for (const a of assignmentRows) {
    const withIntake = a.created_at === row.created_at;
    push({ date: withIntake ? row.received_on : shanghaiDate(a.created_at), at: a.created_at, kind: 'assigned', title: `指派调解员：${a.name}（${ASSIGNMENT_ROLE_LABELS[a.role as AssignmentRole]?.zh ?? a.role}）`, refId: a.id });
  }
  for (const s of sessionRows) {
    const files = sessionFiles.filter((f) => f.entityId === s.id).map((f) => ({ id: f.id, name: f.name }));
    push({ date: s.held_on, at: s.created_at, kind: 'session', title: `调解${s.place ? `（${s.place}）` : ''}`, detail: s.notes, actor: who(s.created_by), refId: s.id, files });
  }
  for (const f of caseFiles) push({ date: shanghaiDate(f.createdAt), at: f.createdAt, kind: 'attachment', title: `上传附件：${f.name}`, refId: f.id, files: [{ id: f.id, name: f.name }] });
  if (agreement) {
    push({
      date: agreement.effective_on,
      at: agreement.created_at,
      kind: 'agreement',
      title: `达成${AGREEMENT_FORM_LABELS[agreement.form as AgreementForm]?.zh ?? agreement.form}`,
      detail: agreement.terms,
      actor: who(agreement.created_by),
      refId: agreement.id,
    });
  }
  if (confirmation) {
    push({ date: confirmation.applied_on, at: confirmation.created_at, kind: 'confirmation', title: `申请司法确认：${confirmation.court}`, detail: confirmation.notes, refId: confirmation.id });
    if (confirmation.decided_on) {
      push({
        date: confirmation.decided_on,
        at: confirmation.updated_at,
        kind: 'confirmation',
        title: `司法确认结果：${CONFIRMATION_RESULT_LABELS[confirmation.result as ConfirmationResult]?.zh ?? confirmation.result}`,
        refId: confirmation.id,
      });
    }
  }
  for (const f of followUps) {
    push({ date: shanghaiDate(f.created_at), at: f.created_at, kind: 'follow_up_scheduled', title: `安排回访，应于${f.due_on}前完成`, actor: who(f.created_by), refId: f.id });
    if (f.done_on) {
      const perf = f.performance ? (PERFORMANCE_LABELS[f.performance as Performance]?.zh ?? f.performance) : '';
      push({ date: f.done_on, at: f.updated_at, kind: 'follow_up_done', title: `回访（${f.method ?? ''}）：${perf}`, detail: f.notes, refId: f.id });
    }
  }
  for (const r of referrals) {
    push({
      date: r.referred_on,
      at: r.created_at,
      kind: 'referral',
      title: `移交${REFERRAL_TARGET_LABELS[r.target as ReferralTarget]?.zh ?? r.target}：${r.receiver}`,
      detail: r.notes,
      actor: who(r.created_by),
      refId: r.id,
    });
  }
  let closedBy: string | null = null;
  let startedBy: string | null = null;
  for (const e of events) {
    const actorName = who(e.actor_id) ?? e.actor_name;
    const date = shanghaiDate(e.at);
    if (e.action === 'dispute.start') startedBy = actorName;
    else if (e.action === 'dispute.update') {
      const after = e.after_json ? (JSON.parse(e.after_json) as Record<string, unknown>) : {};
      const fields = Object.keys(after).map((k) => FIELD_LABELS[k] ?? k);
      push({ date, at: e.at, kind: 'edited', title: '修改案件信息', detail: fields.join('、') || null, actor: actorName });
    } else if (e.action === 'dispute.party.add' || e.action === 'dispute.party.update') {
      // The audit record holds masked identifiers only; the name is enough here.
      const after = e.after_json ? (JSON.parse(e.after_json) as { name?: string }) : {};
      push({ date, at: e.at, kind: 'edited', title: e.action === 'dispute.party.add' ? '新增当事人' : '更正当事人信息', detail: after.name ?? null, actor: actorName });
    } else if (e.action === 'dispute.assign') {
      const removed = (e.after_json ? (JSON.parse(e.after_json) as { removed?: string[] }) : {}).removed ?? [];
      if (removed.length) push({ date, at: e.at, kind: 'assigned', title: `撤回指派：${removed.join('、')}`, actor: actorName });
    } else if (e.action === 'dispute.agreement.withdraw') push({ date, at: e.at, kind: 'agreement_withdrawn', title: '撤销调解协议记录', actor: actorName });
    else if (e.action === 'dispute.agreement.export') push({ date, at: e.at, kind: 'exported', title: '生成调解协议书（含当事人身份信息）', actor: actorName });
    else if (e.action === 'dispute.close') closedBy = actorName;
  }
  if (row.status === 'closed' && row.closed_on) {
    const outcome = row.outcome as Outcome | null;
    push({
      date: row.closed_on,
      at: row.updated_at,
      kind: 'closed',
      title: `结案：${outcome ? OUTCOME_LABELS[outcome].zh : ''}`,
      detail: row.outcome_reason,
      actor: closedBy,
      refId: row.id,
    });
  }
  // Mediation began with the first session or agreement (the audit event says who recorded it).
  const firstWork = [sessionRows[0]?.held_on, agreement?.effective_on].filter((x): x is string => !!x).sort()[0];
  if (row.status !== 'registered' && firstWork) push({ date: firstWork, at: row.created_at, kind: 'started', title: '开始调解', actor: startedBy });
  const rank = (k: TTimelineEvent['kind']) => (k === 'registered' ? 0 : k === 'assigned' ? 1 : k === 'started' ? 2 : k === 'closed' ? 9 : 5);
  timeline.sort((a, b) => a.date.localeCompare(b.date) || rank(a.kind) - rank(b.kind) || a.at.localeCompare(b.at));

  const facts: DisputeFacts = {
    status: row.status as DisputeStatus,
    outcome: row.outcome as Outcome | null,
    agreementForm: (agreement?.form as AgreementForm | undefined) ?? null,
    hasConfirmation: !!confirmation,
    openFollowUps: followUps.filter((f) => !f.done_on).length,
  };
  const actions = allowedActions(facts, mayRule(actor, mayOn(actor, row, assigned)));
  const nextOpen = followUpViews.find((f) => !f.doneOn);

  return {
    id: row.id,
    orgId: row.org_id,
    orgName: org.name,
    committeeId: committee.id,
    committeeName: committee.name,
    caseNo: row.case_no,
    caseYear: Number(row.case_year),
    caseSeq: Number(row.case_seq),
    title: row.title,
    type: row.type as DisputeType,
    source: row.source as DisputeSource,
    status: row.status as DisputeStatus,
    outcome: row.outcome as Outcome | null,
    outcomeReason: row.outcome_reason,
    riskLevel: row.risk_level as RiskLevel,
    summary: row.summary,
    receivedOn: row.received_on,
    closedOn: row.closed_on,
    villageId: row.village_id,
    villageName: village?.name ?? null,
    partyNames: parties.map((p) => p.name),
    amountFen: Number(row.amount_fen),
    amount: fenToYuan(Number(row.amount_fen)),
    peopleCount: Number(row.people_count),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
    nextFollowUp: nextOpen ? { dueOn: nextOpen.dueOn, state: nextOpen.state } : null,
    parties,
    mediators: assignmentRows.map((a) => ({ id: a.id, mediatorId: a.mediator_id, name: a.name, role: a.role as AssignmentRole, userId: a.user_id })),
    sessions: sessionRows.map((s) => ({
      id: s.id,
      heldOn: s.held_on,
      place: s.place,
      notes: s.notes,
      createdBy: who(s.created_by),
      createdAt: s.created_at,
      attachments: sessionFiles.filter((f) => f.entityId === s.id).map(attachmentView),
    })),
    attachments: caseFiles.map(attachmentView),
    agreement: agreementView,
    judicialConfirmation: confirmationView,
    followUps: followUpViews,
    referrals: referrals.map((r) => ({ id: r.id, target: r.target as ReferralTarget, referredOn: r.referred_on, receiver: r.receiver, notes: r.notes, createdAt: r.created_at })),
    timeline,
    actions,
  };
}

// ——— edit ———

export async function updateDispute(ctx: Ctx, id: string, input: TDisputeUpdate): Promise<TDisputeDetail> {
  await act(ctx, id, 'edit', async (tx, row) => {
    if (row.version !== input.version) throw new AppError('CONFLICT', [{ field: 'version', message: String(row.version) }]);
    const committee = await loadCommittee(tx.db, row.committee_id);
    if (!committee) throw new AppError('NOT_FOUND');
    const set: Partial<DisputeTable> = {};
    if (input.title !== undefined) set.title = input.title;
    if (input.source !== undefined) set.source = input.source;
    if (input.type !== undefined) set.type = input.type;
    if (input.summary !== undefined) set.summary = input.summary;
    if (input.villageId !== undefined) set.village_id = await checkVillage(tx.db, committee, input.villageId);
    if (input.amount !== undefined) set.amount_fen = yuanToFen(input.amount);
    if (input.peopleCount !== undefined) set.people_count = input.peopleCount;
    if (input.riskLevel !== undefined) set.risk_level = input.riskLevel;
    if (input.receivedOn !== undefined) {
      // The case number carries the year it was registered in.
      if (Number(input.receivedOn.slice(0, 4)) !== Number(row.case_year)) throw new AppError('VALIDATION', [{ field: 'receivedOn', key: 'case_year_fixed' }]);
      if (input.receivedOn > todayShanghai()) throw new AppError('VALIDATION', [{ field: 'receivedOn', key: 'date_future' }]);
      const first = await tx.db.selectFrom('dispute_sessions').select((eb) => eb.fn.min('held_on').as('d')).where('dispute_id', '=', id).executeTakeFirst();
      if (first?.d && String(first.d) < input.receivedOn) throw new AppError('VALIDATION', [{ field: 'receivedOn', key: 'date_order' }]);
      set.received_on = input.receivedOn;
    }
    const changed = Object.fromEntries(Object.entries(set).filter(([k, v]) => row[k as keyof DisputeRow] !== v));
    if (Object.keys(changed).length === 0) return;
    await bump(tx, row, changed);
    const before = Object.fromEntries(Object.keys(changed).map((k) => [k, row[k as keyof DisputeRow]]));
    await audit(tx, row, 'dispute.update', { before, after: changed });
  });
  return getDispute(ctx, id);
}

export async function setAssignments(ctx: Ctx, id: string, input: TAssignmentsInput): Promise<TDisputeDetail> {
  await act(ctx, id, 'assign', async (tx, row) => {
    if (input.version !== undefined && input.version !== row.version) throw new AppError('CONFLICT');
    const committee = await loadCommittee(tx.db, row.committee_id);
    if (!committee) throw new AppError('NOT_FOUND');
    const picks = await checkMediators(tx.db, committee, input.assignments, 'assignments');
    const current = await tx.db
      .selectFrom('dispute_assignments as a')
      .innerJoin('mediators as m', 'm.id', 'a.mediator_id')
      .innerJoin('people as p', 'p.id', 'm.person_id')
      .select(['a.id', 'a.mediator_id', 'a.role', 'p.name'])
      .where('a.dispute_id', '=', id)
      .execute();
    const at = nowIso();
    const wanted = new Map(picks.map((p) => [p.id, p]));
    const have = new Map(current.map((c) => [c.mediator_id, c]));
    const removed = current.filter((c) => !wanted.has(c.mediator_id));
    if (removed.length) {
      await tx.db
        .deleteFrom('dispute_assignments')
        .where(
          'id',
          'in',
          removed.map((r) => r.id),
        )
        .execute();
    }
    for (const m of picks) {
      const cur = have.get(m.id);
      if (!cur) {
        await tx.db.insertInto('dispute_assignments').values({ id: uuidv7(), dispute_id: id, org_id: row.org_id, mediator_id: m.id, user_id: m.user_id, role: m.role, created_at: at }).execute();
      } else if (cur.role !== m.role) {
        await tx.db.updateTable('dispute_assignments').set({ role: m.role }).where('id', '=', cur.id).execute();
      }
    }
    await bump(tx, row);
    await audit(tx, row, 'dispute.assign', {
      before: current.map((c) => ({ name: c.name, role: c.role })),
      after: { mediators: picks.map((p) => ({ name: p.name, role: p.role })), removed: removed.map((r) => r.name) },
    });
  });
  return getDispute(ctx, id);
}

// ——— parties (当事人) ———

const MAX_PARTIES = 50;

/** What the audit records of a party: the audit masks the ID-card and phone keys itself. */
function partyAudit(p: { id: string; kind: string; role: string; name: string; gender?: string | null; idCard?: string | null; phone?: string | null; creditCode?: string | null }) {
  return p.kind === 'person'
    ? { partyId: p.id, kind: p.kind, role: p.role, name: p.name, gender: p.gender ?? null, idCard: p.idCard ?? null, phone: p.phone ?? null }
    : { partyId: p.id, kind: p.kind, role: p.role, name: p.name, creditCode: p.creditCode ?? null };
}

function checkVersion(row: DisputeRow, version: number): void {
  if (row.version !== version) throw new AppError('CONFLICT', [{ field: 'version', message: String(row.version) }]);
}

/** Adds a party to an open case (one found after intake): same fields and people service as at registration. */
export async function addParty(ctx: Ctx, id: string, input: TPartyWrite): Promise<TDisputeDetail> {
  await act(ctx, id, 'edit_parties', async (tx, row) => {
    checkVersion(row, input.version);
    const agg = await tx.db
      .selectFrom('dispute_parties')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('sort').as('s')])
      .where('dispute_id', '=', id)
      .executeTakeFirstOrThrow();
    if (Number(agg.n) >= MAX_PARTIES) throw new AppError('VALIDATION', [{ field: 'kind', key: 'parties_max' }]);
    const base = { id: uuidv7(), dispute_id: id, org_id: row.org_id, role: input.role, sort: agg.s === null ? 0 : Number(agg.s) + 1 };
    if (input.kind === 'person') {
      // The same org as the intake's parties: the village where it arose, else the committee's org.
      const personId = await createPerson(tx, row.village_id ?? row.org_id, input.person);
      await tx.db.insertInto('dispute_parties').values({ ...base, kind: 'person', person_id: personId, organisation_name: null, organisation_code: null }).execute();
      await audit(tx, row, 'dispute.party.add', { after: partyAudit({ id: base.id, kind: 'person', role: input.role, ...input.person }) });
    } else {
      await tx.db
        .insertInto('dispute_parties')
        .values({ ...base, kind: 'organisation', person_id: null, organisation_name: input.name, organisation_code: input.creditCode ?? null })
        .execute();
      await audit(tx, row, 'dispute.party.add', { after: partyAudit({ id: base.id, kind: 'organisation', role: input.role, name: input.name, creditCode: input.creditCode }) });
    }
    await refreshPartyNames(tx.db, { disputeId: id });
    await bump(tx, row);
  });
  return getDispute(ctx, id);
}

/**
 * Corrects one party of an open case (个人信息保护法 art. 46: personal data must be corrected on
 * request). A person's fields go through the people service (encrypted, blind-indexed, audited as a
 * person update too); an ID card, phone or address left out keeps the value on record.
 */
export async function updateParty(ctx: Ctx, id: string, partyId: string, input: TPartyWrite): Promise<TDisputeDetail> {
  await act(ctx, id, 'edit_parties', async (tx, row) => {
    checkVersion(row, input.version);
    const party = await tx.db.selectFrom('dispute_parties').selectAll().where('id', '=', partyId).where('dispute_id', '=', id).executeTakeFirst();
    if (!party) throw new AppError('NOT_FOUND');
    if (party.kind !== input.kind) throw new AppError('VALIDATION', [{ field: 'kind', key: 'party_kind_fixed' }]);
    if (input.kind === 'person') {
      if (!party.person_id) throw new AppError('NOT_FOUND');
      const person = await tx.db.selectFrom('people').selectAll().where('id', '=', party.person_id).executeTakeFirstOrThrow();
      const c = tx.deps.crypto;
      const cur = { name: person.name, gender: person.gender, idCard: c.decryptOpt(person.id_card_enc), phone: c.decryptOpt(person.phone_enc), address: c.decryptOpt(person.address_enc) };
      const next = {
        name: input.person.name,
        gender: input.person.gender ?? (cur.gender === '男' || cur.gender === '女' ? cur.gender : undefined),
        idCard: input.person.idCard ?? cur.idCard ?? undefined,
        phone: input.person.phone ?? cur.phone ?? undefined,
        address: input.person.address ?? cur.address ?? undefined,
      };
      const changed = next.name !== cur.name || (next.gender ?? null) !== cur.gender || (next.idCard ?? null) !== cur.idCard || (next.phone ?? null) !== cur.phone || (next.address ?? null) !== cur.address;
      if (!changed && input.role === party.role) return;
      if (changed) await updatePerson(tx, party.person_id, next);
      if (next.name !== cur.name) await refreshPartyNames(tx.db, { personId: party.person_id });
      if (input.role !== party.role) await tx.db.updateTable('dispute_parties').set({ role: input.role }).where('id', '=', partyId).execute();
      await audit(tx, row, 'dispute.party.update', {
        // The address is not masked by the audit: only whether it changed is recorded.
        before: partyAudit({ id: partyId, kind: 'person', role: party.role, ...cur }),
        after: { ...partyAudit({ id: partyId, kind: 'person', role: input.role, ...next }), addressChanged: (next.address ?? null) !== cur.address },
      });
    } else {
      const set = { role: input.role, organisation_name: input.name, organisation_code: input.creditCode ?? null };
      if (set.role === party.role && set.organisation_name === party.organisation_name && set.organisation_code === party.organisation_code) return;
      await tx.db.updateTable('dispute_parties').set(set).where('id', '=', partyId).execute();
      if (set.organisation_name !== party.organisation_name) await refreshPartyNames(tx.db, { disputeId: id });
      await audit(tx, row, 'dispute.party.update', {
        before: partyAudit({ id: partyId, kind: 'organisation', role: party.role, name: party.organisation_name ?? '', creditCode: party.organisation_code }),
        after: partyAudit({ id: partyId, kind: 'organisation', role: input.role, name: input.name, creditCode: input.creditCode }),
      });
    }
    await bump(tx, row);
  });
  return getDispute(ctx, id);
}

// ——— sessions and attachments ———

export async function addSession(ctx: Ctx, id: string, input: TSessionInput): Promise<{ id: string }> {
  return act(ctx, id, 'add_session', async (tx, row) => {
    checkDate('heldOn', input.heldOn, row.received_on, todayShanghai());
    const s = { id: uuidv7(), dispute_id: id, org_id: row.org_id, held_on: input.heldOn, place: input.place || null, notes: input.notes, created_by: tx.actor?.userId ?? null, created_at: nowIso() };
    await tx.db.insertInto('dispute_sessions').values(s).execute();
    await bump(tx, row, await startIfRegistered(tx, row, 'session'));
    await audit(tx, row, 'dispute.session.add', { after: s });
    return { id: s.id };
  });
}

export type { UploadedFile } from '../../platform/files/upload.ts';

/** A file for the case file (人民调解法 art. 27), on the case or on one session. */
export async function addAttachment(ctx: Ctx, id: string, sessionId: string | null, read: () => Promise<UploadedFile | null>) {
  await permitted(ctx, id, 'upload_attachment');
  if (sessionId) {
    const s = await ctx.db.selectFrom('dispute_sessions').select('id').where('id', '=', sessionId).where('dispute_id', '=', id).executeTakeFirst();
    if (!s) throw new AppError('NOT_FOUND');
  }
  const file = await read();
  if (!file) throw new AppError('VALIDATION', [{ field: 'file', key: 'required' }]);
  return inTx(ctx, async (tx) => {
    const row = await loadRow(tx.db, id);
    if (!row) throw new AppError('NOT_FOUND');
    const view = await saveAttachment(tx, { entity: sessionId ? 'dispute_session' : 'dispute', entityId: sessionId ?? id, orgId: row.org_id }, file.filename, file.data);
    await audit(tx, row, 'dispute.attachment.add', { after: { fileId: view.id, name: view.name, sessionId, sm3: view.sm3 } });
    return view;
  });
}

/** Downloads a case or session file after checking the caller may read that case. */
export async function downloadFile(ctx: Ctx, fileId: string): Promise<{ name: string; mime: string; size: number; stream: Readable }> {
  const actor = await requirePermission(ctx, 'mediation.read', 'file');
  return openAttachment(ctx, fileId, async (entity, entityId) => {
    let disputeId: string | null = null;
    if (entity === 'dispute') disputeId = entityId;
    else if (entity === 'dispute_session') {
      const s = await ctx.db.selectFrom('dispute_sessions').select('dispute_id').where('id', '=', entityId).executeTakeFirst();
      disputeId = s?.dispute_id ?? null;
    }
    if (!disputeId) return false;
    const row = await loadRow(ctx.db, disputeId);
    if (!row) return false;
    const assigned = await isAssigned(ctx.db, disputeId, actor.userId);
    return mayOn(actor, row, assigned)('mediation.read', true) || assigned;
  });
}

// ——— agreement ———

/** Records (or corrects, until judicial confirmation is applied for) the agreement: 人民调解法 art. 28–30. */
export async function recordAgreement(ctx: Ctx, id: string, input: TAgreementInput): Promise<TDisputeDetail> {
  await act(ctx, id, 'record_agreement', async (tx, row) => {
    checkDate('effectiveOn', input.effectiveOn, row.received_on, todayShanghai());
    const before = await tx.db.selectFrom('dispute_agreements').selectAll().where('dispute_id', '=', id).executeTakeFirst();
    const at = nowIso();
    const values = {
      form: input.form,
      facts: input.facts,
      issues: input.issues,
      responsibilities: input.responsibilities,
      terms: input.terms,
      performance_method: input.performanceMethod,
      performance_deadline: input.performanceDeadline ?? null,
      effective_on: input.effectiveOn,
      updated_at: at,
    };
    if (before) await tx.db.updateTable('dispute_agreements').set(values).where('id', '=', before.id).execute();
    else await tx.db.insertInto('dispute_agreements').values({ ...values, id: uuidv7(), dispute_id: id, org_id: row.org_id, created_by: tx.actor?.userId ?? null, created_at: at }).execute();
    await bump(tx, row, await startIfRegistered(tx, row, 'agreement'));
    await audit(tx, row, 'dispute.agreement.record', { before, after: values });
  });
  return getDispute(ctx, id);
}

/** An agreement recorded but never signed and sealed (art. 29) is withdrawn before the case closes. */
export async function withdrawAgreement(ctx: Ctx, id: string): Promise<TDisputeDetail> {
  await act(ctx, id, 'withdraw_agreement', async (tx, row) => {
    const before = await tx.db.selectFrom('dispute_agreements').selectAll().where('dispute_id', '=', id).executeTakeFirstOrThrow();
    await tx.db.deleteFrom('dispute_agreements').where('id', '=', before.id).execute();
    await bump(tx, row);
    await audit(tx, row, 'dispute.agreement.withdraw', { before });
  });
  return getDispute(ctx, id);
}

/** 人民调解法 art. 33: the joint application to the court, and its result. */
export async function recordConfirmation(ctx: Ctx, id: string, input: TConfirmationInput): Promise<TDisputeDetail> {
  await act(ctx, id, 'judicial_confirmation', async (tx, row) => {
    const agreement = await tx.db.selectFrom('dispute_agreements').select(['effective_on']).where('dispute_id', '=', id).executeTakeFirstOrThrow();
    const today = todayShanghai();
    if (input.appliedOn < agreement.effective_on) throw new AppError('VALIDATION', [{ field: 'appliedOn', key: 'date_order' }]);
    if (input.appliedOn > today) throw new AppError('VALIDATION', [{ field: 'appliedOn', key: 'date_future' }]);
    if (input.decidedOn && input.decidedOn > today) throw new AppError('VALIDATION', [{ field: 'decidedOn', key: 'date_future' }]);
    const before = await tx.db.selectFrom('judicial_confirmations').selectAll().where('dispute_id', '=', id).executeTakeFirst();
    const at = nowIso();
    const values = {
      applied_on: input.appliedOn,
      court: input.court,
      result: input.result,
      decided_on: input.result === 'pending' ? null : (input.decidedOn ?? null),
      notes: input.notes || null,
      updated_at: at,
    };
    if (before) await tx.db.updateTable('judicial_confirmations').set(values).where('id', '=', before.id).execute();
    else await tx.db.insertInto('judicial_confirmations').values({ ...values, id: uuidv7(), dispute_id: id, org_id: row.org_id, created_at: at }).execute();
    await bump(tx, row);
    await audit(tx, row, 'dispute.confirmation.record', { before, after: values });
  });
  return getDispute(ctx, id);
}

// ——— follow-up visits (回访) ———

/** Default due day: the configured days after the performance deadline, or after the day the agreement took effect. */
async function defaultFollowUpDue(tx: Ctx, row: DisputeRow, cal: WorkCalendar): Promise<string> {
  const ag = await tx.db.selectFrom('dispute_agreements').select(['effective_on', 'performance_deadline']).where('dispute_id', '=', row.id).executeTakeFirstOrThrow();
  const { days } = await resolveFollowUpDays(tx.db, row.org_path);
  return cal.addCalendarDays(ag.performance_deadline ?? ag.effective_on, days);
}

async function insertFollowUp(tx: Ctx, row: DisputeRow, dueOn: string, notes: string | null, auto: boolean): Promise<string> {
  const at = nowIso();
  const f = { id: uuidv7(), dispute_id: row.id, org_id: row.org_id, due_on: dueOn, done_on: null, method: null, performance: null, notes, created_by: tx.actor?.userId ?? null, created_at: at, updated_at: at };
  await tx.db.insertInto('follow_ups').values(f).execute();
  await audit(tx, row, 'dispute.follow_up.schedule', { after: { id: f.id, dueOn, auto } });
  return f.id;
}

export async function scheduleFollowUp(ctx: Ctx, id: string, input: TFollowUpSchedule): Promise<{ id: string; dueOn: string }> {
  const cal = await ctx.deps.calendar.calendar();
  return act(ctx, id, 'schedule_follow_up', async (tx, row) => {
    const dueOn = input.dueOn ?? (await defaultFollowUpDue(tx, row, cal));
    if (dueOn < row.received_on) throw new AppError('VALIDATION', [{ field: 'dueOn', key: 'date_before_received' }]);
    const fid = await insertFollowUp(tx, row, dueOn, input.notes || null, false);
    await bump(tx, row);
    return { id: fid, dueOn };
  });
}

export async function recordFollowUp(ctx: Ctx, id: string, followUpId: string, input: TFollowUpRecord): Promise<TDisputeDetail> {
  await act(ctx, id, 'record_follow_up', async (tx, row) => {
    const before = await tx.db.selectFrom('follow_ups').selectAll().where('id', '=', followUpId).where('dispute_id', '=', id).executeTakeFirst();
    if (!before) throw new AppError('NOT_FOUND');
    if (before.done_on) throw new AppError('INVALID_STATE', [{ field: 'followUpId', key: 'follow_up_done' }]);
    checkDate('doneOn', input.doneOn, row.received_on, todayShanghai());
    const values = { done_on: input.doneOn, method: input.method, performance: input.performance, notes: input.notes || before.notes, updated_at: nowIso() };
    await tx.db.updateTable('follow_ups').set(values).where('id', '=', followUpId).execute();
    await bump(tx, row);
    await audit(tx, row, 'dispute.follow_up.record', { before, after: { id: followUpId, ...values } });
  });
  return getDispute(ctx, id);
}

// ——— referral and closing ———

async function closeRow(tx: Ctx, row: DisputeRow, outcome: Outcome, reason: string | null, closedOn: string): Promise<Partial<DisputeTable>> {
  const t = TRANSITIONS.close;
  const set = { status: t.to, outcome, outcome_reason: reason, closed_on: closedOn };
  await audit(tx, row, t.audit, { before: { status: row.status, outcome: row.outcome }, after: set });
  return set;
}

/**
 * 人民调解法 art. 26 (failed mediation: tell the parties their other ways) and art. 25 (the police).
 * With `closeCase`, the case ends as 终止调解 on the referral day, with the reason.
 */
export async function addReferral(ctx: Ctx, id: string, input: TReferralInput): Promise<TDisputeDetail> {
  await act(ctx, id, 'refer', async (tx, row, facts) => {
    const today = todayShanghai();
    checkDate('referredOn', input.referredOn, row.received_on, today);
    let set: Partial<DisputeTable> = {};
    if (input.closeCase) {
      const g = checkClose(facts, { outcome: 'terminated', reason: input.reason, closedOn: input.referredOn }, row.received_on, today);
      if (g) throw fail(g.field === 'outcome' ? { ...g, field: 'closeCase' } : g);
    }
    const r = {
      id: uuidv7(),
      dispute_id: id,
      org_id: row.org_id,
      target: input.target,
      referred_on: input.referredOn,
      receiver: input.receiver,
      notes: input.notes || null,
      created_by: tx.actor?.userId ?? null,
      created_at: nowIso(),
    };
    await tx.db.insertInto('referrals').values(r).execute();
    await audit(tx, row, 'dispute.referral.add', { after: r });
    if (input.closeCase) set = await closeRow(tx, row, 'terminated', input.reason ?? null, input.referredOn);
    await bump(tx, row, set);
  });
  return getDispute(ctx, id);
}

export async function closeDispute(ctx: Ctx, id: string, input: TCloseInput): Promise<TDisputeDetail> {
  const cal = await ctx.deps.calendar.calendar();
  await act(ctx, id, 'close', async (tx, row, facts) => {
    if (input.version !== undefined && input.version !== row.version) throw new AppError('CONFLICT');
    const g = checkClose(facts, input, row.received_on, todayShanghai());
    if (g) throw fail(g);
    const set = await closeRow(tx, row, input.outcome, input.outcome === 'success' ? input.reason || null : (input.reason ?? null), input.closedOn);
    await bump(tx, row, set);
    // 人民调解法 art. 31: the committee supervises performance — a settled case gets its follow-up visit.
    if (input.outcome === 'success' && facts.openFollowUps === 0) {
      const any = await tx.db.selectFrom('follow_ups').select('id').where('dispute_id', '=', id).executeTakeFirst();
      if (!any) await insertFollowUp(tx, row, await defaultFollowUpDue(tx, row, cal), null, true);
    }
  });
  return getDispute(ctx, id);
}

// ——— the agreement document ———

function birthDateOf(idCard: string | null): string | null {
  if (idCard?.length !== 18) return null;
  return `${idCard.slice(6, 10)}-${idCard.slice(10, 12)}-${idCard.slice(12, 14)}`;
}

/**
 * 人民调解协议书 (art. 29) as DOCX. It carries the parties' real identity details because it is the
 * document they sign: an export of personal data, so it needs `mediation.export` on the case's org and
 * is audited as an export.
 */
export async function exportAgreementDocx(ctx: Ctx, id: string): Promise<{ filename: string; buffer: Buffer }> {
  const { row } = await permitted(ctx, id, 'export_agreement');
  const facts = await factsOf(ctx.db, row);
  const g = checkAction('export_agreement', facts);
  if (g) throw fail(g);
  const db = ctx.db;
  const agreement = await db.selectFrom('dispute_agreements').selectAll().where('dispute_id', '=', id).executeTakeFirstOrThrow();
  const committee = await db.selectFrom('mediation_committees').select(['name']).where('id', '=', row.committee_id).executeTakeFirstOrThrow();
  const partyRows = await db
    .selectFrom('dispute_parties as dp')
    .leftJoin('people as p', 'p.id', 'dp.person_id')
    .select(['dp.kind', 'dp.role', 'dp.organisation_name', 'dp.organisation_code', 'p.name', 'p.gender', 'p.id_card_enc', 'p.phone_enc', 'p.address_enc'])
    .where('dp.dispute_id', '=', id)
    .orderBy('dp.sort')
    .execute();
  const mediators = await db
    .selectFrom('dispute_assignments as a')
    .innerJoin('mediators as m', 'm.id', 'a.mediator_id')
    .innerJoin('people as p', 'p.id', 'm.person_id')
    .select(['p.name', 'a.role'])
    .where('a.dispute_id', '=', id)
    .orderBy('a.role', 'desc')
    .execute();
  const c = ctx.deps.crypto;
  const parties: AgreementDocParty[] = partyRows.map((p) => {
    const idCard = c.decryptOpt(p.id_card_enc);
    return {
      role: PARTY_ROLE_LABELS[p.role as PartyRole]?.zh ?? p.role,
      kind: p.kind as PartyKind,
      name: p.name ?? p.organisation_name ?? '',
      gender: p.gender,
      birthDate: birthDateOf(idCard),
      idCard,
      phone: c.decryptOpt(p.phone_enc),
      address: c.decryptOpt(p.address_enc),
      creditCode: p.organisation_code,
    };
  });
  // docx loads on first use: ~10 MB of heap no list request needs (platform/office.ts).
  const buffer = await (await import('./agreement.docx.ts')).buildAgreementDocx({
    committeeName: committee.name,
    caseNo: row.case_no,
    parties,
    facts: agreement.facts,
    issues: agreement.issues,
    responsibilities: agreement.responsibilities,
    terms: agreement.terms,
    performanceMethod: agreement.performance_method,
    performanceDeadline: agreement.performance_deadline,
    effectiveOn: agreement.effective_on,
    mediators: mediators.map((m) => m.name),
  });
  await inTx(ctx, (tx) =>
    audit(tx, row, 'dispute.agreement.export', { after: { format: 'docx', caseNo: row.case_no, parties: parties.map((p) => p.name), identityDetails: true } }),
  );
  return { filename: `${row.case_no}人民调解协议书.docx`, buffer };
}
