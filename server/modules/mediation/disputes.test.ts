import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCardCheckChar } from '../../../common/identity.ts';
import { verifyAuditChain } from '../../platform/audit.ts';
import { createTestEnv, type TestEnv } from '../../testing/harness.ts';

let env: TestEnv;
const D = '/api/v1/mediation/disputes';

function idCard(first17: string): string {
  return first17 + idCardCheckChar(first17);
}
const ZHANG_ID = idCard('61042619800102123');
const ZHANG_PHONE = '13912345678';
const LI_ID = idCard('61042619751230456');


async function upload(user: string, url: string, filename: string, data: Buffer, mime = 'application/pdf') {
  const boundary = `----fazhi${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${mime}\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return env.app.inject({ method: 'POST', url, payload, headers: { cookie: await env.login(user), 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

const ids = {
  township: '',
  village: '',
  village4: '',
  neighbour: '',
  wang: '', // township committee chair
  zhangGuilan: '', // village committee mediator, the user nzs_mediator
  liXiuying: '',
  nbMediator: '',
};

function newDispute(over: Record<string, unknown> = {}) {
  return {
    committeeId: ids.township,
    title: '张三与李四宅基地纠纷',
    source: 'party_application',
    type: 'homestead',
    summary: '张三与李四因翻建房屋占用宅基地界址发生争议，双方多次争吵。',
    villageId: env.ids.nzsVillages[2],
    amount: 12345.67,
    peopleCount: 2,
    riskLevel: 'medium',
    receivedOn: '2024-08-20',
    parties: [
      { kind: 'person', role: 'applicant', person: { name: '张三', gender: '男', idCard: ZHANG_ID, phone: ZHANG_PHONE, address: '娘子神乡西沟村三组' } },
      { kind: 'person', role: 'respondent', person: { name: '李四', gender: '男', idCard: LI_ID } },
    ],
    assignments: [{ mediatorId: ids.wang, role: 'lead' }],
    ...over,
  };
}

const WRITTEN = {
  form: 'written',
  facts: '李四翻建房屋时将东侧山墙向张三宅基地一侧移出约0.4米。',
  issues: '双方就东侧山墙占地及赔偿存在争议。',
  responsibilities: '李四对越界建房负主要责任。',
  terms: '一、李四于2024年9月30日前拆除越界部分山墙。\n二、李四一次性补偿张三人民币伍仟元整（5000元）。',
  performanceMethod: '现场拆除；补偿款银行转账',
  performanceDeadline: '2024-09-30',
  effectiveOn: '2024-09-03',
};

beforeAll(async () => {
  env = await createTestEnv();
  const committee = async (user: string, orgId: string, casePrefix?: string) => (await env.ok(user, 'POST', '/api/v1/mediation/committees', { orgId, casePrefix })).id as string;
  ids.township = await committee('nzs_sfs', env.ids.nzs, '娘调');
  ids.village = await committee('nzs_sfs', env.ids.nzsVillages[0]);
  ids.village4 = await committee('nzs_sfs', env.ids.nzsVillages[3], '石调');
  ids.neighbour = await committee('nb_sfs', env.ids.nb, '白调');
  const mediator = async (user: string, committeeId: string, name: string, gender: string, userId?: string) =>
    (await env.ok(user, 'POST', '/api/v1/mediation/mediators', { committeeId, title: 'mediator', person: { name, gender }, userId })).id as string;
  ids.wang = await mediator('nzs_sfs', ids.township, '王建国', '男');
  ids.zhangGuilan = await mediator('nzs_sfs', ids.village, '张桂兰', '女', env.ids.users.nzs_mediator);
  ids.liXiuying = await mediator('nzs_sfs', ids.village, '李秀英', '女');
  ids.nbMediator = await mediator('nb_sfs', ids.neighbour, '孙德明', '男');
});
afterAll(async () => env?.close());

describe('dispute intake → agreement → follow-up → close (人民调解法 art. 17–33)', () => {
  let id = '';
  let sessionId = '';
  let fileId = '';

  it('registers a case with the committee-year case number; identifiers encrypted and masked', async () => {
    const d = await env.ok('nzs_sfs', 'POST', D, newDispute());
    id = d.id;
    expect(d).toMatchObject({ caseNo: '娘调〔2024〕1号', caseYear: 2024, caseSeq: 1, status: 'registered', amountFen: 1_234_567, amount: 12345.67, riskLevel: 'medium' });
    expect(d.villageName).toBe('西沟村');
    expect(d.parties.map((p: { name: string }) => p.name)).toEqual(['张三', '李四']);
    expect(d.parties[0].person.idCardMasked).toBe(`${ZHANG_ID.slice(0, 6)}********${ZHANG_ID.slice(-4)}`);
    expect(d.parties[0].person.phoneMasked).toBe('139****5678');
    const raw = JSON.stringify(d);
    expect(raw).not.toContain(ZHANG_ID);
    expect(raw).not.toContain(ZHANG_PHONE);
    expect(d.mediators).toEqual([expect.objectContaining({ name: '王建国', role: 'lead' })]);
    expect(d.timeline[0]).toMatchObject({ kind: 'registered' });
    // Nothing recorded yet: the 司法所 may work the case but not close it as settled nor export an agreement.
    expect(d.actions).toEqual(expect.arrayContaining(['edit', 'assign', 'add_session', 'record_agreement', 'refer', 'close', 'upload_attachment']));
    expect(d.actions).not.toContain('export_agreement');
    expect(d.actions).not.toContain('schedule_follow_up');
  });

  it('rejects bad intake: a wrong ID check digit, a future date, a village of the neighbouring township, an invalid credit code', async () => {
    const badId = newDispute({ parties: [{ kind: 'person', role: 'applicant', person: { name: '甲', idCard: `${ZHANG_ID.slice(0, 17)}${ZHANG_ID[17] === '0' ? '1' : '0'}` } }, newDispute().parties[1]] });
    const r1 = await env.as('nzs_sfs', 'POST', D, badId);
    expect(r1.statusCode).toBe(400);
    expect(r1.json().fields[0].field).toBe('parties.0.person.idCard');
    const r2 = await env.as('nzs_sfs', 'POST', D, newDispute({ receivedOn: '2099-01-01' }));
    expect(r2.statusCode).toBe(400);
    expect(r2.json().fields[0].field).toBe('receivedOn');
    const r3 = await env.as('nzs_sfs', 'POST', D, newDispute({ villageId: env.ids.nbVillages[0] }));
    expect(r3.statusCode).toBe(400);
    expect(r3.json().fields[0].field).toBe('villageId');
    const r4 = await env.as('nzs_sfs', 'POST', D, newDispute({ parties: [newDispute().parties[0], { kind: 'organisation', role: 'respondent', name: '鑫源建筑劳务有限公司', creditCode: '91350100M000100Y44' }] }));
    expect(r4.statusCode).toBe(400);
    expect(r4.json().fields[0].field).toBe('parties.1.creditCode');
    const r5 = await env.as('nzs_sfs', 'POST', D, newDispute({ amount: 1.005 }));
    expect(r5.statusCode).toBe(400);
    expect(r5.json().fields[0].field).toBe('amount');
  });

  it('the first session begins mediation (registered → mediating) and a file joins the case record', async () => {
    const s = await env.ok('nzs_sfs', 'POST', `${D}/${id}/sessions`, { heldOn: '2024-08-25', place: '乡司法所调解室', notes: '听取双方陈述，现场查看山墙位置。' });
    sessionId = s.id;
    const up = await upload('nzs_sfs', `${D}/${id}/sessions/${sessionId}/attachments`, 'record.pdf', Buffer.from('%PDF-1.4\n调解笔录\n%%EOF'));
    expect(up.statusCode).toBe(200);
    fileId = up.json().id;
    const bad = await upload('nzs_sfs', `${D}/${id}/attachments`, 'evil.pdf', Buffer.from('MZ not a pdf'));
    expect(bad.statusCode).toBe(415);
    const d = await env.ok('nzs_sfs', 'GET', `${D}/${id}`);
    expect(d.status).toBe('mediating');
    expect(d.sessions[0].attachments[0]).toMatchObject({ id: fileId, name: 'record.pdf' });
    expect(d.timeline.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['registered', 'assigned', 'started', 'session']));
    const dl = await env.as('nzs_sfs', 'GET', `/api/v1/mediation/files/${fileId}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.body).toContain('调解笔录');
  });

  it('a written agreement needs the art. 29 contents: a missing field is named', async () => {
    const res = await env.as('nzs_sfs', 'PUT', `${D}/${id}/agreement`, { ...WRITTEN, responsibilities: '' });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields.map((f: { field: string }) => f.field)).toEqual(['responsibilities']);
  });

  it('records the written agreement; the judicial-confirmation deadline crosses National Day (2024-09-03 → 2024-10-08)', async () => {
    const d = await env.ok('nzs_sfs', 'PUT', `${D}/${id}/agreement`, WRITTEN);
    // 30 days from 2024-09-03 is 2024-10-03, inside the 10-01…10-07 holiday: the period ends on the next working day (民法典 art. 203).
    expect(d.agreement).toMatchObject({ form: 'written', effectiveOn: '2024-09-03', confirmationDeadline: '2024-10-08', confirmationState: 'overdue' });
    expect(d.actions).toEqual(expect.arrayContaining(['export_agreement', 'judicial_confirmation', 'schedule_follow_up', 'withdraw_agreement']));
  });

  it('generates the 人民调解协议书 DOCX with the real identities, the terms and the case number; audited as an export', async () => {
    const res = await env.as('nzs_sfs', 'GET', `${D}/${id}/agreement.docx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    const zip = await JSZip.loadAsync(res.rawPayload);
    const xml = await zip.file('word/document.xml')!.async('string');
    for (const s of ['人民调解协议书', '娘调〔2024〕1号', '张三', '李四', ZHANG_ID, '李四于2024年9月30日前拆除越界部分山墙', '李四一次性补偿张三人民币伍仟元整', '本协议书一式3份', '2024年9月3日', '娘子神乡人民调解委员会']) {
      expect(xml).toContain(s);
    }
    expect(xml).toContain('w:eastAsia="仿宋_GB2312"');
    expect(xml).toMatch(/<w:pgMar w:top="2098"[^>]*w:left="1587"/);
    const fonts = await zip.file('word/fontTable.xml')!.async('string');
    expect(fonts).toContain('<w:altName w:val="仿宋"/>');
    const ev = await env.deps.database.db.selectFrom('audit_events').selectAll().where('entity_id', '=', id).where('action', '=', 'dispute.agreement.export').execute();
    expect(ev).toHaveLength(1);
    expect(ev[0].actor_name).toBe('nzs_sfs');
    // The read-only user and the mediator hold no mediation.export.
    expect((await env.as('nzs_readonly', 'GET', `${D}/${id}/agreement.docx`)).statusCode).toBe(403);
    expect((await env.as('nzs_mediator', 'GET', `${D}/${id}/agreement.docx`)).statusCode).toBe(403);
  });

  it('records the application for judicial confirmation: on the last day is in time, a day later is late', async () => {
    let d = await env.ok('nzs_sfs', 'PUT', `${D}/${id}/judicial-confirmation`, { appliedOn: '2024-10-08', court: '示范县人民法院娘子神人民法庭' });
    expect(d.judicialConfirmation).toMatchObject({ appliedOn: '2024-10-08', result: 'pending', late: false });
    expect(d.agreement.confirmationState).toBe('done');
    d = await env.ok('nzs_sfs', 'PUT', `${D}/${id}/judicial-confirmation`, { appliedOn: '2024-10-09', court: '示范县人民法院娘子神人民法庭' });
    expect(d.judicialConfirmation.late).toBe(true);
    const noDate = await env.as('nzs_sfs', 'PUT', `${D}/${id}/judicial-confirmation`, { appliedOn: '2024-09-20', court: '示范县人民法院娘子神人民法庭', result: 'confirmed' });
    expect(noDate.statusCode).toBe(400);
    expect(noDate.json().fields[0].field).toBe('decidedOn');
    d = await env.ok('nzs_sfs', 'PUT', `${D}/${id}/judicial-confirmation`, { appliedOn: '2024-09-20', court: '示范县人民法院娘子神人民法庭', result: 'confirmed', decidedOn: '2024-09-27' });
    expect(d.judicialConfirmation).toMatchObject({ result: 'confirmed', late: false });
    // With the court's decision on record the agreement is fixed.
    expect(d.actions).not.toContain('record_agreement');
    expect((await env.as('nzs_sfs', 'PUT', `${D}/${id}/agreement`, WRITTEN)).statusCode).toBe(409);
    expect((await env.as('nzs_sfs', 'DELETE', `${D}/${id}/agreement`)).statusCode).toBe(409);
  });

  it('schedules the follow-up visit from the performance deadline, flags it overdue, then records it', async () => {
    const f = await env.ok('nzs_sfs', 'POST', `${D}/${id}/follow-ups`, {});
    // 30 days after the 2024-09-30 performance deadline.
    expect(f.dueOn).toBe('2024-10-30');
    let list = await env.ok('nzs_sfs', 'GET', `${D}?followUp=overdue`);
    expect(list.items.map((x: { id: string }) => x.id)).toContain(id);
    expect(list.items.find((x: { id: string }) => x.id === id).nextFollowUp).toEqual({ dueOn: '2024-10-30', state: 'overdue' });
    const d = await env.ok('nzs_sfs', 'PATCH', `${D}/${id}/follow-ups/${f.id}`, { doneOn: '2024-10-28', method: '上门回访', performance: 'performed', notes: '已拆除越界山墙，补偿款已付清' });
    expect(d.followUps[0]).toMatchObject({ doneOn: '2024-10-28', performance: 'performed', state: 'done' });
    list = await env.ok('nzs_sfs', 'GET', `${D}?followUp=overdue`);
    expect(list.items.map((x: { id: string }) => x.id)).not.toContain(id);
    expect((await env.as('nzs_sfs', 'PATCH', `${D}/${id}/follow-ups/${f.id}`, { doneOn: '2024-10-29', method: '电话回访', performance: 'performed' })).statusCode).toBe(409);
  });

  it('closes as settled; a closed case takes no new session and no edit (409)', async () => {
    const before = await env.ok('nzs_sfs', 'GET', `${D}/${id}`);
    const d = await env.ok('nzs_sfs', 'POST', `${D}/${id}/close`, { outcome: 'success', closedOn: '2024-09-03', version: before.version });
    expect(d).toMatchObject({ status: 'closed', outcome: 'success', closedOn: '2024-09-03' });
    expect(d.followUps).toHaveLength(1); // the visit already on record: no second one
    expect(d.timeline.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['agreement', 'confirmation', 'follow_up_scheduled', 'follow_up_done', 'closed', 'exported']));
    expect(d.actions).not.toContain('add_session');
    expect(d.actions).not.toContain('close');
    const s = await env.as('nzs_sfs', 'POST', `${D}/${id}/sessions`, { heldOn: '2024-10-01', notes: '再次调解' });
    expect(s.statusCode).toBe(409);
    expect(s.json().fields[0].field).toBe('status');
    expect((await env.as('nzs_sfs', 'PATCH', `${D}/${id}`, { version: d.version, title: '改标题' })).statusCode).toBe(409);
    expect((await env.as('nzs_sfs', 'POST', `${D}/${id}/close`, { outcome: 'success', closedOn: '2024-09-04' })).statusCode).toBe(409);
  });

  it('every write left an audit event on the case, and the chain verifies', async () => {
    const actions = (await env.deps.database.db.selectFrom('audit_events').select('action').where('entity', '=', 'dispute').where('entity_id', '=', id).execute()).map((e) => e.action);
    for (const a of [
      'dispute.create',
      'dispute.start',
      'dispute.session.add',
      'dispute.attachment.add',
      'dispute.agreement.record',
      'dispute.agreement.export',
      'dispute.confirmation.record',
      'dispute.follow_up.schedule',
      'dispute.follow_up.record',
      'dispute.close',
    ]) {
      expect(actions).toContain(a);
    }
    // one event per transition
    expect(actions.filter((a) => a === 'dispute.start')).toHaveLength(1);
    expect(actions.filter((a) => a === 'dispute.close')).toHaveLength(1);
    const upload = await env.deps.database.db.selectFrom('audit_events').select('action').where('entity', '=', 'file').where('entity_id', '=', fileId).orderBy('seq').execute();
    expect(upload.map((e) => e.action)).toEqual(['file.upload', 'file.download']);
    expect((await verifyAuditChain(env.deps.database.db)).ok).toBe(true);
  });

  it('the neighbouring township gets 403 on detail, edit, DOCX and file, never sees the case in its list; the county does', async () => {
    for (const [method, url, body] of [
      ['GET', `${D}/${id}`],
      ['PATCH', `${D}/${id}`, { version: 1, title: '越权修改' }],
      ['GET', `${D}/${id}/agreement.docx`],
      ['GET', `/api/v1/mediation/files/${fileId}`],
      ['POST', `${D}/${id}/sessions`, { heldOn: '2024-10-01', notes: '越权' }],
    ] as const) {
      const res = await env.as('nb_sfs', method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
    const denied = await env.deps.database.db.selectFrom('audit_events').selectAll().where('entity_id', 'in', [id, fileId]).where('result', '=', 'denied').where('actor_name', '=', 'nb_sfs').execute();
    expect(denied.length).toBeGreaterThanOrEqual(4);
    const nbList = await env.ok('nb_sfs', 'GET', `${D}?pageSize=200`);
    expect(nbList.items.map((x: { id: string }) => x.id)).not.toContain(id);
    expect((await env.as('nb_sfs', 'GET', `${D}?orgId=${env.ids.nzs}`)).statusCode).toBe(403);
    const county = await env.ok('county', 'GET', `${D}?orgId=${env.ids.nzs}&pageSize=200`);
    expect(county.items.map((x: { id: string }) => x.id)).toContain(id);
    const cd = await env.ok('county', 'GET', `${D}/${id}`);
    // The county supervises: it reads and exports, it does not work the case.
    expect(cd.actions).toEqual(['export_agreement']);
  });
});

describe('other outcomes', () => {
  it('an oral agreement is recorded by the mediator (art. 28, 30); settling schedules the follow-up; no DOCX for it', async () => {
    // The mediator registers a case in the committee she sits on.
    const d0 = await env.ok('nzs_mediator', 'POST', D, newDispute({ committeeId: ids.village, villageId: undefined, assignments: [{ mediatorId: ids.zhangGuilan, role: 'lead' }], receivedOn: '2025-04-28', title: '王五与赵六邻里纠纷', type: 'neighbour', amount: 0 }));
    expect(d0.caseNo).toBe('娘子神村调〔2025〕1号');
    expect(d0.villageName).toBe('娘子神村');
    const d1 = await env.ok('nzs_mediator', 'PUT', `${D}/${d0.id}/agreement`, { form: 'oral', terms: '赵六当面赔礼道歉，清理堆放在通道上的柴草。', effectiveOn: '2025-04-29' });
    expect(d1.agreement).toMatchObject({ form: 'oral', effectiveOn: '2025-04-29' });
    expect(d1.status).toBe('mediating');
    // 2025-04-29 + 30 = 2025-05-29, a Thursday: no move.
    expect(d1.agreement.confirmationDeadline).toBe('2025-05-29');
    const d2 = await env.ok('nzs_mediator', 'POST', `${D}/${d0.id}/close`, { outcome: 'success', closedOn: '2025-04-29' });
    expect(d2.status).toBe('closed');
    expect(d2.followUps).toHaveLength(1);
    expect(d2.followUps[0].dueOn).toBe('2025-05-29');
    expect((await env.as('nzs_sfs', 'GET', `${D}/${d0.id}/agreement.docx`)).statusCode).toBe(409);
  });

  it('failure needs a reason (400 naming it); success needs an agreement (409); after failure the case may be referred', async () => {
    const d = await env.ok('nzs_sfs', 'POST', D, newDispute({ receivedOn: '2024-11-02', title: '孙七与周八合同纠纷', type: 'contract' }));
    const noReason = await env.as('nzs_sfs', 'POST', `${D}/${d.id}/close`, { outcome: 'failure', closedOn: '2024-11-20' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().fields[0].field).toBe('reason');
    const noAgreement = await env.as('nzs_sfs', 'POST', `${D}/${d.id}/close`, { outcome: 'success', closedOn: '2024-11-20' });
    expect(noAgreement.statusCode).toBe(409);
    expect(noAgreement.json().fields[0].field).toBe('outcome');
    const early = await env.as('nzs_sfs', 'POST', `${D}/${d.id}/close`, { outcome: 'failure', reason: '双方分歧较大', closedOn: '2024-11-01' });
    expect(early.statusCode).toBe(400);
    expect(early.json().fields[0].field).toBe('closedOn');
    const closed = await env.ok('nzs_sfs', 'POST', `${D}/${d.id}/close`, { outcome: 'failure', reason: '双方分歧较大，经三次调解未能达成协议', closedOn: '2024-11-20' });
    expect(closed).toMatchObject({ status: 'closed', outcome: 'failure', outcomeReason: '双方分歧较大，经三次调解未能达成协议' });
    expect(closed.followUps).toHaveLength(0);
    const referred = await env.ok('nzs_sfs', 'POST', `${D}/${d.id}/referrals`, { target: 'litigation', referredOn: '2024-11-20', receiver: '示范县人民法院', notes: '告知当事人可依法向人民法院起诉' });
    expect(referred.referrals[0]).toMatchObject({ target: 'litigation', receiver: '示范县人民法院' });
  });

  it('a referral to the police may end the case as 终止调解 with the reason; an agreement on record forbids it', async () => {
    const d = await env.ok('nzs_sfs', 'POST', D, newDispute({ receivedOn: '2025-03-01', riskLevel: 'high', title: '钱九与吴十损害赔偿纠纷', type: 'damages' }));
    const noReason = await env.as('nzs_sfs', 'POST', `${D}/${d.id}/referrals`, { target: 'police', referredOn: '2025-03-02', receiver: '示范县公安局娘子神派出所', closeCase: true });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().fields[0].field).toBe('reason');
    const r = await env.ok('nzs_sfs', 'POST', `${D}/${d.id}/referrals`, { target: 'police', referredOn: '2025-03-02', receiver: '示范县公安局娘子神派出所', closeCase: true, reason: '纠纷有激化为治安案件的可能（人民调解法第二十五条）' });
    expect(r).toMatchObject({ status: 'closed', outcome: 'terminated', closedOn: '2025-03-02' });

    const e = await env.ok('nzs_sfs', 'POST', D, newDispute({ receivedOn: '2025-03-05' }));
    await env.ok('nzs_sfs', 'PUT', `${D}/${e.id}/agreement`, { ...WRITTEN, effectiveOn: '2025-03-06', performanceDeadline: '2025-03-31' });
    const contradict = await env.as('nzs_sfs', 'POST', `${D}/${e.id}/close`, { outcome: 'terminated', reason: '申请人撤回', closedOn: '2025-03-07' });
    expect(contradict.statusCode).toBe(409);
    // Withdrawn (never signed): now it may end.
    const w = await env.ok('nzs_sfs', 'DELETE', `${D}/${e.id}/agreement`);
    expect(w.agreement).toBeNull();
    expect((await env.as('nzs_sfs', 'POST', `${D}/${e.id}/close`, { outcome: 'terminated', reason: '申请人撤回调解申请', closedOn: '2025-03-07' })).statusCode).toBe(200);
  });

  it('a stale version answers 409 CONFLICT; the current one saves and moves the version on', async () => {
    const d = await env.ok('nzs_sfs', 'POST', D, newDispute({ receivedOn: '2025-06-01' }));
    const a = await env.ok('nzs_sfs', 'PATCH', `${D}/${d.id}`, { version: d.version, amount: 800, riskLevel: 'low' });
    expect(a).toMatchObject({ version: d.version + 1, amountFen: 80_000, riskLevel: 'low' });
    const stale = await env.as('nzs_sfs', 'PATCH', `${D}/${d.id}`, { version: d.version, title: '并发修改' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('CONFLICT');
    const year = await env.as('nzs_sfs', 'PATCH', `${D}/${a.id}`, { version: a.version, receivedOn: '2024-12-31' });
    expect(year.statusCode).toBe(400);
    expect(year.json().fields[0].field).toBe('receivedOn');
    const edited = await env.ok('nzs_sfs', 'GET', `${D}/${d.id}`);
    expect(edited.timeline.map((e: { kind: string }) => e.kind)).toContain('edited');
  });
});

describe('scope', () => {
  let assignedId = '';
  let otherId = '';

  it("the mediator ('self' grant) sees exactly the cases she registered or is assigned to", async () => {
    assignedId = (await env.ok('nzs_sfs', 'POST', D, newDispute({ committeeId: ids.village, villageId: undefined, receivedOn: '2025-07-01', assignments: [{ mediatorId: ids.zhangGuilan, role: 'lead' }, { mediatorId: ids.liXiuying, role: 'assist' }] }))).id;
    otherId = (await env.ok('nzs_sfs', 'POST', D, newDispute({ committeeId: ids.village, villageId: undefined, receivedOn: '2025-07-02', assignments: [{ mediatorId: ids.liXiuying, role: 'lead' }] }))).id;
    const list = await env.ok('nzs_mediator', 'GET', `${D}?pageSize=200`);
    const visible = list.items.map((x: { id: string }) => x.id);
    expect(visible).toContain(assignedId);
    expect(visible).not.toContain(otherId);
    const expected = await env.deps.database.db
      .selectFrom('disputes')
      .select('id')
      .where((eb) => eb.or([eb('created_by', '=', env.ids.users.nzs_mediator), eb('id', 'in', eb.selectFrom('dispute_assignments').select('dispute_id').where('user_id', '=', env.ids.users.nzs_mediator))]))
      .execute();
    expect(list.total).toBe(expected.length);
    expect(new Set(visible)).toEqual(new Set(expected.map((r) => r.id)));
    expect((await env.as('nzs_mediator', 'GET', `${D}/${otherId}`)).statusCode).toBe(403);
    const mine = await env.ok('nzs_mediator', 'GET', `${D}/${assignedId}`);
    expect(mine.actions).toEqual(expect.arrayContaining(['add_session', 'record_agreement', 'close']));
    expect(mine.actions).not.toContain('assign'); // art. 19: the committee designates
    expect((await env.as('nzs_mediator', 'POST', `${D}/${otherId}/sessions`, { heldOn: '2025-07-03', notes: '越权' })).statusCode).toBe(403);
    expect((await env.as('nzs_mediator', 'POST', `${D}/${assignedId}/sessions`, { heldOn: '2025-07-03', notes: '入户调解' })).statusCode).toBe(200);
    // Not a member of the township committee: she cannot register cases there.
    expect((await env.as('nzs_mediator', 'POST', D, newDispute())).statusCode).toBe(403);
    // Reassigned away from the case, she loses it.
    await env.ok('nzs_sfs', 'PUT', `${D}/${assignedId}/assignments`, { assignments: [{ mediatorId: ids.liXiuying, role: 'lead' }] });
    expect((await env.as('nzs_mediator', 'GET', `${D}/${assignedId}`)).statusCode).toBe(403);
    const after = await env.ok('nzs_sfs', 'GET', `${D}/${assignedId}`);
    expect(after.timeline.map((e: { title: string }) => e.title)).toContain('撤回指派：张桂兰');
  });

  it('an assignment grants reading beyond the grants, not writing', async () => {
    // 白杨镇's 司法所 user helps on a 娘子神乡 case (an assignment made outside the UI's rules).
    const at = new Date().toISOString();
    await env.deps.database.db
      .insertInto('dispute_assignments')
      .values({ id: crypto.randomUUID(), dispute_id: otherId, org_id: env.ids.nzsVillages[0], mediator_id: ids.liXiuying, user_id: env.ids.users.nb_sfs, role: 'assist', created_at: at })
      .execute();
    const list = await env.ok('nb_sfs', 'GET', `${D}?pageSize=200`);
    expect(list.items.map((x: { id: string }) => x.id)).toContain(otherId);
    expect(list.items.map((x: { id: string }) => x.id)).not.toContain(assignedId);
    const d = await env.ok('nb_sfs', 'GET', `${D}/${otherId}`);
    expect(d.actions).toEqual([]);
    expect((await env.as('nb_sfs', 'POST', `${D}/${otherId}/sessions`, { heldOn: '2025-07-03', notes: '越权' })).statusCode).toBe(403);
    await env.deps.database.db.deleteFrom('dispute_assignments').where('user_id', '=', env.ids.users.nb_sfs).execute();
  });

  it('assignment needs exactly one lead and members of the committee (or the township committee above it)', async () => {
    const two = await env.as('nzs_sfs', 'PUT', `${D}/${otherId}/assignments`, { assignments: [{ mediatorId: ids.liXiuying, role: 'lead' }, { mediatorId: ids.zhangGuilan, role: 'lead' }] });
    expect(two.statusCode).toBe(400);
    const foreign = await env.as('nzs_sfs', 'PUT', `${D}/${otherId}/assignments`, { assignments: [{ mediatorId: ids.nbMediator, role: 'lead' }] });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().fields[0].field).toBe('assignments.0.mediatorId');
    // The township chair may help a village committee.
    const up = await env.ok('nzs_sfs', 'PUT', `${D}/${otherId}/assignments`, { assignments: [{ mediatorId: ids.liXiuying, role: 'lead' }, { mediatorId: ids.wang, role: 'assist' }] });
    expect(up.mediators.map((m: { name: string }) => m.name).sort()).toEqual(['李秀英', '王建国'].sort());
  });

  it('a raw dump of the people table and of the audit trail shows no ID-card number or phone', async () => {
    // the columns that hold (or hide) the person: ids are UUIDs and the blind indexes SM3 hex digests,
    // whose random hex now and then reads as 11 digits in a row (security.test.ts blanks those in its raw dump)
    const people = await env.deps.database.db.selectFrom('people').select(['name', 'gender', 'id_card_enc', 'phone_enc', 'address_enc']).execute();
    expect(people.length).toBeGreaterThan(5);
    expect(people.some((p) => p.id_card_enc) && people.some((p) => p.phone_enc)).toBe(true);
    const dump = JSON.stringify(people);
    expect(dump).not.toMatch(/\d{17}[\dXx]/);
    expect(dump).not.toMatch(/1[3-9]\d{9}/);
    expect(dump).toContain('张三');
    const audit = JSON.stringify(await env.deps.database.db.selectFrom('audit_events').select(['before_json', 'after_json']).execute());
    expect(audit).not.toContain(ZHANG_ID);
    expect(audit).not.toContain(ZHANG_PHONE);
  });
});

describe('list', () => {
  it('searches in Chinese over case number, title, summary and party names; LIKE wildcards are literal', async () => {
    const q = async (s: string) => (await env.ok('nzs_sfs', 'GET', `${D}?q=${encodeURIComponent(s)}&pageSize=200`)) as { items: { caseNo: string; title: string; partyNames: string[] }[]; total: number };
    const byName = await q('张三');
    expect(byName.total).toBeGreaterThan(0);
    expect(byName.items.every((x) => x.partyNames.includes('张三') || x.title.includes('张三'))).toBe(true);
    expect((await q('娘调〔2024〕1号')).items.map((x) => x.caseNo)).toContain('娘调〔2024〕1号');
    expect((await q('山墙')).total).toBe(0); // in the agreement, not the case summary
    expect((await q('翻建房屋')).total).toBeGreaterThan(0);
    expect((await q('%')).total).toBe(0);
    expect((await q('王五')).items.map((x) => x.title)).toEqual(['王五与赵六邻里纠纷']);
  });

  it('filters, sorts and pages: total from one query, a page from another', async () => {
    const all = await env.ok('county', 'GET', `${D}?pageSize=200`);
    const page1 = await env.ok('county', 'GET', `${D}?pageSize=2&page=1&sort=amount&order=desc`);
    const page2 = await env.ok('county', 'GET', `${D}?pageSize=2&page=2&sort=amount&order=desc`);
    expect(page1.total).toBe(all.total);
    expect(page1.items).toHaveLength(2);
    const amounts = [...page1.items, ...page2.items].map((x: { amountFen: number }) => x.amountFen);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    const y2024 = await env.ok('county', 'GET', `${D}?year=2024&pageSize=200`);
    expect(y2024.items.every((x: { receivedOn: string }) => x.receivedOn.startsWith('2024-'))).toBe(true);
    const failed = await env.ok('county', 'GET', `${D}?outcome=failure`);
    expect(failed.items.map((x: { title: string }) => x.title)).toEqual(['孙七与周八合同纠纷']);
    const open = await env.ok('county', 'GET', `${D}?status=open&pageSize=200`);
    expect(open.items.every((x: { status: string }) => x.status !== 'closed')).toBe(true);
    const village = await env.ok('county', 'GET', `${D}?orgId=${env.ids.nzsVillages[0]}&pageSize=200`);
    expect(village.items.length).toBeGreaterThan(0);
    expect(village.items.every((x: { committeeName: string }) => x.committeeName === '娘子神村人民调解委员会')).toBe(true);
    const byCase = await env.ok('county', 'GET', `${D}?sort=caseNo&order=asc&committeeId=${ids.township}&pageSize=200`);
    const seqs = byCase.items.map((x: { caseNo: string }) => x.caseNo);
    expect(seqs.slice(0, 2)).toEqual(['娘调〔2024〕1号', '娘调〔2024〕2号']);
    expect((await env.as('county', 'GET', `${D}?sort=bogus`)).statusCode).toBe(400);
  });
});

describe('case numbers under concurrency', () => {
  it('20 simultaneous registrations in one committee get 1…20, no gap, no duplicate', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        env.as('nzs_sfs', 'POST', D, newDispute({ committeeId: ids.village4, villageId: undefined, assignments: [], receivedOn: '2025-02-10', title: `并发登记${i + 1}` })),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
    const seqs = results.map((r) => r.json().caseSeq as number).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const numbers = new Set(results.map((r) => r.json().caseNo));
    expect(numbers.size).toBe(20);
    expect(numbers).toContain('石调〔2025〕20号');
    // Another year starts again at 1.
    const next = await env.ok('nzs_sfs', 'POST', D, newDispute({ committeeId: ids.village4, villageId: undefined, assignments: [], receivedOn: '2026-01-05' }));
    expect(next.caseNo).toBe('石调〔2026〕1号');
  });
});

describe('correcting the parties (当事人) of an open case', () => {
  const NEW_PHONE = '13700001111';
  let id = '';
  let partyId = '';
  let version = 0;

  it('corrects a misspelt name and a wrong phone: the detail shows them (phone masked), the ID card on record stays', async () => {
    const d = await env.ok('nzs_sfs', 'POST', D, newDispute({ receivedOn: '2025-03-03', title: '当事人更正测试纠纷' }));
    id = d.id;
    partyId = d.parties[0].id;
    expect(d.actions).toContain('edit_parties');
    const up = await env.ok('nzs_sfs', 'PUT', `${D}/${id}/parties/${partyId}`, { kind: 'person', role: 'applicant', version: d.version, person: { name: '张珊', gender: '女', phone: NEW_PHONE } });
    expect(up.parties[0]).toMatchObject({ id: partyId, name: '张珊', person: { name: '张珊', gender: '女', phoneMasked: '137****1111' } });
    expect(up.parties[0].person.idCardMasked).toBe(d.parties[0].person.idCardMasked); // left out: kept
    expect(up.partyNames).toEqual(['张珊', '李四']);
    expect(up.version).toBe(d.version + 1);
    expect(JSON.stringify(up)).not.toContain(NEW_PHONE);
    expect(up.timeline.some((e: { kind: string; title: string }) => e.kind === 'edited' && e.title === '更正当事人信息')).toBe(true);
    version = up.version;
  });

  it('the people table holds the new phone encrypted only (findable through its blind index)', async () => {
    const db = env.deps.database.db;
    const party = await db.selectFrom('dispute_parties').select('person_id').where('id', '=', partyId).executeTakeFirstOrThrow();
    const person = await db.selectFrom('people').selectAll().where('id', '=', party.person_id as string).executeTakeFirstOrThrow();
    expect(person.name).toBe('张珊');
    expect(JSON.stringify(person)).not.toContain(NEW_PHONE);
    expect(env.deps.crypto.decryptOpt(person.phone_enc)).toBe(NEW_PHONE);
    expect(env.deps.crypto.decryptOpt(person.id_card_enc)).toBe(ZHANG_ID);
    expect(person.phone_bidx).toBe(env.deps.crypto.blindIndex('phone', NEW_PHONE));
    expect(JSON.stringify(await db.selectFrom('people').selectAll().execute())).not.toContain(NEW_PHONE);
  });

  it('the correction is audited on the case with before/after, identifiers masked', async () => {
    const db = env.deps.database.db;
    const ev = await db.selectFrom('audit_events').selectAll().where('entity', '=', 'dispute').where('entity_id', '=', id).where('action', '=', 'dispute.party.update').execute();
    expect(ev).toHaveLength(1);
    const before = JSON.parse(ev[0].before_json ?? '{}');
    const after = JSON.parse(ev[0].after_json ?? '{}');
    expect(before).toMatchObject({ partyId, name: '张三', phone: '139****5678' });
    expect(after).toMatchObject({ partyId, name: '张珊', phone: '137****1111' });
    expect(after.idCard).toBe(before.idCard);
    expect(after.idCard).not.toBe(ZHANG_ID);
    const raw = JSON.stringify(ev);
    for (const clear of [NEW_PHONE, ZHANG_PHONE, ZHANG_ID]) expect(raw).not.toContain(clear);
    const personEv = await db.selectFrom('audit_events').select(['after_json']).where('entity', '=', 'person').where('action', '=', 'person.update').execute();
    expect(personEv.some((e) => (e.after_json ?? '').includes('137****1111'))).toBe(true);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('adds a party found after intake (an organisation), and a person; the kind of a party cannot change', async () => {
    const org = await env.ok('nzs_sfs', 'POST', `${D}/${id}/parties`, { kind: 'organisation', role: 'other', version, name: '西沟村股份经济合作社' });
    expect(org.parties.map((p: { name: string }) => p.name)).toEqual(['张珊', '李四', '西沟村股份经济合作社']);
    const person = await env.ok('nzs_sfs', 'POST', `${D}/${id}/parties`, { kind: 'person', role: 'respondent', version: org.version, person: { name: '李小四', phone: '13600002222' } });
    expect(person.parties[3]).toMatchObject({ name: '李小四', person: { phoneMasked: '136****2222' } });
    const flip = await env.as('nzs_sfs', 'PUT', `${D}/${id}/parties/${partyId}`, { kind: 'organisation', role: 'applicant', version: person.version, name: '某公司' });
    expect(flip.statusCode).toBe(400);
    expect(flip.json().fields[0]).toMatchObject({ field: 'kind' });
    version = person.version;
  });

  it('a stale version answers 409 CONFLICT', async () => {
    const r = await env.as('nzs_sfs', 'PUT', `${D}/${id}/parties/${partyId}`, { kind: 'person', role: 'applicant', version: version - 1, person: { name: '张三' } });
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('CONFLICT');
  });

  it('a bad ID card answers 400 naming the field', async () => {
    const bad = `${ZHANG_ID.slice(0, 17)}${ZHANG_ID[17] === '0' ? '1' : '0'}`;
    const r = await env.as('nzs_sfs', 'PUT', `${D}/${id}/parties/${partyId}`, { kind: 'person', role: 'applicant', version, person: { name: '张珊', idCard: bad } });
    expect(r.statusCode).toBe(400);
    expect(r.json().fields[0].field).toBe('person.idCard');
    const add = await env.as('nzs_sfs', 'POST', `${D}/${id}/parties`, { kind: 'person', role: 'applicant', version, person: { name: '王某', idCard: bad } });
    expect(add.statusCode).toBe(400);
    expect(add.json().fields[0].field).toBe('person.idCard');
  });

  it("the neighbouring township's user gets 403 and changes nothing", async () => {
    const put = await env.as('nb_sfs', 'PUT', `${D}/${id}/parties/${partyId}`, { kind: 'person', role: 'applicant', version, person: { name: '篡改' } });
    expect(put.statusCode).toBe(403);
    const add = await env.as('nb_sfs', 'POST', `${D}/${id}/parties`, { kind: 'organisation', role: 'other', version, name: '外乡单位' });
    expect(add.statusCode).toBe(403);
    const d = await env.ok('nzs_sfs', 'GET', `${D}/${id}`);
    expect(d.version).toBe(version);
    expect(d.partyNames).not.toContain('篡改');
    expect(d.partyNames).not.toContain('外乡单位');
  });

  it('a closed case refuses corrections (409 INVALID_STATE) and no longer offers them', async () => {
    const closed = await env.ok('nzs_sfs', 'POST', `${D}/${id}/close`, { outcome: 'failure', reason: '双方分歧过大，调解不成。', closedOn: '2025-03-10', version });
    expect(closed.actions).not.toContain('edit_parties');
    const put = await env.as('nzs_sfs', 'PUT', `${D}/${id}/parties/${partyId}`, { kind: 'person', role: 'applicant', version: closed.version, person: { name: '张三' } });
    expect(put.statusCode).toBe(409);
    expect(put.json().code).toBe('INVALID_STATE');
    const add = await env.as('nzs_sfs', 'POST', `${D}/${id}/parties`, { kind: 'organisation', role: 'other', version: closed.version, name: '某单位' });
    expect(add.statusCode).toBe(409);
    expect(add.json().code).toBe('INVALID_STATE');
  });
});
