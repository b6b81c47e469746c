import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCardCheckChar } from '../../../common/identity.ts';
import { createTestEnv, type TestEnv } from '../../testing/harness.ts';
import { luhnOk, scanContent } from './content.gate.ts';
import { sanitizeArticle } from './content.sanitize.ts';

/**
 * The content library against the real API: the state machine (every illegal step refused with
 * the reason), 四眼原则, the publication gate (ID-card, mobile and bank-card numbers; no false alarm
 * on a case number), 以案释法 with its PIA reference, the sanitiser, uploads, the neighbouring
 * township (白杨镇 nb_sfs) and the grid worker kept out, share links with the village tag, the QR
 * code and poster decoded back to the article's URL, and the WeChat copy's shape.
 */
let env: TestEnv;
const B = '/api/v1/publicity/contents';
const DECL = { declaration: { noMinors: true, noMediationAgreement: true } };
const db = () => env.deps.database.db;

beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

async function as(user: string, method: string, url: string, body?: unknown, headers?: Record<string, string>) {
  return env.call(method, url, { cookie: await env.login(user), body, headers });
}

async function article(body: Record<string, unknown> = {}, user = 'nzs_officer'): Promise<string> {
  const r = await as(user, 'POST', B, { orgId: env.ids.nzs, kind: 'article', title: '民法典里的婚姻家庭', bodyHtml: '<p>彩礼返还的三种情形。</p>', themes: ['civil_code'], laws: ['中华人民共和国民法典'], ...body });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().id;
}

async function published(body: Record<string, unknown> = {}): Promise<string> {
  const id = await article(body);
  expect((await as('nzs_officer', 'POST', `${B}/${id}/submit`, DECL)).statusCode).toBe(200);
  const p = await as('nzs_sfs', 'POST', `${B}/${id}/publish`, {});
  expect(p.statusCode, p.body).toBe(200);
  return id;
}

