import type ExcelJS from 'exceljs';
import { ERROR_MESSAGES, FIELD_MESSAGES, type FieldMessageKey } from '../../../common/errors.ts';
import { uuidv7 } from '../../../common/ids.ts';
import { DUE_KIND_LABELS, TASK_STATE_LABELS, TASK_TABLE_COLUMNS, type TaskTableColumn } from '../../../common/planning-enums.ts';
import { dueText, parseDueText } from '../../../common/planning-rules.ts';
import type { TTaskImportError, TTaskImportResult } from '../../../common/schemas/planning.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, inTx } from '../../platform/context.ts';
import { cellText, loadExcel, openUploadedWorkbook } from '../../platform/office.ts';
import { fieldError } from '../../platform/errors.ts';
import { requirePermission } from '../../platform/permissions.ts';
import { staffOfOrg } from '../../platform/staff/staff.service.ts';
import { nowIso, todayShanghai } from '../../platform/time.ts';
import { departmentsOf, loadOrg } from './planning.access.ts';
import { planFor } from './plans.service.ts';
import { planOrder, TASK_COLUMNS, type TaskRow, taskBase, toTaskViews } from './task-views.ts';
import type { UploadedFile } from './tasks.service.ts';

/**
 * The plan's task table in Excel (issue 3: "import of a plan's task table from Excel"; "Excel export
 * of the plan with progress"). Columns: 序号, 章节, 工作任务, 分管领导, 责任单位, 配合单位, 完成时限, 预期成果.
 * Import checks every row first and writes nothing unless all rows are good (per-row error report);
 * then all rows go in one transaction. Names are matched against the plan org's roster and departments.
 */
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_ROWS = 1000;
const COLUMNS = Object.keys(TASK_TABLE_COLUMNS) as TaskTableColumn[];

const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();

function columnOf(header: string): TaskTableColumn | null {
  const h = norm(header);
  if (!h) return null;
  if (h.includes('序号') || h === 'no.' || h === 'no') return 'seqNo';
  if (h.includes('章节') || h.includes('类别') || h.includes('section')) return 'section';
  if (h.includes('分管领导') || h.includes('牵头领导') || h.includes('lead')) return 'leadStaff';
  if (h.includes('配合') || h.includes('co-operat') || h.includes('cooperat')) return 'coopDepts';
  if (h.includes('责任单位') || h.includes('牵头单位') || h.includes('责任部门') || h.includes('department')) return 'dept';
  if (h.includes('时限') || h.includes('完成时间') || h.includes('deadline')) return 'due';
  if (h.includes('预期成果') || h.includes('成果') || h.includes('output')) return 'expectedOutput';
  if (h.includes('工作任务') || h.includes('任务') || h.includes('工作内容') || h === 'task') return 'title';
  return null;
}


