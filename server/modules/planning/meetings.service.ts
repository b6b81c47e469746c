import { uuidv7 } from '../../../common/ids.ts';
import type { MeetingKind } from '../../../common/planning-enums.ts';
import type { TAttachment, TDecisionCreate, TMeetingCreate, TMeetingDetail, TMeetingQuery, TMeetingUpdate, TMeetingView } from '../../../common/schemas/planning.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, inTx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { listAttachments, saveAttachment } from '../../platform/files/files.service.ts';
import type { OrgRow } from '../../platform/permissions.ts';
import { staffByIds } from '../../platform/staff/staff.service.ts';
import { nowIso } from '../../platform/time.ts';
import { access, checkStaff, inAccess, parseIds, requirePlanningOrg, requireRecordInScope } from './planning.access.ts';
import { taskIdsByDecision, type UploadedFile } from './tasks.service.ts';

/**
 * Meetings (source report: "召开专题会议研究部署推进法治建设工作 … 定期召开会议听取法治建设工作汇报"): 专题会议,
 * 领导小组会议, 党委会议 (with its 学法 item) and 常务会议, with host, attendees, agenda, minutes,
 * attachments and decisions. A decision becomes tasks through POST /tasks with its decisionId.
 */
interface MeetingRow {
  id: string;
  org_id: string;
  org_name: string;
  kind: string;
  group_id: string | null;
  group_name: string | null;
  title: string;
  held_on: string;
  place: string;
  host_staff_id: string | null;
  attendee_ids: string;
  agenda: string;
  minutes: string;
  law_study: string;
}

function meetingBase(ctx: Ctx) {
  return ctx.db
    .selectFrom('planning_meetings as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .leftJoin('planning_groups as g', 'g.id', 'm.group_id')
    .select(['m.id', 'm.org_id', 'o.name as org_name', 'm.kind', 'm.group_id', 'g.name as group_name', 'm.title', 'm.held_on', 'm.place', 'm.host_staff_id', 'm.attendee_ids', 'm.agenda', 'm.minutes', 'm.law_study']);
}

async function views(ctx: Ctx, rows: MeetingRow[]): Promise<TMeetingView[]> {
  if (rows.length === 0) return [];
  const staff = await staffByIds(
    ctx,
    rows.map((r) => r.host_staff_id).filter((x): x is string => !!x),
  );
  const counts = await ctx.db
    .selectFrom('planning_decisions')
    .select((eb) => ['meeting_id', eb.fn.countAll<number>().as('n')])
    .where(
      'meeting_id',
      'in',
      rows.map((r) => r.id),
    )
    .groupBy('meeting_id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    kind: r.kind as MeetingKind,
    groupId: r.group_id,
    groupName: r.group_name,
    title: r.title,
    heldOn: r.held_on,
    place: r.place,
    hostStaffId: r.host_staff_id,
    hostName: r.host_staff_id ? (staff.get(r.host_staff_id)?.name ?? null) : null,
    attendeeCount: parseIds(r.attendee_ids).length,
    lawStudy: r.law_study,
    decisionCount: Number(counts.find((c) => c.meeting_id === r.id)?.n ?? 0),
  }));
}