function multipart(filename: string, data: Buffer) {
  const boundary = 'contentTestBoundary';
  return {
    payload: Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`), data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
const PNG_1x1 = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082', 'hex');
const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(16)]);
const PDF = Buffer.from('%PDF-1.4\n%…');

async function uploadAs(user: string, id: string, filename: string, data: Buffer) {
  const m = multipart(filename, data);
  return env.app.inject({ method: 'POST', url: `${B}/${id}/files`, payload: m.payload, headers: { ...m.headers, cookie: await env.login(user) } });
}

function decodeQr(png: Buffer): { data: string | undefined; width: number; height: number } {
  const img = PNG.sync.read(png);
  return { data: jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data, width: img.width, height: img.height };
}

const validId = (() => {
  const f = '61010219880808123';
  return f + idCardCheckChar(f);
})();
/** A UnionPay-shaped 19-digit number with its Luhn check digit. */
const bankCard = (() => {
  const f = '622202123456789012';
  for (let d = 0; d < 10; d++) if (luhnOk(f + d)) return f + d;
  throw new Error('unreachable');
})();

async function auditOf(id: string) {
  return db().selectFrom('audit_events').select(['action', 'result', 'before_json', 'after_json', 'actor_name']).where('entity_id', '=', id).orderBy('seq').execute();
}

describe('the state machine: draft → review → published → withdrawn → draft', () => {
  it('walks the whole way, each step audited with the state before and after', async () => {
    const id = await article();
    const d0 = (await as('nzs_officer', 'GET', `${B}/${id}`)).json();
    expect(d0).toMatchObject({ state: 'draft', kind: 'article', themes: ['civil_code'], laws: ['中华人民共和国民法典'], authorName: '执法队员 赵刚', portalPath: `/portal/a/${d0.slug}` });
    expect(d0.slug).toMatch(/^[0-9A-Za-z]{10}$/);
    expect(d0.can).toMatchObject({ edit: true, submit: true, review: false, share: false });

    expect((await as('nzs_officer', 'POST', `${B}/${id}/submit`, DECL)).json().state).toBe('review');
    const rej = await as('nzs_sfs', 'POST', `${B}/${id}/reject`, { note: '请补充法条原文' });
    expect(rej.json()).toMatchObject({ state: 'draft', reviewNote: '请补充法条原文' });
    expect((await as('nzs_officer', 'PATCH', `${B}/${id}`, { bodyHtml: '<p>民法典第一千零四十二条。</p>' })).statusCode).toBe(200);
    expect((await as('nzs_officer', 'POST', `${B}/${id}/submit`, DECL)).statusCode).toBe(200);
    const pub = (await as('nzs_leader', 'POST', `${B}/${id}/publish`, { note: '同意发布' })).json();
    expect(pub).toMatchObject({ state: 'published', reviewedByName: '娘子神乡 王乡长', reviewNote: '同意发布' });
    expect(pub.publishedAt).toBeTruthy();
    const wd = (await as('nzs_sfs', 'POST', `${B}/${id}/withdraw`, { reason: '法条已修订' })).json();
    expect(wd).toMatchObject({ state: 'withdrawn', withdrawReason: '法条已修订' });
    expect((await as('nzs_officer', 'POST', `${B}/${id}/reopen`)).json().state).toBe('draft');

    const audit = await auditOf(id);
    const steps = audit.filter((a) => a.result === 'success').map((a) => a.action);
    expect(steps).toEqual([
      'publicity.content.create',
      'publicity.content.submit',
      'publicity.content.reject',
      'publicity.content.update',
      'publicity.content.submit',
      'publicity.content.publish',
      'publicity.content.withdraw',
      'publicity.content.reopen',
    ]);
    const publish = audit.find((a) => a.action === 'publicity.content.publish')!;
    expect(JSON.parse(publish.before_json!).state).toBe('review');
    expect(JSON.parse(publish.after_json!).state).toBe('published');
    // the declaration is kept with the submit event (security S10)
    const submit = audit.find((a) => a.action === 'publicity.content.submit')!;
    expect(JSON.parse(submit.after_json!).declaration).toEqual({ noMinors: true, noMediationAgreement: true });
  });

  it('refuses every illegal step with 409 naming the state rule', async () => {
    const id = await article();
    const expectState = async (user: string, method: string, url: string, body: unknown, text: string) => {
      const r = await as(user, method, url, body);
      expect(r.statusCode, `${method} ${url}: ${r.body}`).toBe(409);
      expect(r.json().fields[0]).toMatchObject({ field: 'state' });
      expect(r.json().fields[0].message).toContain(text);
    };
    // draft: no publish, reject, withdraw or reopen
    await expectState('nzs_sfs', 'POST', `${B}/${id}/publish`, {}, '只有待审核的内容');
    await expectState('nzs_sfs', 'POST', `${B}/${id}/reject`, { note: '退回' }, '只有待审核的内容');
    await expectState('nzs_sfs', 'POST', `${B}/${id}/withdraw`, { reason: '撤回' }, '只有已发布的内容');
    await expectState('nzs_officer', 'POST', `${B}/${id}/reopen`, undefined, '只有已撤回的内容');
    // review: no edit, no second submit, no upload, no delete
    await as('nzs_officer', 'POST', `${B}/${id}/submit`, DECL);
    await expectState('nzs_officer', 'PATCH', `${B}/${id}`, { title: '改标题' }, '只有草稿可以修改');
    await expectState('nzs_officer', 'POST', `${B}/${id}/submit`, DECL, '只有草稿可以提交审核');
    await expectState('nzs_officer', 'DELETE', `${B}/${id}`, undefined, '只有草稿');
    expect((await uploadAs('nzs_officer', id, '图.png', PNG_1x1)).statusCode).toBe(409);
    // published: never changed under its readers
    await as('nzs_sfs', 'POST', `${B}/${id}/publish`, {});
    await expectState('nzs_officer', 'PATCH', `${B}/${id}`, { bodyHtml: '<p>悄悄改</p>' }, '撤回');
    await expectState('nzs_sfs', 'POST', `${B}/${id}/publish`, {}, '只有待审核的内容');
    await expectState('nzs_officer', 'POST', `${B}/${id}/reopen`, undefined, '只有已撤回的内容');
    // withdrawn: only reopen
    await as('nzs_sfs', 'POST', `${B}/${id}/withdraw`, { reason: '更新' });
    await expectState('nzs_sfs', 'POST', `${B}/${id}/withdraw`, { reason: '再撤' }, '只有已发布的内容');
    await expectState('nzs_officer', 'POST', `${B}/${id}/submit`, DECL, '只有草稿可以提交审核');
    // a once-published item is never deleted: its portal link keeps answering 已撤回
    await as('nzs_officer', 'POST', `${B}/${id}/reopen`);
    const del = await as('nzs_officer', 'DELETE', `${B}/${id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().fields[0].message).toContain('发布过的内容不能删除');
    expect((await as('nzs_officer', 'GET', `${B}/${id}`)).statusCode).toBe(200);
  });

  it('a reason is required to send back or withdraw; a never-published draft can be deleted', async () => {
    const id = await article();
    await as('nzs_officer', 'POST', `${B}/${id}/submit`, DECL);
    const noNote = await as('nzs_sfs', 'POST', `${B}/${id}/reject`, { note: '  ' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().fields[0].field).toBe('note');
    await as('nzs_sfs', 'POST', `${B}/${id}/publish`, {});
    const noReason = await as('nzs_sfs', 'POST', `${B}/${id}/withdraw`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().fields[0].field).toBe('reason');

    const draft = await article();
    expect((await uploadAs('nzs_officer', draft, '插图.png', PNG_1x1)).statusCode).toBe(200);
    expect((await as('nzs_officer', 'DELETE', `${B}/${draft}`)).statusCode).toBe(204);
    expect((await as('nzs_officer', 'GET', `${B}/${draft}`)).statusCode).toBe(404);
    expect(await db().selectFrom('files').select('id').where('entity_id', '=', draft).execute()).toEqual([]);
    expect((await auditOf(draft)).at(-1)?.action).toBe('publicity.content.delete');
  });

  it('slugs are short, URL-safe and all different', async () => {
    const ids = await Promise.all([article(), article(), article()]);
    const slugs = await db().selectFrom('publicity_contents').select('slug').where('id', 'in', ids).execute();
    expect(new Set(slugs.map((s) => s.slug)).size).toBe(3);
    for (const s of slugs) expect(s.slug).toMatch(/^[0-9A-Za-z]{10}$/);
  });
});

