
import { type SqlBool, sql } from 'kysely';
import { FIELD_MESSAGES, type FieldMessageKey, ERROR_MESSAGES } from '../../../common/errors.ts';
import { uuidv7 } from '../../../common/ids.ts';
import { ORG_KIND_LABELS, ORG_KINDS, type OrgKind } from '../../../common/roles.ts';
import {
  ORG_IMPORT_COLUMNS,
  ORG_PARENT_KINDS,
  type TOrg,
  type TOrgCreate,
  type TOrgDetail,
  type TOrgImportError,
  type TOrgImportResult,
  type TOrgList,
  type TOrgListQuery,
  type TOrgNode,
  type TOrgUpdate,
} from '../../../common/schemas/orgs.ts';
import type { OrgTable } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, Ctx, Deps } from '../context.ts';
import { inTx } from '../context.ts';
import { AppError, fieldError } from '../errors.ts';
import { type DataScope, orgPathInScope, recordDenied, requireOrgInScope, requirePermission, scopeOf, scopeWhere } from '../permissions.ts';
import { cellText, loadExcel, openUploadedWorkbook } from '../office.ts';
import { nowIso } from '../time.ts';

/**
 * The org tree. `path` ('/county/township/village/') is what every scope check reads, so it is
 * written here only: on create from the parent's path, and on a move by rewriting the whole
 * subtree's prefix in the same transaction as the parent change.
 */

/**
 * org.read scope. A 'self' grant (a mediator's) has no org part; for the org tree the user's
 * "own record" is the org they belong to, so they can at least see where they sit.
 */
function readScope(actor: Actor): DataScope {
  const s = scopeOf(actor, 'org.read');
  return s.self ? { ...s, orgs: [...new Set([...s.orgs, actor.orgId])] } : s;
}

const depthOf = (path: string) => path.split('/').filter(Boolean).length - 1;

async function counts(ctx: Ctx): Promise<{ children: Map<string, number>; users: Map<string, number> }> {
  const [c, u] = await Promise.all([
    ctx.db
      .selectFrom('orgs')
      .select((eb) => ['parent_id', eb.fn.countAll<number>().as('n')])
      .where('parent_id', 'is not', null)
      .groupBy('parent_id')
      .execute(),
    ctx.db
      .selectFrom('users')
      .select((eb) => ['org_id', eb.fn.countAll<number>().as('n')])
      .groupBy('org_id')
      .execute(),
  ]);
  return { children: new Map(c.map((r) => [r.parent_id as string, Number(r.n)])), users: new Map(u.map((r) => [r.org_id, Number(r.n)])) };
}