export async function listMeetings(ctx: Ctx, q: TMeetingQuery): Promise<{ items: TMeetingView[]; total: number }> {
  const a = await access(ctx, 'planning.read', q.orgId);
  let base = ctx.db
    .selectFrom('planning_meetings as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .leftJoin('planning_groups as g', 'g.id', 'm.group_id')
    .where((eb) => inAccess(eb, a, 'm.org_id'));
  if (q.year) base = base.where('m.held_on', '>=', `${q.year}-01-01`).where('m.held_on', '<=', `${q.year}-12-31`);
  if (q.kind) base = base.where('m.kind', '=', q.kind);
  if (q.groupId) base = base.where('m.group_id', '=', q.groupId);
  if (q.hostStaffId) base = base.where('m.host_staff_id', '=', q.hostStaffId);
  if (q.lawStudy !== undefined) base = base.where('m.law_study', q.lawStudy ? '!=' : '=', '');
  if (q.orgOnly && q.orgId) base = base.where('m.org_id', '=', q.orgId);
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select(['m.id', 'm.org_id', 'o.name as org_name', 'm.kind', 'm.group_id', 'g.name as group_name', 'm.title', 'm.held_on', 'm.place', 'm.host_staff_id', 'm.attendee_ids', 'm.agenda', 'm.minutes', 'm.law_study'])
    .orderBy('m.held_on', 'desc')
    .orderBy('m.id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { items: await views(ctx, rows), total: Number(total.n) };
}

async function loadMeeting(ctx: Ctx, id: string, perm: 'planning.read' | 'planning.manage'): Promise<MeetingRow & { org: OrgRow }> {
  const row = await meetingBase(ctx).where('m.id', '=', id).executeTakeFirst();
  const org = await requireRecordInScope(ctx, perm, 'planning_meeting', id, row?.org_id);
  return { ...(row as MeetingRow), org };
}

async function detail(ctx: Ctx, id: string): Promise<TMeetingDetail> {
  const row = await meetingBase(ctx).where('m.id', '=', id).executeTakeFirstOrThrow();
  const [v] = await views(ctx, [row]);
  const attendeeIds = parseIds(row.attendee_ids);
  const staff = await staffByIds(ctx, attendeeIds);
  const decisions = await ctx.db.selectFrom('planning_decisions').selectAll().where('meeting_id', '=', id).orderBy('sort').orderBy('id').execute();
  const tasks = await taskIdsByDecision(
    ctx,
    decisions.map((d) => d.id),
  );
  const attachments = (await listAttachments(ctx, 'planning_meeting', [id])).map(({ entityId: _e, ...f }) => f);
  return {
    ...v,
    agenda: row.agenda,
    minutes: row.minutes,
    attendees: attendeeIds.map((sid) => ({ staffId: sid, name: staff.get(sid)?.name ?? '', post: staff.get(sid)?.post ?? '' })),
    decisions: decisions.map((d) => ({ id: d.id, meetingId: d.meeting_id, sort: Number(d.sort), content: d.content, taskIds: tasks.get(d.id) ?? [] })),
    attachments,
  };
}

export async function getMeeting(ctx: Ctx, id: string): Promise<TMeetingDetail> {
  await loadMeeting(ctx, id, 'planning.read');
  return detail(ctx, id);
}

async function checkGroup(ctx: Ctx, orgId: string, groupId: string | null | undefined): Promise<void> {
  if (!groupId) return;
  const g = await ctx.db.selectFrom('planning_groups').select('org_id').where('id', '=', groupId).executeTakeFirst();
  if (!g) throw new AppError('VALIDATION', [{ field: 'groupId', key: 'not_found' }]);
  if (g.org_id !== orgId) throw new AppError('VALIDATION', [{ field: 'groupId', key: 'not_same_org' }]);
}

export async function createMeeting(ctx: Ctx, input: TMeetingCreate): Promise<TMeetingDetail> {
  const a = await access(ctx, 'planning.manage', input.orgId);
  const org = a.filterOrg as OrgRow;
  requirePlanningOrg(org);
  await checkGroup(ctx, org.id, input.groupId);
  await checkStaff(ctx, org, [input.hostStaffId], 'hostStaffId');
  const attendees = [...new Set(input.attendeeStaffIds ?? [])];
  await checkStaff(ctx, org, attendees, 'attendeeStaffIds');
  return inTx(ctx, async (tx) => {
    const at = nowIso();
    const row = {
      id: uuidv7(),
      org_id: org.id,
      kind: input.kind,
      group_id: input.groupId ?? null,
      title: input.title,
      held_on: input.heldOn,
      place: input.place ?? '',
      host_staff_id: input.hostStaffId ?? null,
      attendee_ids: JSON.stringify(attendees),
      agenda: input.agenda ?? '',
      minutes: input.minutes ?? '',
      law_study: input.lawStudy ?? '',
      created_by: ctx.actor?.userId ?? null,
      created_at: at,
      updated_at: at,
    };
    await tx.db.insertInto('planning_meetings').values(row).execute();
    const decisions = (input.decisions ?? []).map((content, i) => ({ id: uuidv7(), meeting_id: row.id, org_id: org.id, sort: i + 1, content, created_at: at }));
    if (decisions.length) await tx.db.insertInto('planning_decisions').values(decisions).execute();
    await recordAudit(tx, { entity: 'planning_meeting', entityId: row.id, action: 'planning.meeting.create', orgId: org.id, after: { ...row, decisions } });
    return detail(tx, row.id);
  });
}

export async function updateMeeting(ctx: Ctx, id: string, input: TMeetingUpdate): Promise<TMeetingDetail> {
  const before = await loadMeeting(ctx, id, 'planning.manage');
  await checkGroup(ctx, before.org_id, input.groupId);
  await checkStaff(ctx, before.org, [input.hostStaffId], 'hostStaffId');
  const attendees = input.attendeeStaffIds ? [...new Set(input.attendeeStaffIds)] : undefined;
  if (attendees) await checkStaff(ctx, before.org, attendees, 'attendeeStaffIds');
  return inTx(ctx, async (tx) => {
    const set = {
      ...(input.kind !== undefined ? { kind: input.kind } : {}),
      ...(input.groupId !== undefined ? { group_id: input.groupId } : {}),
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.heldOn !== undefined ? { held_on: input.heldOn } : {}),
      ...(input.place !== undefined ? { place: input.place } : {}),
      ...(input.hostStaffId !== undefined ? { host_staff_id: input.hostStaffId } : {}),
      ...(attendees ? { attendee_ids: JSON.stringify(attendees) } : {}),
      ...(input.agenda !== undefined ? { agenda: input.agenda } : {}),
      ...(input.minutes !== undefined ? { minutes: input.minutes } : {}),
      ...(input.lawStudy !== undefined ? { law_study: input.lawStudy } : {}),
      updated_at: nowIso(),
    };
    await tx.db.updateTable('planning_meetings').set(set).where('id', '=', id).execute();
    const { org: _o, org_name: _n, group_name: _g, ...auditBefore } = before;
    await recordAudit(tx, { entity: 'planning_meeting', entityId: id, action: 'planning.meeting.update', orgId: before.org_id, before: auditBefore, after: set });
    return detail(tx, id);
  });
}

export async function addDecision(ctx: Ctx, meetingId: string, input: TDecisionCreate): Promise<TMeetingDetail> {
  const m = await loadMeeting(ctx, meetingId, 'planning.manage');
  return inTx(ctx, async (tx) => {
    const max = await tx.db.selectFrom('planning_decisions').select((eb) => eb.fn.max('sort').as('s')).where('meeting_id', '=', meetingId).executeTakeFirst();
    const row = { id: uuidv7(), meeting_id: meetingId, org_id: m.org_id, sort: Number(max?.s ?? 0) + 1, content: input.content, created_at: nowIso() };
    await tx.db.insertInto('planning_decisions').values(row).execute();
    await recordAudit(tx, { entity: 'planning_decision', entityId: row.id, action: 'planning.decision.create', orgId: m.org_id, after: row });
    return detail(tx, meetingId);
  });
}

export async function addMeetingAttachment(ctx: Ctx, meetingId: string, read: () => Promise<UploadedFile | null>): Promise<TAttachment> {
  const m = await loadMeeting(ctx, meetingId, 'planning.manage');
  const file = await read();
  if (!file) throw new AppError('VALIDATION', [{ field: 'file', key: 'required' }]);
  return inTx(ctx, (tx) => saveAttachment(tx, { entity: 'planning_meeting', entityId: meetingId, orgId: m.org_id }, file.filename, file.data));
}