describe('四眼原则: the review is not done by whoever wrote it', () => {
  it('the author cannot publish or send back their own item, another manager can', async () => {
    const id = await article({}, 'nzs_sfs');
    await as('nzs_sfs', 'POST', `${B}/${id}/submit`, DECL);
    expect((await as('nzs_sfs', 'GET', `${B}/${id}`)).json().can.review).toBe(false);
    const self = await as('nzs_sfs', 'POST', `${B}/${id}/publish`, {});
    expect(self.statusCode).toBe(403);
    expect(self.json().fields[0]).toMatchObject({ field: 'reviewer' });
    expect(self.json().fields[0].message).toContain('四眼原则');
    expect((await as('nzs_sfs', 'POST', `${B}/${id}/reject`, { note: '自己退回' })).statusCode).toBe(403);
    expect((await auditOf(id)).some((a) => a.result === 'denied' && a.action === 'publicity.content.publish')).toBe(true);
    expect((await as('nzs_leader', 'GET', `${B}/${id}`)).json().can.review).toBe(true);
    expect((await as('nzs_leader', 'POST', `${B}/${id}/publish`, {})).statusCode).toBe(200);
  });

  it('nor by whoever last edited or submitted it', async () => {
    const id = await article();
    // the 司法所 rewrites the officer's draft: now it is partly their text
    await as('nzs_sfs', 'PATCH', `${B}/${id}`, { title: '彩礼纠纷十问十答' });
    await as('nzs_officer', 'POST', `${B}/${id}/submit`, DECL);
    expect((await as('nzs_sfs', 'POST', `${B}/${id}/publish`, {})).statusCode).toBe(403);
    expect((await as('county', 'POST', `${B}/${id}/publish`, {})).statusCode).toBe(200);

    const other = await article();
    await as('nzs_leader', 'POST', `${B}/${other}/submit`, DECL);
    expect((await as('nzs_leader', 'POST', `${B}/${other}/publish`, {})).statusCode).toBe(403);
  });
});