function toOrg(r: OrgTable, ctx: Ctx, n: { children: Map<string, number>; users: Map<string, number> }): TOrg {
  return {
    id: r.id,
    parentId: r.parent_id,
    code: r.code,
    name: r.name,
    kind: r.kind as OrgKind,
    kindLabel: ORG_KIND_LABELS[r.kind as OrgKind]?.[ctx.lang] ?? r.kind,
    path: r.path,
    depth: depthOf(r.path),
    sort: Number(r.sort),
    childCount: n.children.get(r.id) ?? 0,
    userCount: n.users.get(r.id) ?? 0,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Nodes whose parent is not in the set become roots; siblings by sort, then code. */
function buildTree(orgs: TOrg[]): TOrgNode[] {
  const byId = new Map<string, TOrgNode>(orgs.map((o) => [o.id, { ...o, children: [] }]));
  const roots: TOrgNode[] = [];
  for (const node of byId.values()) {
    const parent = node.parentId ? byId.get(node.parentId) : undefined;
    if (parent) parent.children!.push(node);
    else roots.push(node);
  }
  const order = (a: TOrgNode, b: TOrgNode) => a.sort - b.sort || a.code.localeCompare(b.code);
  const sortRec = (nodes: TOrgNode[]) => {
    nodes.sort(order);
    for (const n of nodes) sortRec(n.children!);
  };
  sortRec(roots);
  return roots;
}

function flatten(nodes: TOrgNode[], out: TOrg[] = []): TOrg[] {
  for (const { children, ...o } of nodes) {
    out.push(o);
    flatten(children ?? [], out);
  }
  return out;
}

async function loadOrgRow(ctx: Ctx, id: string): Promise<OrgTable | undefined> {
  return ctx.db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A single org the caller names by id: 404 when missing, audited 403 when outside the scope. */
async function requireOrgRow(ctx: Ctx, scope: DataScope, id: string, action: string): Promise<OrgTable> {
  const row = await loadOrgRow(ctx, id);
  if (!row) throw new AppError('NOT_FOUND');
  if (!orgPathInScope(scope, row.id, row.path)) {
    await recordDenied(ctx, 'org', id, action);
    throw new AppError('FORBIDDEN');
  }
  return row;
}

export async function listOrgs(ctx: Ctx, query: TOrgListQuery): Promise<TOrgList> {
  const actor = await requirePermission(ctx, 'org.read', 'org');
  const scope = readScope(actor);
  let q = ctx.db
    .selectFrom('orgs')
    .selectAll()
    .where((eb) => scopeWhere(eb, scope, { org: 'orgs.id' }));
  if (query.rootId) {
    const root = await loadOrgRow(ctx, query.rootId);
    if (!root) throw fieldError('query.rootId', 'not_found');
    if (!orgPathInScope(scope, root.id, root.path)) {
      // A filter on someone else's township is refused, not silently emptied.
      await recordDenied(ctx, 'org', root.id, 'org.read');
      throw new AppError('FORBIDDEN', [{ field: 'query.rootId', key: 'out_of_scope' }]);
    }
    q = q.where('path', 'like', `${root.path}%`);
  }
  if (query.view === 'flat') {
    if (query.kind) q = q.where('kind', '=', query.kind);
    if (query.q) {
      const like = `%${query.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      q = q.where((eb) => eb.or([sql<SqlBool>`orgs.name like ${like} escape '\\'`, sql<SqlBool>`orgs.code like ${like} escape '\\'`]));
    }
  }
  const [rows, n] = await Promise.all([q.execute(), counts(ctx)]);
  const tree = buildTree(rows.map((r) => toOrg(r, ctx, n)));
  if (query.view === 'tree') return { items: tree, total: rows.length };
  return { items: flatten(tree), total: rows.length };
}

async function detail(ctx: Ctx, row: OrgTable): Promise<TOrgDetail> {
  const ancestorIds = row.path.split('/').filter(Boolean).slice(0, -1);
  const ancestors = ancestorIds.length ? await ctx.db.selectFrom('orgs').select(['id', 'name', 'kind']).where('id', 'in', ancestorIds).execute() : [];
  const byId = new Map(ancestors.map((a) => [a.id, a]));
  return {
    ...toOrg(row, ctx, await counts(ctx)),
    ancestors: ancestorIds.flatMap((id) => {
      const a = byId.get(id);
      return a ? [{ id: a.id, name: a.name, kind: a.kind as OrgKind }] : [];
    }),
  };
}

export async function getOrg(ctx: Ctx, id: string): Promise<TOrgDetail> {
  const actor = await requirePermission(ctx, 'org.read', 'org');
  return detail(ctx, await requireOrgRow(ctx, readScope(actor), id, 'org.read'));
}

async function assertCodeFree(ctx: Ctx, code: string, exceptId?: string): Promise<void> {
  let q = ctx.db.selectFrom('orgs').select('id').where('code', '=', code);
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) throw new AppError('DUPLICATE', [{ field: 'code', key: 'duplicate' }]);
}

/** Only the org-code constraint means "duplicate code"; any other failure (e.g. of the audit write) stays an error. */
function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; constraint?: string; message?: string };
  if (err?.code === '23505') return err.constraint === 'orgs_code_key';
  return err?.code === 'SQLITE_CONSTRAINT_UNIQUE' && /\borgs\.code\b/.test(err.message ?? '');
}

function auditView(r: Pick<OrgTable, 'id' | 'parent_id' | 'code' | 'name' | 'kind' | 'path' | 'sort'>) {
  return { id: r.id, parentId: r.parent_id, code: r.code, name: r.name, kind: r.kind, path: r.path, sort: Number(r.sort) };
}

export async function createOrg(ctx: Ctx, input: TOrgCreate): Promise<TOrgDetail> {
  const parent = await requireOrgInScope(ctx, 'org.manage', input.parentId, 'parentId');
  if (!ORG_PARENT_KINDS[input.kind].includes(parent.kind as OrgKind)) throw fieldError('parentId', 'org_parent_invalid');
  await assertCodeFree(ctx, input.code);
  const at = nowIso();
  const id = uuidv7();
  const row: OrgTable = { id, parent_id: parent.id, code: input.code, name: input.name, kind: input.kind, path: `${parent.path}${id}/`, sort: input.sort ?? 0, created_at: at, updated_at: at };
  try {
    await inTx(ctx, async (tx) => {
      await tx.db.insertInto('orgs').values(row).execute();
      await recordAudit(tx, { entity: 'org', entityId: id, action: 'org.create', orgId: id, after: auditView(row) });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('DUPLICATE', [{ field: 'code', key: 'duplicate' }]);
    throw e;
  }
  return detail(ctx, row);
}

/**
 * Rename, recode, re-sort or move. A move checks the org and its new parent against org.manage,
 * refuses a parent inside the org's own subtree, and rewrites every path below in one statement.
 */
export async function updateOrg(ctx: Ctx, id: string, patch: TOrgUpdate): Promise<TOrgDetail> {
  const actor = await requirePermission(ctx, 'org.manage', 'org');
  const before = await requireOrgRow(ctx, scopeOf(actor, 'org.manage'), id, 'org.manage');
  const moving = patch.parentId !== undefined && patch.parentId !== before.parent_id;
  let newPath = before.path;
  if (moving) {
    if (before.kind === 'county') throw fieldError('parentId', 'org_parent_invalid');
    const parent = await requireOrgInScope(ctx, 'org.manage', patch.parentId!, 'parentId');
    // A parent inside the org's own subtree (or the org itself) would make a cycle.
    if (parent.path.startsWith(before.path)) throw fieldError('parentId', 'org_parent_invalid');
    if (!ORG_PARENT_KINDS[before.kind as OrgKind].includes(parent.kind as OrgKind)) throw fieldError('parentId', 'org_parent_invalid');
    newPath = `${parent.path}${id}/`;
  }
  if (patch.code !== undefined && patch.code !== before.code) await assertCodeFree(ctx, patch.code, id);
  const at = nowIso();
  let moved = 0;
  try {
    await inTx(ctx, async (tx) => {
      if (moving) {
        // Prefix rewrite of the subtree (the org included): same SQL on SQLite and PostgreSQL.
        const res = await tx.db
          .updateTable('orgs')
          .set({ path: sql<string>`cast(${newPath} as text) || substr(path, ${before.path.length + 1})` })
          .where('path', 'like', `${before.path}%`)
          .executeTakeFirst();
        moved = Number(res.numUpdatedRows);
      }
      await tx.db
        .updateTable('orgs')
        .set({
          ...(moving ? { parent_id: patch.parentId } : {}),
          ...(patch.code !== undefined ? { code: patch.code } : {}),
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.sort !== undefined ? { sort: patch.sort } : {}),
          updated_at: at,
        })
        .where('id', '=', id)
        .execute();
      const after = (await tx.db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as OrgTable;
      await recordAudit(tx, {
        entity: 'org',
        entityId: id,
        action: moving ? 'org.move' : 'org.update',
        orgId: id,
        before: auditView(before),
        after: { ...auditView(after), ...(moving ? { subtreeRewritten: moved } : {}) },
      });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('DUPLICATE', [{ field: 'code', key: 'duplicate' }]);
    throw e;
  }
  return detail(ctx, (await loadOrgRow(ctx, id))!);
}

/** Tables whose rows belong to an org; found from the schema so a new module's tables count too. */
const NOT_WORK_DATA = new Set(['orgs', 'users', 'role_grants', 'sessions', 'audit_events', 'audit_head', 'settings']);
const workColumnsCache = new WeakMap<Deps, Promise<{ table: string; column: string }[]>>();

function workColumns(deps: Deps): Promise<{ table: string; column: string }[]> {
  let p = workColumnsCache.get(deps);
  if (!p) {
    p = deps.database.db.introspection.getTables().then((tables) =>
      tables
        .filter((t) => !NOT_WORK_DATA.has(t.name) && !t.isView && (!t.schema || t.schema === 'public'))
        .flatMap((t) => t.columns.filter((c) => c.name === 'org_id' || c.name === 'village_id' || c.name.endsWith('_org_id')).map((c) => ({ table: t.name, column: c.name }))),
    );
    workColumnsCache.set(deps, p);
  }
  return p;
}

function isForeignKeyViolation(e: unknown): boolean {
  const err = e as { code?: string };
  return err?.code === '23503' || err?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** Only an empty org goes: no sub-orgs, no users or grants on it, no work data recorded under it. */
export async function deleteOrg(ctx: Ctx, id: string): Promise<void> {
  const actor = await requirePermission(ctx, 'org.manage', 'org');
  const row = await requireOrgRow(ctx, scopeOf(actor, 'org.manage'), id, 'org.manage');
  const cols = await workColumns(ctx.deps);
  try {
    await inTx(ctx, async (tx) => {
      const one = async (q: Promise<{ n: number | string } | undefined>) => Number((await q)?.n ?? 0);
      const children = await one(tx.db.selectFrom('orgs').select((eb) => eb.fn.countAll<number>().as('n')).where('parent_id', '=', id).executeTakeFirst());
      const users =
        (await one(tx.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', id).executeTakeFirst())) +
        (await one(tx.db.selectFrom('role_grants').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', id).executeTakeFirst()));
      let data = 0;
      for (const c of cols) {
        const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(c.table)} where ${sql.ref(c.column)} = ${id}`.execute(tx.db);
        data += Number(r.rows[0]?.n ?? 0);
      }
      const fields: { field: string; key: FieldMessageKey }[] = [];
      if (children) fields.push({ field: 'children', key: 'org_has_children' });
      if (users) fields.push({ field: 'users', key: 'org_has_users' });
      if (data) fields.push({ field: 'data', key: 'org_has_data' });
      if (fields.length) throw new AppError('ORG_NOT_EMPTY', fields);
      // Settings are the org's own configuration (targets and the like): they go with it.
      await tx.db.deleteFrom('settings').where('org_id', '=', id).execute();
      await tx.db.deleteFrom('orgs').where('id', '=', id).execute();
      await recordAudit(tx, { entity: 'org', entityId: id, action: 'org.delete', orgId: row.parent_id, before: auditView(row) });
    });
  } catch (e) {
    // A reference the column scan could not know about (a table without an org_id-like name).
    if (isForeignKeyViolation(e)) throw new AppError('ORG_NOT_EMPTY', [{ field: 'data', key: 'org_has_data' }]);
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Excel import

const MAX_IMPORT_ROWS = 2000;
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export { XLSX_MIME };

type Column = keyof typeof ORG_IMPORT_COLUMNS;

const norm = (s: string) =>
  s
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')')
    .replace(/\s+/g, '')
    .toLowerCase();

/** Header text → column. '上级代码' is tried before '代码' (it contains it). */
function columnOf(header: string): Column | null {
  const h = norm(header);
  if (!h) return null;
  if (h.includes('上级') || h.includes('parent')) return 'parentCode';
  if (h.includes('代码') || h.includes('编码') || h.includes('code')) return 'code';
  if (h.includes('名称') || h.includes('name')) return 'name';
  if (h.includes('类型') || h.includes('类别') || h.includes('kind') || h.includes('type')) return 'kind';
  return null;
}

const KIND_WORDS: Record<string, OrgKind> = {
  county: 'county',
  县: 'county',
  township: 'township',
  乡镇: 'township',
  乡: 'township',
  镇: 'township',
  街道: 'township',
  village: 'village',
  '村(社区)': 'village',
  村: 'village',
  社区: 'village',
  村委会: 'village',
  居委会: 'village',
  department: 'department',
  部门: 'department',
  站办所: 'department',
};
for (const k of ORG_KINDS) KIND_WORDS[norm(ORG_KIND_LABELS[k].zh)] = k;


interface PlannedOrg {
  row: number;
  org: OrgTable;
}

/**
 * Bulk import of orgs from the first sheet of an .xlsx. Every row is checked first (name present,
 * code well-formed and unused in the system and the sheet, kind known, parent found in the system or
 * an earlier row, parent kind allowed, parent inside the caller's org.manage scope); any problem
 * answers a per-row report and nothing is written. Otherwise all rows go in one transaction with an
 * audit event per org and one for the import. `readUpload` is called only after the permission check.
 */
export async function importOrgs(ctx: Ctx, readUpload: () => Promise<{ buffer: Buffer; filename: string } | null>): Promise<TOrgImportResult> {
  const actor = await requirePermission(ctx, 'org.manage', 'org');
  const upload = await readUpload();
  if (!upload) throw fieldError('file', 'import_file_required');
  const wb = await openUploadedWorkbook(upload.buffer);
  const ws = wb.worksheets[0];
  const lang = ctx.lang;
  const errors: TOrgImportError[] = [];
  const err = (row: number, field: TOrgImportError['field'], key: FieldMessageKey) => errors.push({ row, field, message: FIELD_MESSAGES[key][lang] });
  const fail = (): TOrgImportResult => ({
    ok: false,
    code: 'VALIDATION',
    message: ERROR_MESSAGES.VALIDATION[lang],
    fields: errors.map((e) => ({ field: e.row ? `rows.${e.row}.${e.field}` : e.field, message: e.message })),
    errors,
  });
  if (!ws) {
    err(0, 'file', 'import_empty');
    return fail();
  }

  const cols = new Map<Column, number>();
  ws.getRow(1).eachCell((cell, colNumber) => {
    const c = columnOf(cellText(cell.value));
    if (c && !cols.has(c)) cols.set(c, colNumber);
  });
  for (const c of Object.keys(ORG_IMPORT_COLUMNS) as Column[]) if (!cols.has(c)) err(1, c, 'import_header_missing');
  if (errors.length) return fail();

  const rows: { row: number; name: string; code: string; parentCode: string; kind: string }[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const get = (c: Column) => cellText(ws.getRow(r).getCell(cols.get(c)!).value);
    const v = { row: r, name: get('name'), code: get('code'), parentCode: get('parentCode'), kind: get('kind') };
    if (!v.name && !v.code && !v.parentCode && !v.kind) continue;
    rows.push(v);
  }
  if (rows.length === 0) {
    err(2, 'file', 'import_empty');
    return fail();
  }
  if (rows.length > MAX_IMPORT_ROWS) {
    err(rows[MAX_IMPORT_ROWS].row, 'file', 'import_too_many_rows');
    return fail();
  }

  const existing = new Map((await ctx.db.selectFrom('orgs').selectAll().execute()).map((o) => [o.code, o]));
  const scope = scopeOf(actor, 'org.manage');
  const planned = new Map<string, PlannedOrg>();
  const at = nowIso();
  let deniedParent: string | null = null;
  for (const v of rows) {
    let ok = true;
    if (!v.name) {
      err(v.row, 'name', 'required');
      ok = false;
    } else if (v.name.length > 100) {
      err(v.row, 'name', 'text_too_long');
      ok = false;
    }
    if (!v.code) {
      err(v.row, 'code', 'required');
      ok = false;
    } else if (!/^[A-Za-z0-9_-]{1,32}$/.test(v.code)) {
      err(v.row, 'code', 'org_code_invalid');
      ok = false;
    } else if (existing.has(v.code) || planned.has(v.code)) {
      err(v.row, 'code', 'duplicate');
      ok = false;
    }
    const kind = v.kind ? KIND_WORDS[norm(v.kind)] : undefined;
    if (!v.kind) {
      err(v.row, 'kind', 'required');
      ok = false;
    } else if (!kind || kind === 'county') {
      err(v.row, 'kind', 'org_kind_invalid');
      ok = false;
    }
    let parent: { id: string; path: string; kind: string } | undefined;
    if (!v.parentCode) {
      err(v.row, 'parentCode', 'required');
      ok = false;
    } else {
      const inDb = existing.get(v.parentCode);
      const inSheet = planned.get(v.parentCode);
      if (inDb) {
        parent = inDb;
        if (!orgPathInScope(scope, inDb.id, inDb.path)) {
          err(v.row, 'parentCode', 'out_of_scope');
          deniedParent ??= inDb.id;
          ok = false;
          parent = undefined;
        }
      } else if (inSheet) parent = inSheet.org;
      else {
        err(v.row, 'parentCode', 'org_parent_not_found');
        ok = false;
      }
      if (parent && kind && kind !== 'county' && !ORG_PARENT_KINDS[kind].includes(parent.kind as OrgKind)) {
        err(v.row, 'parentCode', 'org_parent_invalid');
        ok = false;
      }
    }
    // A bad row is not planned: rows below that name it as parent report "parent not found" too.
    if (ok && parent && kind) {
      const id = uuidv7();
      planned.set(v.code, {
        row: v.row,
        org: { id, parent_id: parent.id, code: v.code, name: v.name, kind, path: `${parent.path}${id}/`, sort: v.row, created_at: at, updated_at: at },
      });
    }
  }
  if (deniedParent) await recordDenied(ctx, 'org', deniedParent, 'org.import');
  if (errors.length) return fail();

  const all = [...planned.values()];
  try {
    await inTx(ctx, async (tx) => {
      for (let i = 0; i < all.length; i += 200) {
        await tx.db
          .insertInto('orgs')
          .values(all.slice(i, i + 200).map((p) => p.org))
          .execute();
      }
      for (const p of all) {
        await recordAudit(tx, { entity: 'org', entityId: p.org.id, action: 'org.create', orgId: p.org.id, after: { ...auditView(p.org), importRow: p.row } });
      }
      await recordAudit(tx, { entity: 'org', action: 'org.import', after: { file: upload.filename, created: all.length, codes: all.map((p) => p.org.code) } });
    });
  } catch (e) {
    // Someone created one of these codes between the check and the insert.
    if (isUniqueViolation(e)) throw new AppError('DUPLICATE', [{ field: 'file', key: 'duplicate' }]);
    throw e;
  }
  return { ok: true, created: all.length };
}

/** The import template: the four headers, one example row, and a sheet of instructions. */
export async function orgImportTemplate(ctx: Ctx): Promise<Buffer> {
  await requirePermission(ctx, 'org.manage', 'org');
  const wb = new (await loadExcel()).Workbook();
  wb.creator = '法治 Fazhi';
  const ws = wb.addWorksheet('组织机构');
  ws.columns = [
    { header: ORG_IMPORT_COLUMNS.name.zh, key: 'name', width: 28 },
    { header: ORG_IMPORT_COLUMNS.code.zh, key: 'code', width: 18, style: { numFmt: '@' } },
    { header: ORG_IMPORT_COLUMNS.parentCode.zh, key: 'parentCode', width: 18, style: { numFmt: '@' } },
    { header: ORG_IMPORT_COLUMNS.kind.zh, key: 'kind', width: 14 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.addRow({ name: '示例村', code: '610000101299', parentCode: '610000101000', kind: ORG_KIND_LABELS.village.zh });
  ws.getRow(2).font = { italic: true, color: { argb: 'FF888888' } };
  const kinds = `"${[ORG_KIND_LABELS.township.zh, ORG_KIND_LABELS.village.zh, ORG_KIND_LABELS.department.zh].join(',')}"`;
  for (let r = 2; r <= 500; r++) ws.getCell(r, 4).dataValidation = { type: 'list', allowBlank: true, formulae: [kinds] };
  ws.views = [{ state: 'frozen', ySplit: 1 }];

  const help = wb.addWorksheet('填写说明');
  help.getColumn(1).width = 100;
  for (const line of [
    '组织机构批量导入说明',
    '1. 第一行为表头，请勿修改；第2行为示例，导入前请删除或改为实际数据。',
    '2. 名称：必填。代码：必填，字母、数字、短横线或下划线，最长32位，不能与系统中已有代码重复（村、乡镇建议使用12位统计用区划代码）。',
    '3. 上级代码：必填，须为系统中已有组织的代码，或本表中前面行的代码。',
    '4. 类型：乡镇（上级为县）、村（社区）（上级为乡镇）、部门（上级为乡镇或县）。',
    '5. 任何一行有误时整表不导入，系统会列出每一行的问题，修改后重新上传即可。',
  ]) {
    help.addRow([line]);
  }
  help.getRow(1).font = { bold: true, size: 14 };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