const splitNames = (s: string) =>
  s
    .split(/[,，、;；/\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

export async function importTasks(ctx: Ctx, planId: string, readUpload: () => Promise<UploadedFile | null>): Promise<TTaskImportResult> {
  const plan = await planFor(ctx, planId, 'planning.manage');
  const upload = await readUpload();
  if (!upload) throw fieldError('file', 'import_file_required');
  const wb = await openUploadedWorkbook(upload.data);
  const lang = ctx.lang;
  const errors: TTaskImportError[] = [];
  const err = (row: number, field: string, key: FieldMessageKey) => errors.push({ row, field, message: FIELD_MESSAGES[key][lang] });
  const fail = (): TTaskImportResult => ({
    ok: false,
    code: 'VALIDATION',
    message: ERROR_MESSAGES.VALIDATION[lang],
    fields: errors.map((e) => ({ field: e.row ? `rows.${e.row}.${e.field}` : e.field, message: e.message })),
    errors,
  });
  const ws = wb.worksheets[0];
  if (!ws) {
    err(0, 'file', 'import_empty');
    return fail();
  }
  const cols = new Map<TaskTableColumn, number>();
  ws.getRow(1).eachCell((cell, n) => {
    const c = columnOf(cellText(cell.value));
    if (c && !cols.has(c)) cols.set(c, n);
  });
  if (!cols.has('title')) {
    err(1, 'title', 'import_task_header_missing');
    return fail();
  }
  const rows: ({ row: number } & Record<TaskTableColumn, string>)[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const get = (c: TaskTableColumn) => (cols.has(c) ? cellText(ws.getRow(r).getCell(cols.get(c) as number).value) : '');
    const v = { row: r, ...(Object.fromEntries(COLUMNS.map((c) => [c, get(c)])) as Record<TaskTableColumn, string>) };
    if (COLUMNS.every((c) => !v[c])) continue;
    rows.push(v);
  }
  if (rows.length === 0) {
    err(2, 'file', 'import_empty');
    return fail();
  }
  if (rows.length > MAX_ROWS) {
    err(rows[MAX_ROWS].row, 'file', 'import_too_many_rows');
    return fail();
  }

  const org = await loadOrg(ctx, plan.org_id);
  const staff = await staffOfOrg(ctx, org, { activeOnly: true });
  const staffByName = new Map<string, string>();
  for (const s of staff) if (!staffByName.has(s.name)) staffByName.set(s.name, s.id);
  const depts = new Map((await departmentsOf(ctx, org)).map((d) => [d.name, d.id]));
  const year = Number(plan.year);
  const planned: {
    row: number;
    section: string;
    seq_no: string;
    title: string;
    lead_staff_id: string | null;
    dept_org_id: string | null;
    coop: string[];
    due_kind: string;
    due_date: string | null;
    due_day: number | null;
    expected_output: string;
  }[] = [];
  for (const v of rows) {
    let ok = true;
    const bad = (field: string, key: FieldMessageKey) => {
      err(v.row, field, key);
      ok = false;
    };
    if (!v.title) bad('title', 'required');
    else if (v.title.length > 500) bad('title', 'text_too_long');
    if (v.section.length > 200) bad('section', 'text_too_long');
    if (v.seqNo.length > 20) bad('seqNo', 'text_too_long');
    if (v.expectedOutput.length > 1000) bad('expectedOutput', 'text_too_long');
    // 分管领导 may carry the post: "李卫东（副乡长）" → the name before the bracket
    const leadName = v.leadStaff.replace(/[（(].*$/, '').trim();
    const lead = leadName ? staffByName.get(leadName) : undefined;
    if (leadName && !lead) bad('leadStaff', 'import_staff_unknown');
    const dept = v.dept ? depts.get(v.dept) : undefined;
    if (v.dept && !dept) bad('dept', 'import_dept_unknown');
    const coop = splitNames(v.coopDepts).map((n) => depts.get(n));
    if (coop.some((c) => !c)) bad('coopDepts', 'import_dept_unknown');
    const due = v.due ? parseDueText(v.due, year) : { dueKind: 'date' as const, dueDate: `${year}-12-31`, dueDay: null };
    if (!due) bad('due', 'import_due_invalid');
    if (ok && due)
      planned.push({
        row: v.row,
        section: v.section,
        seq_no: v.seqNo,
        title: v.title,
        lead_staff_id: lead ?? null,
        dept_org_id: dept ?? null,
        coop: [...new Set(coop as string[])],
        due_kind: due.dueKind,
        due_date: due.dueDate,
        due_day: due.dueDay,
        expected_output: v.expectedOutput,
      });
  }
  if (errors.length) return fail();

  return inTx(ctx, async (tx) => {
    const at = nowIso();
    const sections = await tx.db.selectFrom('planning_sections').select(['id', 'title', 'sort']).where('plan_id', '=', planId).execute();
    const sectionByTitle = new Map(sections.map((s) => [s.title, s.id]));
    let sectionSort = sections.reduce((m, s) => Math.max(m, Number(s.sort)), 0);
    let sectionsCreated = 0;
    const max = await tx.db.selectFrom('planning_tasks').select((eb) => eb.fn.max('sort').as('m')).where('plan_id', '=', planId).executeTakeFirst();
    let sort = Number(max?.m ?? 0);
    const ids: string[] = [];
    for (const p of planned) {
      let sectionId: string | null = null;
      if (p.section) {
        sectionId = sectionByTitle.get(p.section) ?? null;
        if (!sectionId) {
          sectionId = uuidv7();
          await tx.db.insertInto('planning_sections').values({ id: sectionId, plan_id: planId, org_id: plan.org_id, title: p.section, sort: ++sectionSort, created_at: at, updated_at: at }).execute();
          sectionByTitle.set(p.section, sectionId);
          sectionsCreated++;
        }
      }
      const row = {
        id: uuidv7(),
        plan_id: planId,
        org_id: plan.org_id,
        section_id: sectionId,
        sort: ++sort,
        seq_no: p.seq_no,
        title: p.title,
        lead_staff_id: p.lead_staff_id,
        dept_org_id: p.dept_org_id,
        coop_org_ids: JSON.stringify(p.coop),
        due_kind: p.due_kind,
        due_date: p.due_date,
        due_day: p.due_day,
        start_date: null,
        expected_output: p.expected_output,
        parent_task_id: null,
        decision_id: null,
        cancelled: 0,
        cancel_reason: null,
        created_by: ctx.actor?.userId ?? null,
        created_at: at,
        updated_at: at,
      };
      await tx.db.insertInto('planning_tasks').values(row).execute();
      ids.push(row.id);
    }
    await recordAudit(tx, { entity: 'planning_plan', entityId: planId, action: 'planning.plan.import_tasks', orgId: plan.org_id, after: { file: upload.filename, tasks: ids, sectionsCreated } });
    return { ok: true as const, created: ids.length, sectionsCreated };
  });
}

function headerSheet(wb: ExcelJS.Workbook, name: string, extra: { header: string; width: number }[] = []) {
  const ws = wb.addWorksheet(name);
  const widths: Record<TaskTableColumn, number> = { seqNo: 8, section: 22, title: 50, leadStaff: 12, dept: 16, coopDepts: 20, due: 14, expectedOutput: 30 };
  ws.columns = [...COLUMNS.map((c) => ({ header: TASK_TABLE_COLUMNS[c].zh, key: c, width: widths[c] })), ...extra.map((e, i) => ({ header: e.header, key: `x${i}`, width: e.width }))];
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return ws;
}

export async function taskTemplateXlsx(ctx: Ctx): Promise<Buffer> {
  await requirePermission(ctx, 'planning.manage', 'planning_plan');
  const wb = new (await loadExcel()).Workbook();
  wb.creator = '法治 Fazhi';
  const ws = headerSheet(wb, '工作任务');
  ws.addRow(['1', '一、强化组织领导', '召开专题会议研究部署年度法治建设工作', '高建军', '党政办', '司法所', '2023-03-31', '会议纪要']);
  ws.getRow(2).font = { italic: true, color: { argb: 'FF888888' } };
  const help = wb.addWorksheet('填写说明');
  help.getColumn(1).width = 100;
  for (const line of [
    '工作任务表导入说明',
    '1. 第一行为表头，请勿修改；第2行为示例，导入前请删除或改为实际数据。',
    '2. 工作任务：必填。章节：同名章节归为一组，系统中没有的章节会自动新建。',
    '3. 分管领导：填写工作人员名册中的姓名（可带括号注明职务）。责任单位、配合单位：填写本乡镇站办所名称，多个配合单位用顿号或逗号分隔。',
    `4. 完成时限：日期（如 2023-06-30、2023年6月30日、6月底），或“每月”“每月25日”“每季度”“每季度末”，或“长期坚持”“全年”（即当年12月31日）。不填视为全年。（${Object.values(DUE_KIND_LABELS)
      .map((l) => l.zh)
      .join('、')}）`,
    '5. 任何一行有误时整表不导入，系统会列出每一行的问题，修改后重新上传即可。',
  ])
    help.addRow([line]);
  help.getRow(1).font = { bold: true, size: 14 };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The plan with each task's state and latest progress (an export: audited). */
export async function exportPlanXlsx(ctx: Ctx, planId: string): Promise<{ filename: string; buffer: Buffer }> {
  const plan = await planFor(ctx, planId, 'planning.read');
  const rows = (await taskBase(ctx).select(TASK_COLUMNS).where('t.plan_id', '=', planId).execute()) as TaskRow[];
  const tasks = await toTaskViews(ctx, planOrder(rows), todayShanghai());
  const latest = new Map<string, string>();
  if (tasks.length) {
    const texts = await ctx.db
      .selectFrom('planning_progress')
      .select(['task_id', 'text', 'created_at'])
      .where(
        'task_id',
        'in',
        tasks.map((t) => t.id),
      )
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    for (const p of texts) latest.set(p.task_id, p.text);
  }
  const wb = new (await loadExcel()).Workbook();
  wb.creator = '法治 Fazhi';
  const ws = headerSheet(wb, '工作要点', [
    { header: '状态', width: 10 },
    { header: '进度(%)', width: 10 },
    { header: '按时完成', width: 10 },
    { header: '最近进展', width: 50 },
    { header: '最近报送日期', width: 14 },
  ]);
  for (const t of tasks) {
    ws.addRow([
      t.seqNo,
      t.sectionTitle ?? '',
      t.title,
      t.leadStaffName ?? '',
      t.deptName ?? '',
      t.coopNames.join('、'),
      dueText(t),
      t.expectedOutput,
      TASK_STATE_LABELS[t.state].zh,
      t.percent,
      t.onTime === null ? '' : t.onTime ? '是' : '否',
      latest.get(t.id) ?? '',
      t.lastProgressOn ?? '',
    ]);
  }
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  await recordAudit(ctx, { entity: 'planning_plan', entityId: planId, action: 'planning.plan.export', orgId: plan.org_id, after: { tasks: tasks.length } });
  return { filename: `${plan.title}（进展）.xlsx`, buffer };
}