describe('the publication gate (security S10; PIPL arts. 25, 28, 55)', () => {
  const refused = async (r: Awaited<ReturnType<typeof as>>, field: string, text: string, masked: string) => {
    expect(r.statusCode, r.body).toBe(400);
    const f = r.json().fields.find((x: { field: string }) => x.field === field);
    expect(f, r.body).toBeTruthy();
    expect(f.message).toContain(text);
    expect(f.message).toContain(masked);
    expect(r.body).not.toContain(validId);
  };

  it('an ID-card number in the title, a mobile in the summary, a bank card in the body: each refused, masked', async () => {
    const a = await article({ title: `关于${validId}的案例` });
    await refused(await as('nzs_officer', 'POST', `${B}/${a}/submit`, DECL), 'title', '身份证号码', '610102********1234'.slice(0, 6));
    const r1 = (await as('nzs_officer', 'POST', `${B}/${a}/submit`, DECL)).json().fields[0].message as string;
    expect(r1).toContain(`${validId.slice(0, 6)}********${validId.slice(-4)}`);

    const b = await article({ summary: '咨询电话：138 0013 8000' });
    await refused(await as('nzs_officer', 'POST', `${B}/${b}/submit`, DECL), 'summary', '手机号码', '138****8000');

    const c = await article({ bodyHtml: `<p>请将彩礼退回至账户 ${bankCard}。</p>` });
    await refused(await as('nzs_officer', 'POST', `${B}/${c}/submit`, DECL), 'bodyHtml', '银行卡号', `${bankCard.slice(0, 4)}${'*'.repeat(11)}${bankCard.slice(-4)}`);
    // the English message names it too
    const en = await as('nzs_officer', 'POST', `${B}/${c}/submit`, DECL, { 'accept-language': 'en' });
    expect(en.json().fields[0].message).toContain('bank-card');
    // the state did not move
    expect((await as('nzs_officer', 'GET', `${B}/${c}`)).json().state).toBe('draft');
  });

  it('a number split by bold tags, or hidden in a link, is caught', async () => {
    const a = await article({ bodyHtml: '<p>联系<b>139</b>00139000</p>' });
    await refused(await as('nzs_officer', 'POST', `${B}/${a}/submit`, DECL), 'bodyHtml', '手机号码', '139****9000');
    const b = await article({ bodyHtml: '<p><a href="https://wx.example.cn/contact?tel=13700137000">联系我们</a></p>' });
    await refused(await as('nzs_officer', 'POST', `${B}/${b}/submit`, DECL), 'bodyHtml', '手机号码', '137****7000');
  });

  it('a number in full-width digits, with zero-width or non-breaking spaces, dots, dashes or brackets, spaced out, broken by <br> or URL-encoded in a link is caught', async () => {
    const fw = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    const phones = [
      `<p>电话${fw('13800138000')}</p>`,
      '<p>电话138\u200b0013\u200b8000</p>',
      '<p>电话138&#8203;0013&#x200B;8000</p>',
      '<p>电话138&nbsp;0013&nbsp;8000</p>',
      '<p>电话138\u30000013\u30008000</p>',
      '<p>电话138.0013.8000</p>',
      '<p>电话138–0013–8000</p>',
      '<p>电话138－0013－8000</p>',
      '<p>电话(138)0013-8000</p>',
      '<p>电话 1 3 8 0 0 1 3 8 0 0 0</p>',
      '<p>电话13800<br>138000</p>',
      '<p><a href="https://x.cn/?t=%31%33%38%30%30%31%33%38%30%30%30">联系我们</a></p>',
    ];
    for (const html of phones) {
      const hits = scanContent({ title: '普法', summary: null, bodyHtml: sanitizeArticle(html) });
      expect(hits, html).toEqual([{ field: 'bodyHtml', key: 'content_has_phone', masked: '138****8000' }]);
    }
    expect(scanContent({ title: `身份证${fw(validId)}`, summary: null, bodyHtml: null }).map((h) => h.key)).toEqual(['content_has_id_card']);
    expect(scanContent({ title: `身份证 ${validId.slice(0, 6)} ${validId.slice(6, 14)} ${validId.slice(14)}`, summary: null, bodyHtml: null }).map((h) => h.key)).toEqual(['content_has_id_card']);
    expect(scanContent({ title: '普法', summary: `卡号${fw(bankCard)}`, bodyHtml: null }).map((h) => h.key)).toEqual(['content_has_bank_card']);
    // and through the API: the full-width number is refused, shown masked in ASCII digits
    const a = await article({ summary: `咨询电话：${fw('15900159000')}` });
    await refused(await as('nzs_officer', 'POST', `${B}/${a}/submit`, DECL), 'summary', '手机号码', '159****9000');
  });

  it('the laws covered are on the portal page too: a number typed there is refused, the entry named', async () => {
    const a = await article({ laws: ['民法典', `当事人电话13600136000`] });
    await refused(await as('nzs_officer', 'POST', `${B}/${a}/submit`, DECL), 'laws.1', '手机号码', '136****6000');
  });

  it('no false alarm on a case number: 17 digits, or 18 failing the check character, or a longer run', () => {
    const wrongCheck = validId.slice(0, 17) + (validId[17] === '0' ? '1' : '0');
    const text = `（2023）陕0102民初12345号；案号20231234567890123；编号${wrongCheck}；流水号1380013800012345678901；座机029-88886666。`;
    expect(scanContent({ title: text, summary: text, bodyHtml: `<p>${text}</p>` })).toEqual([]);
    // and what is caught, each kind once
    const hits = scanContent({ title: `${validId} 13800138000 ${bankCard}`, summary: null, bodyHtml: null });
    expect(hits.map((h) => h.key)).toEqual(['content_has_id_card', 'content_has_phone', 'content_has_bank_card']);
    expect(hits.map((h) => h.masked)).not.toContain(validId);
  });

  it('publishing runs the gate again: a number that reached review some other way is stopped', async () => {
    const id = await article();
    await as('nzs_officer', 'POST', `${B}/${id}/submit`, DECL);
    await db().updateTable('publicity_contents').set({ summary: '当事人电话15900159000' }).where('id', '=', id).execute();
    const r = await as('nzs_sfs', 'POST', `${B}/${id}/publish`, {});
    expect(r.statusCode).toBe(400);
    expect(r.json().fields[0]).toMatchObject({ field: 'summary' });
    expect((await as('nzs_sfs', 'GET', `${B}/${id}`)).json().state).toBe('review');
  });

  it('以案释法 needs a PIA reference; the declaration is required', async () => {
    const id = await article({ isCase: true, title: '以案释法：一起彩礼纠纷' });
    const r = await as('nzs_officer', 'POST', `${B}/${id}/submit`, DECL);
    expect(r.statusCode).toBe(400);
    expect(r.json().fields[0]).toMatchObject({ field: 'piaRef' });
    expect(r.json().fields[0].message).toContain('影响评估');
    const noDecl = await as('nzs_officer', 'POST', `${B}/${id}/submit`, { declaration: { noMinors: true, noMediationAgreement: false } });
    expect(noDecl.statusCode).toBe(400);
    expect(noDecl.json().fields[0].field).toBe('declaration.noMediationAgreement');
    expect(noDecl.json().fields[0].message).toContain('调解协议');
    expect((await as('nzs_officer', 'POST', `${B}/${id}/submit`, {})).statusCode).toBe(400);
    await as('nzs_officer', 'PATCH', `${B}/${id}`, { piaRef: 'PIA-2024-007' });
    expect((await as('nzs_officer', 'POST', `${B}/${id}/submit`, DECL)).statusCode).toBe(200);
    // the PIA reference removed behind the workflow's back: publishing stops
    await db().updateTable('publicity_contents').set({ pia_ref: null }).where('id', '=', id).execute();
    expect((await as('nzs_sfs', 'POST', `${B}/${id}/publish`, {})).json().fields[0].field).toBe('piaRef');
  });
});

