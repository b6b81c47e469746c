import type ExcelJS from 'exceljs';
import { DISPUTE_TYPES } from '../../../common/mediation-enums.ts';
import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, inTx } from '../../platform/context.ts';
import { loadExcel } from '../../platform/office.ts';
import { requirePermission, scopeOf } from '../../platform/permissions.ts';
import { inScope, orgMap, requireOrgIn, subtreeScope, townshipOf } from './admin-scope.ts';
import { typeLabel } from './report-labels.ts';

/**
 * The mediation statistics table as Excel (人民调解案件统计表): by type × outcome, by month × outcome
 * and by village, each with a totals row. Counted like the stats route: disputes received in the
 * year, 调解成功率 = 成功 / 已办结 (成功 + 不成功 + 终止). An export is audited (security-requirements).
 */
export const STAT_COLUMNS = ['受理（件）', '调解成功', '调解不成功', '终止调解', '在办', '调解成功率（%）', '涉及金额（元）', '涉及人数'] as const;

interface Cell {
  total: number;
  success: number;
  failure: number;
  terminated: number;
  open: number;
  amountFen: number;
  people: number;
}

const empty = (): Cell => ({ total: 0, success: 0, failure: 0, terminated: 0, open: 0, amountFen: 0, people: 0 });

function add(c: Cell, r: { n: number; status: string; outcome: string | null; amount: number; people: number }): void {
  c.total += r.n;
  c.amountFen += r.amount;
  c.people += r.people;
  if (r.status !== 'closed' || !r.outcome) c.open += r.n;
  else if (r.outcome === 'success') c.success += r.n;
  else if (r.outcome === 'failure') c.failure += r.n;
  else if (r.outcome === 'terminated') c.terminated += r.n;
  else c.open += r.n;
}

function values(c: Cell): (number | string)[] {
  const closed = c.success + c.failure + c.terminated;
  const rate = closed > 0 ? Math.round((c.success / closed) * 1000) / 10 : '—';
  return [c.total, c.success, c.failure, c.terminated, c.open, rate, c.amountFen / 100, c.people];
}

function sheet(wb: ExcelJS.Workbook, name: string, title: string, firstCols: string[], rows: { keys: string[]; cell: Cell }[]): void {
  const ws = wb.addWorksheet(name);
  const header = [...firstCols, ...STAT_COLUMNS];
  ws.addRow([title]);
  ws.mergeCells(1, 1, 1, header.length);
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.getRow(1).alignment = { horizontal: 'center' };
  ws.addRow(header).font = { bold: true };
  const total = empty();
  for (const r of rows) {
    ws.addRow([...r.keys, ...values(r.cell)]);
    for (const k of Object.keys(total) as (keyof Cell)[]) total[k] += r.cell[k];
  }
  const totalRow = ws.addRow(['合计', ...firstCols.slice(1).map(() => ''), ...values(total)]);
  totalRow.font = { bold: true };
  ws.columns.forEach((col, i) => {
    col.width = i < firstCols.length ? 16 : 12;
  });
  ws.getColumn(firstCols.length + 7).numFmt = '#,##0.00';
  ws.views = [{ state: 'frozen', ySplit: 2 }];
}

export async function exportStatsXlsx(ctx: Ctx, year: number, orgId?: string): Promise<{ buffer: Buffer; filename: string }> {
  const actor = await requirePermission(ctx, 'mediation.export');
  const scope = scopeOf(actor, 'mediation.export');
  const filterOrg = orgId ? await requireOrgIn(ctx, scope, orgId, 'mediation.export') : null;
  let q = ctx.db
    .selectFrom('disputes as d')
    .select((eb) => [
      'd.type',
      'd.status',
      'd.outcome',
      sql<string>`substr(d.received_on, 1, 7)`.as('month'),
      sql<string>`coalesce(d.village_id, d.org_id)`.as('place'),
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>('d.amount_fen').as('amount'),
      eb.fn.sum<number>('d.people_count').as('people'),
    ])
    .where('d.received_on', '>=', `${year}-01-01`)
    .where('d.received_on', '<=', `${year}-12-31`)
    .where((eb) => inScope(eb, scope, 'd.org_id'));
  if (filterOrg) {
    const f = subtreeScope(filterOrg);
    q = q.where((eb) => inScope(eb, f, 'd.org_id'));
  }
  const rows = (
    await q.groupBy(['d.type', 'd.status', 'd.outcome', sql`substr(d.received_on, 1, 7)`, sql`coalesce(d.village_id, d.org_id)`]).execute()
  ).map((r) => ({ ...r, n: Number(r.n), amount: Number(r.amount ?? 0), people: Number(r.people ?? 0) }));

  const byType = new Map<string, Cell>();
  const byMonth = new Map<string, Cell>();
  const byPlace = new Map<string, Cell>();
  for (let m = 1; m <= 12; m++) byMonth.set(`${year}-${String(m).padStart(2, '0')}`, empty());
  for (const r of rows) {
    for (const [map, key] of [
      [byType, r.type],
      [byMonth, r.month],
      [byPlace, r.place],
    ] as const) {
      const c = map.get(key) ?? empty();
      add(c, r);
      map.set(key, c);
    }
  }
  const orgs = await orgMap(ctx);
  const unit = filterOrg?.name ?? (orgs.get(actor.orgId) ? (townshipOf(orgs, actor.orgId)?.name ?? '') : '');
  const wb = new (await loadExcel()).Workbook();
  wb.creator = '法治 Fazhi';
  wb.created = new Date();
  const title = (what: string) => `${unit}${year}年人民调解案件统计表（${what}）`;
  sheet(
    wb,
    '按类型',
    title('按纠纷类型'),
    ['纠纷类型'],
    // every type of the catalog, in its order, zeros included (as the statistics form lists them)
    [...DISPUTE_TYPES, ...[...byType.keys()].filter((k) => !(DISPUTE_TYPES as readonly string[]).includes(k))].map((k) => ({ keys: [typeLabel(k)], cell: byType.get(k) ?? empty() })),
  );
  sheet(
    wb,
    '按月份',
    title('按受理月份'),
    ['月份'],
    [...byMonth.entries()].map(([k, cell]) => ({ keys: [`${Number(k.slice(5, 7))}月`], cell })),
  );
  const placeRows = [...byPlace.entries()].map(([id, cell]) => {
    const o = orgs.get(id);
    const t = townshipOf(orgs, id);
    const name = !o ? id : o.kind === 'village' ? o.name : `${o.name}本级`;
    return { keys: [t?.name ?? '', name], cell, path: o?.path ?? '' };
  });
  placeRows.sort((a, b) => a.path.localeCompare(b.path));
  sheet(wb, '按村', title('按村（社区）'), ['乡镇', '村（社区）'], placeRows);

  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  await inTx(ctx, (tx) =>
    recordAudit(tx, {
      entity: 'mediation_stats',
      action: 'export',
      orgId: filterOrg?.id ?? actor.orgId,
      after: { format: 'xlsx', year, orgId: orgId ?? null, disputes: rows.reduce((s, r) => s + r.n, 0) },
    }),
  );
  return { buffer, filename: `${unit}${year}年人民调解统计表.xlsx` };
}