describe('the sanitiser (security S12)', () => {
  it('strips script, handlers, javascript: links, style and class; keeps the allowed tags', () => {
    const out = sanitizeArticle(
      '<h1 class="t">标题</h1><p style="color:red" onclick="x()">正文<script>alert(1)</script><strong>加粗</strong></p><img src=x onerror=alert(1)><a href="javascript:alert(1)">链接</a><a href="https://www.npc.gov.cn/">人大网</a><iframe src="https://evil"></iframe><blockquote>引用</blockquote><ul><li>一</li></ul>',
    );
    expect(out).toBe(
      '<h2>标题</h2><p>正文<strong>加粗</strong></p><a>链接</a><a href="https://www.npc.gov.cn/" rel="noopener noreferrer">人大网</a><blockquote>引用</blockquote><ul><li>一</li></ul>',
    );
    expect(sanitizeArticle(out)).toBe(out);
  });

  it('images only from the portal file URL', () => {
    const ok = '/portal/f/Ab3dE5gH9k/01912345-6789-7abc-8def-0123456789ab';
    expect(sanitizeArticle(`<p>图</p><img src="${ok}" alt="海报" width="9"><img src="https://tracker.example/p.gif"><img src="data:image/png;base64,AAAA"><img src="/portal/f/../../etc/passwd">`)).toBe(
      `<p>图</p><img src="${ok}" alt="海报" />`,
    );
  });

  it('text pasted from Word survives as clean paragraphs', () => {
    const word =
      '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta charset="utf-8"><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><style>p.MsoNormal{margin:0}</style></head><body lang=ZH-CN><!--StartFragment--><p class=MsoNormal style="text-indent:2em"><span lang=EN-US style="font-family:仿宋">第一条　为了保护民事主体的合法权益。<o:p></o:p></span></p><p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoListParagraph><![if !supportLists]><span>1.</span><![endif]><b>第二条</b>　民法调整平等主体之间的关系。</p><!--EndFragment--></body></html>';
    expect(sanitizeArticle(word)).toBe('<p>第一条　为了保护民事主体的合法权益。</p><p>1.<b>第二条</b>　民法调整平等主体之间的关系。</p>');
  });

  it('through the API: what is stored is the sanitised body', async () => {
    const id = await article({ bodyHtml: '<p onmouseover="steal()">你好<script>document.cookie</script></p>' });
    expect((await as('nzs_officer', 'GET', `${B}/${id}`)).json().bodyHtml).toBe('<p>你好</p>');
    const poster = await as('nzs_officer', 'POST', B, { orgId: env.ids.nzs, kind: 'poster', title: '禁毒海报', bodyHtml: '<p>x</p>' });
    expect(poster.statusCode).toBe(400);
    expect(poster.json().fields[0].field).toBe('bodyHtml');
  });
});

describe('files', () => {
  it('an article takes PNG/JPG images; a poster its image; a video an MP4; nothing else', async () => {
    const a = await article();
    const img = await uploadAs('nzs_officer', a, '插图.png', PNG_1x1);
    expect(img.statusCode, img.body).toBe(200);
    const slug = (await as('nzs_officer', 'GET', `${B}/${a}`)).json().slug;
    expect(img.json().publicPath).toBe(`/portal/f/${slug}/${img.json().id}`);
    expect((await uploadAs('nzs_officer', a, '通知.pdf', PDF)).statusCode).toBe(415);
    expect((await uploadAs('nzs_officer', a, '视频.mp4', MP4)).statusCode).toBe(415);
    // a PNG's name on a PDF's bytes
    expect((await uploadAs('nzs_officer', a, '假图.png', PDF)).statusCode).toBe(415);
    // the image inserted into the body survives the sanitiser and is listed
    const body = `<p>见下图</p><img src="${img.json().publicPath}" alt="宣传图">`;
    expect((await as('nzs_officer', 'PATCH', `${B}/${a}`, { bodyHtml: body })).json().bodyHtml).toBe(`<p>见下图</p><img src="${img.json().publicPath}" alt="宣传图" />`);

    const p = (await as('nzs_officer', 'POST', B, { orgId: env.ids.nzs, kind: 'poster', title: '禁毒海报', themes: ['anti_drug'] })).json().id;
    const noFile = await as('nzs_officer', 'POST', `${B}/${p}/submit`, DECL);
    expect(noFile.json().fields[0]).toMatchObject({ field: 'file' });
    const pf = await uploadAs('nzs_officer', p, '海报.png', PNG_1x1);
    expect((await as('nzs_officer', 'GET', `${B}/${p}`)).json().fileId).toBe(pf.json().id);
    expect((await as('nzs_officer', 'POST', `${B}/${p}/submit`, DECL)).statusCode).toBe(200);

    const v = (await as('nzs_officer', 'POST', B, { orgId: env.ids.nzs, kind: 'video', title: '反诈短视频' })).json().id;
    expect((await uploadAs('nzs_officer', v, '海报.png', PNG_1x1)).statusCode).toBe(415);
    expect((await uploadAs('nzs_officer', v, '反诈.mp4', MP4)).statusCode).toBe(200);

    // downloading: readers in scope only, and only this item's files
    const file = await as('nzs_readonly', 'GET', `${B}/${a}/files/${img.json().id}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect((await as('nb_sfs', 'GET', `${B}/${a}/files/${img.json().id}`)).statusCode).toBe(403);
    expect((await as('nzs_sfs', 'GET', `${B}/${p}/files/${img.json().id}`)).statusCode).toBe(403);
  });
});

describe('scope', () => {
  it('the neighbouring township sees nothing of 娘子神乡, and its attempt is audited', async () => {
    const id = await article();
    const r = await as('nb_sfs', 'GET', `${B}/${id}`);
    expect(r.statusCode).toBe(403);
    expect((await auditOf(id)).some((a) => a.result === 'denied' && a.actor_name === 'nb_sfs')).toBe(true);
    expect((await as('nb_sfs', 'PATCH', `${B}/${id}`, { title: '改' })).statusCode).toBe(403);
    expect((await as('nb_sfs', 'GET', `${B}?orgId=${env.ids.nzs}`)).statusCode).toBe(403);
    const list = (await as('nb_sfs', 'GET', B)).json();
    expect(list.items.every((i: { orgId: string }) => i.orgId !== env.ids.nzs)).toBe(true);
    expect((await as('nb_sfs', 'POST', B, { orgId: env.ids.nzs, kind: 'article', title: '越界' })).statusCode).toBe(403);
  });

  it('a grid worker finds the township’s published items and their village link and QR code, never a draft or the neighbour’s', async () => {
    const t = `网格转发${Date.now()}`;
    const pub = await published({ title: `${t} 已发布` });
    const draft = await article({ title: `${t} 草稿` });
    // a published item of 白杨镇 (written straight in: its only manager cannot review their own)
    const nb = (await as('nb_sfs', 'POST', B, { orgId: env.ids.nb, kind: 'article', title: `${t} 白杨镇`, bodyHtml: '<p>白杨镇</p>' })).json().id;
    await db().updateTable('publicity_contents').set({ state: 'published', published_at: new Date().toISOString() }).where('id', '=', nb).execute();
    const list = (await as('nzs_grid', 'GET', `${B}?q=${encodeURIComponent(t)}`)).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([pub]);
    expect(list.total).toBe(1);
    expect((await as('nzs_grid', 'GET', `${B}/${draft}`)).statusCode).toBe(403);
    expect((await as('nzs_grid', 'GET', `${B}/${nb}`)).statusCode).toBe(403);
    const detail = await as('nzs_grid', 'GET', `${B}/${pub}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().can).toMatchObject({ edit: false, review: false, withdraw: false, share: true });
    const share = (await as('nzs_grid', 'GET', `${B}/${pub}/share`)).json();
    const mine = share.villages.find((v: { villageId: string }) => v.villageId === env.ids.nzsVillages[1]);
    expect(mine.url).toMatch(/c=wechat_group&v=\d+/);
    expect((await as('nzs_grid', 'GET', `${B}/${pub}/qr.png?v=${env.ids.nzsVillages[1]}`)).statusCode).toBe(200);
    // and the write side stays theirs only: no withdrawing the township's item
    expect((await as('nzs_grid', 'POST', `${B}/${pub}/withdraw`, { reason: '试试' })).statusCode).toBe(403);
  });

  it('a grid worker publishes nothing and writes content for no township', async () => {
    const id = await article();
    await as('nzs_officer', 'POST', `${B}/${id}/submit`, DECL);
    expect((await as('nzs_grid', 'POST', `${B}/${id}/publish`, {})).statusCode).toBe(403);
    expect((await as('nzs_grid', 'POST', B, { orgId: env.ids.nzs, kind: 'article', title: '入户宣讲稿' })).statusCode).toBe(403);
    // their own village is in their scope, but content belongs to a township or a department
    const village = await as('nzs_grid', 'POST', B, { orgId: env.ids.nzsVillages[1], kind: 'article', title: '入户宣讲稿' });
    expect(village.statusCode).toBe(400);
    expect(village.json().fields[0]).toMatchObject({ field: 'orgId' });
  });

  it('lists filter by state, kind, theme and text, and count what they list', async () => {
    const t = `反诈专题${Date.now()}`;
    const a = await article({ title: `${t} 一`, themes: ['anti_fraud'] });
    await article({ title: `${t} 二`, themes: ['civil_code'] });
    await as('nzs_officer', 'POST', `${B}/${a}/submit`, DECL);
    const q = async (qs: string) => (await as('nzs_sfs', 'GET', `${B}?q=${encodeURIComponent(t)}&${qs}`)).json();
    expect((await q('')).total).toBe(2);
    expect((await q('state=review')).items.map((i: { id: string }) => i.id)).toEqual([a]);
    expect((await q('theme=anti_fraud')).total).toBe(1);
    expect((await q('kind=poster')).total).toBe(0);
    expect((await as('nzs_sfs', 'GET', `${B}?q=${encodeURIComponent('100%_')}`)).json().total).toBe(0);
    // letter case ignored on SQLite and PostgreSQL alike (SQLite's LIKE ignores ASCII case, PostgreSQL's does not)
    const w = await article({ title: `WeChat普法${t}` });
    expect((await as('nzs_sfs', 'GET', `${B}?q=${encodeURIComponent(`wechat普法${t}`)}`)).json().items.map((i: { id: string }) => i.id)).toEqual([w]);
    const bad = await as('nzs_sfs', 'GET', `${B}?state=gone`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0].field).toBe('query.state');
  });

  it('the year filter is the year of publication in Beijing time (00:30 on New Year’s Day counts for the new year)', async () => {
    const t = `跨年专题${Date.now()}`;
    const late = await published({ title: `${t} 除夕夜` });
    const early = await published({ title: `${t} 元旦凌晨` });
    await db().updateTable('publicity_contents').set({ published_at: '2023-12-31T15:59:59.000Z' }).where('id', '=', late).execute();
    await db().updateTable('publicity_contents').set({ published_at: '2023-12-31T16:30:00.000Z' }).where('id', '=', early).execute();
    const q = async (year: number) => (await as('nzs_sfs', 'GET', `${B}?q=${encodeURIComponent(t)}&year=${year}`)).json().items.map((i: { id: string }) => i.id);
    expect(await q(2023)).toEqual([late]);
    expect(await q(2024)).toEqual([early]);
    expect((await as('nzs_sfs', 'GET', `${B}?year=1999`)).statusCode).toBe(400);
  });
});

describe('share outputs of a published item', () => {
  it('links to the portal with the channel and village tags, from the request origin or FAZHI_PUBLIC_ORIGIN', async () => {
    const id = await published();
    const slug = (await as('nzs_sfs', 'GET', `${B}/${id}`)).json().slug;
    const s = (await as('nzs_readonly', 'GET', `${B}/${id}/share`, undefined, { host: 'fz.example.cn' })).json();
    expect(s.url).toBe(`http://fz.example.cn/portal/a/${slug}`);
    expect(s.qrUrl).toBe(`http://fz.example.cn/portal/a/${slug}?c=qr`);
    expect(s.villages).toHaveLength(8);
    expect(s.villages[1]).toMatchObject({ villageId: env.ids.nzsVillages[1], name: '东沟村', code: '610000101202', url: `http://fz.example.cn/portal/a/${slug}?c=wechat_group&v=610000101202` });

    const cfg = env.deps.config as { publicOrigin: string | undefined };
    cfg.publicOrigin = 'https://fazhi.example.gov.cn/';
    try {
      expect((await as('nzs_sfs', 'GET', `${B}/${id}/share`)).json().url).toBe(`https://fazhi.example.gov.cn/portal/a/${slug}`);
    } finally {
      cfg.publicOrigin = undefined;
    }
    // a department's item lists its township's villages
    const dept = (await as('nzs_officer', 'POST', B, { orgId: env.ids.nzsDepartments.综合行政执法队, kind: 'article', title: '安全生产法解读', bodyHtml: '<p>生产经营单位的主要负责人。</p>' })).json().id;
    await as('nzs_officer', 'POST', `${B}/${dept}/submit`, DECL);
    await as('nzs_sfs', 'POST', `${B}/${dept}/publish`, {});
    expect((await as('nzs_sfs', 'GET', `${B}/${dept}/share`)).json().villages.map((v: { name: string }) => v.name)[0]).toBe('娘子神村');
  });

  it('nothing to share before publishing or after withdrawing', async () => {
    const id = await article();
    const r = await as('nzs_sfs', 'GET', `${B}/${id}/share`);
    expect(r.statusCode).toBe(409);
    expect(r.json().fields[0].message).toContain('未发布');
    expect((await as('nzs_sfs', 'GET', `${B}/${id}/poster.png`)).statusCode).toBe(409);
  });

  it('the QR code opens the article with c=qr and the village tag; a village of 白杨镇 is refused', async () => {
    const id = await published();
    const slug = (await as('nzs_sfs', 'GET', `${B}/${id}`)).json().slug;
    const r = await as('nzs_sfs', 'GET', `${B}/${id}/qr.png?v=${env.ids.nzsVillages[2]}`, undefined, { host: 'fz.example.cn' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('image/png');
    expect(decodeQr(r.rawPayload).data).toBe(`http://fz.example.cn/portal/a/${slug}?c=qr&v=610000101203`);
    const nb = await as('nzs_sfs', 'GET', `${B}/${id}/qr.png?v=${env.ids.nbVillages[0]}`);
    expect(nb.statusCode).toBe(400);
    expect(nb.json().fields[0].field).toBe('query.v');
  });

  it('the poster is an A4 PNG whose QR code opens the article', async () => {
    const id = await published({ title: '《中华人民共和国反电信网络诈骗法》十问十答：守好百姓的钱袋子', summary: '警惕冒充公检法、刷单返利、虚假投资理财等诈骗手段。' });
    const slug = (await as('nzs_sfs', 'GET', `${B}/${id}`)).json().slug;
    const r = await as('nzs_leader', 'GET', `${B}/${id}/poster.png`, undefined, { host: 'fz.example.cn' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('image/png');
    expect(r.headers['content-disposition']).toContain('attachment');
    const qr = decodeQr(r.rawPayload);
    expect([qr.width, qr.height]).toEqual([1240, 1754]);
    expect(qr.data).toBe(`http://fz.example.cn/portal/a/${slug}?c=qr`);
    // the page is not blank: the title and band put ink on it beyond the QR code
    const img = PNG.sync.read(r.rawPayload);
    let dark = 0;
    for (let y = 200; y < 500; y++) for (let x = 0; x < 1240; x++) if (img.data[(y * 1240 + x) * 4] < 128) dark++;
    expect(dark).toBeGreaterThan(5000);
    // drawn once and kept: the same poster again; after withdraw → edit → republish, a new one
    const again = await as('nzs_leader', 'GET', `${B}/${id}/poster.png`, undefined, { host: 'fz.example.cn' });
    expect(again.rawPayload.equals(r.rawPayload)).toBe(true);
    expect((await as('nzs_sfs', 'POST', `${B}/${id}/withdraw`, { reason: '标题需更正' })).statusCode).toBe(200);
    expect((await as('nzs_sfs', 'POST', `${B}/${id}/reopen`, {})).statusCode).toBe(200);
    expect((await as('nzs_officer', 'PATCH', `${B}/${id}`, { title: '反电信网络诈骗法十问十答（更正）' })).statusCode).toBe(200);
    expect((await as('nzs_officer', 'POST', `${B}/${id}/submit`, DECL)).statusCode).toBe(200);
    expect((await as('nzs_leader', 'POST', `${B}/${id}/publish`, {})).statusCode).toBe(200);
    const redrawn = await as('nzs_leader', 'GET', `${B}/${id}/poster.png`, undefined, { host: 'fz.example.cn' });
    expect(redrawn.statusCode).toBe(200);
    expect(redrawn.rawPayload.equals(r.rawPayload)).toBe(false);
    expect(decodeQr(redrawn.rawPayload).data).toBe(`http://fz.example.cn/portal/a/${slug}?c=qr`);
  }, 30_000);

  it('the WeChat copy: inline styles only, absolute images, the source and link at the foot', async () => {
    const a = await article();
    const img = (await uploadAs('nzs_officer', a, '图.png', PNG_1x1)).json();
    await as('nzs_officer', 'PATCH', `${B}/${a}`, {
      bodyHtml: `<h2>一、什么是彩礼</h2><p>按照<strong>当地习俗</strong>给付。</p><blockquote>民法典第一千零四十二条</blockquote><img src="${img.publicPath}" alt="图解"><ul><li>要点</li></ul>`,
    });
    await as('nzs_officer', 'POST', `${B}/${a}/submit`, DECL);
    await as('nzs_sfs', 'POST', `${B}/${a}/publish`, {});
    const slug = (await as('nzs_sfs', 'GET', `${B}/${a}`)).json().slug;
    const { html, text } = (await as('nzs_sfs', 'GET', `${B}/${a}/wechat`, undefined, { host: 'fz.example.cn' })).json();
    expect(html).not.toMatch(/class=/i);
    expect(html).not.toMatch(/<script|<style/i);
    expect(html).toMatch(/<h2 style="[^"]*font-weight:bold/);
    expect(html).toMatch(/<p style="[^"]*margin/);
    expect(html).toMatch(/<blockquote style="[^"]*border-left/);
    expect(html).toContain(`src="http://fz.example.cn${img.publicPath}"`);
    expect(html).not.toMatch(/src="\//);
    expect(html).toContain(`来源：娘子神乡 · 阅读原文：<a href="http://fz.example.cn/portal/a/${slug}?c=wechat_account"`);
    // every element carries its style
    for (const tag of html.match(/<(p|h2|blockquote|ul|li|strong|img|section)\b[^>]*>/g) ?? []) expect(tag).toContain('style="');
    expect(text).toContain('一、什么是彩礼');
    expect(text).toContain('阅读原文');
  });
});
