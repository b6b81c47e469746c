import { uuidv7 } from '../../../common/ids.ts';
import { nowIso } from '../../platform/time.ts';
import type { AuthzSuite, DemoUsername, Target } from '../../testing/authz.ts';
import type { TestEnv } from '../../testing/harness.ts';

/**
 * Authorization rows for the dispute core. Hand-written from common/roles.ts and the demo users
 * (server/seed/base.ts):
 * - mediation.read: county (county subtree); nzs_sfs, nzs_leader, nzs_readonly (娘子神乡 subtree);
 *   nb_sfs (白杨镇 subtree); nzs_mediator only for cases she registered or is assigned to ('self' grant;
 *   the setup assigns her to the 'subtree' case, in the committee she sits on).
 * - mediation.write (+ file.upload for files): nzs_sfs, nb_sfs on their townships; nzs_mediator on her cases.
 * - mediation.manage (assigning mediators, 人民调解法 art. 19): the two 司法所 users.
 * - mediation.export (the agreement with the parties' identities): county, nzs_leader, nzs_sfs, nb_sfs.
 * Targets: 'own' = a case of the 娘子神乡 township committee, 'subtree' = a case of a 娘子神乡 village
 * committee, 'neighbour' = a case of the 白杨镇 committee.
 */
export interface DisputeFixtures {
  org: Record<Target, string>;
  committee: Record<Target, string>;
  dispute: Record<Target, string>;
  session: Record<Target, string>;
  file: Record<Target, string>;
  followUp: Record<Target, string>;
  party: Record<Target, string>;
  assignments: Record<Target, { mediatorId: string; role: 'lead' | 'assist' }[]>;
}

const RECEIVED = '2025-05-06';
const BASE = '/api/v1/mediation/disputes';

async function as(env: TestEnv, user: string, method: string, url: string, body?: unknown) {
  const res = await env.call(method, url, { cookie: await env.login(user), body });
  if (res.statusCode !== 200) throw new Error(`${method} ${url} as ${user}: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** The active committee of the org, inserted if there is none (other suites create and dissolve committees). */
async function ensureCommittee(env: TestEnv, orgId: string, prefix: string): Promise<string> {
  const db = env.deps.database.db;
  const found = await db.selectFrom('mediation_committees').select('id').where('org_id', '=', orgId).where('active', '=', 1).orderBy('id').executeTakeFirst();
  if (found) return found.id;
  const org = await db.selectFrom('orgs').select(['name', 'kind']).where('id', '=', orgId).executeTakeFirstOrThrow();
  const at = nowIso();
  const id = uuidv7();
  await db
    .insertInto('mediation_committees')
    .values({ id, org_id: orgId, name: `${org.name}人民调解委员会`, kind: org.kind, case_prefix: prefix, active: 1, created_at: at, updated_at: at })
    .execute();
  return id;
}

async function insertMediator(env: TestEnv, committeeId: string, orgId: string, name: string, userId: string | null): Promise<string> {
  const db = env.deps.database.db;
  const at = nowIso();
  const personId = uuidv7();
  await db
    .insertInto('people')
    .values({ id: personId, org_id: orgId, name, gender: '女', id_card_enc: null, id_card_bidx: null, phone_enc: null, phone_bidx: null, address_enc: null, created_by: null, created_at: at, updated_at: at })
    .execute();
  const id = uuidv7();
  await db
    .insertInto('mediators')
    .values({ id, org_id: orgId, committee_id: committeeId, user_id: userId, person_id: personId, title: 'mediator', is_legal_understander: 0, active: 1, created_at: at, updated_at: at })
    .execute();
  return id;
}

async function uploadPdf(env: TestEnv, user: string, url: string): Promise<string> {
  const boundary = `----authz${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="note.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    Buffer.from('%PDF-1.4\nauthz\n%%EOF'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await env.app.inject({ method: 'POST', url, payload, headers: { cookie: await env.login(user), 'content-type': `multipart/form-data; boundary=${boundary}` } });
  if (res.statusCode !== 200) throw new Error(`upload ${url}: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

function disputeBody(committeeId: string, assignments: { mediatorId: string; role: string }[]) {
  return {
    committeeId,
    title: '矩阵测试邻里纠纷',
    source: 'screening',
    type: 'neighbour',
    summary: '两户因排水沟堵塞发生争执。',
    amount: 300,
    receivedOn: RECEIVED,
    parties: [
      { kind: 'person', role: 'applicant', person: { name: '矩阵甲', gender: '男' } },
      { kind: 'person', role: 'respondent', person: { name: '矩阵乙', gender: '女' } },
    ],
    assignments,
  };
}

const AGREEMENT = {
  form: 'written',
  facts: '两户排水沟堵塞，雨水倒灌。',
  issues: '疏通费用分担。',
  responsibilities: '双方均有责任。',
  terms: '双方各承担一半疏通费用。',
  performanceMethod: '现金当面交付',
  performanceDeadline: '2025-05-31',
  effectiveOn: '2025-05-10',
};

const TARGETS: Target[] = ['own', 'subtree', 'neighbour'];

const READ = {
  own: ['county', 'nzs_sfs', 'nzs_leader', 'nzs_readonly'],
  subtree: ['county', 'nzs_sfs', 'nzs_leader', 'nzs_readonly', 'nzs_mediator'],
  neighbour: ['county', 'nb_sfs'],
} satisfies Record<Target, DemoUsername[]>;
const LIST = { own: READ.own, subtree: READ.own, neighbour: READ.neighbour } satisfies Record<Target, DemoUsername[]>;
const WRITE = { own: ['nzs_sfs'], subtree: ['nzs_sfs', 'nzs_mediator'], neighbour: ['nb_sfs'] } satisfies Record<Target, DemoUsername[]>;
const MANAGE = { own: ['nzs_sfs'], subtree: ['nzs_sfs'], neighbour: ['nb_sfs'] } satisfies Record<Target, DemoUsername[]>;
const EXPORT = { own: ['county', 'nzs_sfs', 'nzs_leader'], subtree: ['county', 'nzs_sfs', 'nzs_leader'], neighbour: ['county', 'nb_sfs'] } satisfies Record<Target, DemoUsername[]>;

export const disputesAuthz: AuthzSuite<DisputeFixtures> = {
  name: 'mediation disputes',
  async setup(env) {
    const org = { own: env.ids.nzs, subtree: env.ids.nzsVillages[1], neighbour: env.ids.nb };
    const committee = {
      own: await ensureCommittee(env, org.own, '娘调'),
      subtree: await ensureCommittee(env, org.subtree, '东沟村调'),
      neighbour: await ensureCommittee(env, org.neighbour, '白调'),
    };
    const assignments = {
      own: [{ mediatorId: await insertMediator(env, committee.own, org.own, '矩阵调解员甲', null), role: 'lead' as const }],
      // nzs_mediator sits on the village committee and leads this case: her 'self' grant reaches it.
      subtree: [{ mediatorId: await insertMediator(env, committee.subtree, org.subtree, '张桂兰', env.ids.users.nzs_mediator), role: 'lead' as const }],
      neighbour: [{ mediatorId: await insertMediator(env, committee.neighbour, org.neighbour, '矩阵调解员丙', null), role: 'lead' as const }],
    };
    const staff = (t: Target) => (t === 'neighbour' ? 'nb_sfs' : 'nzs_sfs');
    const dispute = {} as Record<Target, string>;
    const session = {} as Record<Target, string>;
    const file = {} as Record<Target, string>;
    const followUp = {} as Record<Target, string>;
    const party = {} as Record<Target, string>;
    for (const t of TARGETS) {
      const u = staff(t);
      const created = await as(env, u, 'POST', BASE, disputeBody(committee[t], assignments[t]));
      dispute[t] = created.id;
      party[t] = created.parties[0].id;
      session[t] = (await as(env, u, 'POST', `${BASE}/${dispute[t]}/sessions`, { heldOn: '2025-05-08', notes: '现场查看，听取陈述。' })).id;
      file[t] = await uploadPdf(env, u, `${BASE}/${dispute[t]}/sessions/${session[t]}/attachments`);
      await as(env, u, 'PUT', `${BASE}/${dispute[t]}/agreement`, AGREEMENT);
      followUp[t] = (await as(env, u, 'POST', `${BASE}/${dispute[t]}/follow-ups`, {})).id;
    }
    return { org, committee, dispute, session, file, followUp, party, assignments };
  },
  cases: [
    { route: `GET ${BASE}`, request: (f, t) => ({ url: `${BASE}?orgId=${f.org[t]}` }), allow: LIST },
    { route: `POST ${BASE}`, request: (f, t) => ({ url: BASE, body: disputeBody(f.committee[t], []) }), allow: WRITE },
    { route: `GET ${BASE}/:id`, request: (f, t) => ({ url: `${BASE}/${f.dispute[t]}` }), allow: READ },
    // version 1 is stale by now: allowed users get 409, the others 403
    { route: `PATCH ${BASE}/:id`, request: (f, t) => ({ url: `${BASE}/${f.dispute[t]}`, body: { version: 1, riskLevel: 'low' } }), allow: WRITE },
    // version 1 is stale here too: allowed users get 409, the others 403 (the same grants as the other case writes)
    {
      route: `POST ${BASE}/:id/parties`,
      request: (f, t) => ({ url: `${BASE}/${f.dispute[t]}/parties`, body: { kind: 'organisation', role: 'other', version: 1, name: '矩阵测试单位' } }),
      allow: WRITE,
    },
    {
      route: `PUT ${BASE}/:id/parties/:partyId`,
      request: (f, t) => ({ url: `${BASE}/${f.dispute[t]}/parties/${f.party[t]}`, body: { kind: 'person', role: 'applicant', version: 1, person: { name: '矩阵甲' } } }),
      allow: WRITE,
    },
    // the same set again, so nzs_mediator keeps her case for the rows below
    { route: `PUT ${BASE}/:id/assignments`, request: (f, t) => ({ url: `${BASE}/${f.dispute[t]}/assignments`, body: { assignments: f.assignments[t] } }), allow: MANAGE },
    { route: `POST ${BASE}/:id/sessions`, request: (f, t) => ({ url: `${BASE}/${f.dispute[t]}/sessions`, body: { heldOn: '2025-05-09', notes: '再次调解。' } }), allow: WRITE },
    // no file in the request: allowed users get 400
    { route: `POST ${BASE}/:id/attachments`, request: (f, t) => ({ url: `${BASE}/${f.dispute[t]}/attachments` }), allow: WRITE },
    { route: `POST ${BASE}/:id/sessions/:sessionId/attachments`, request: (f, t) => ({ url: `${BASE}/${f.dispute[t]}/sessions/${f.session[t]}/attachments` }), allow: WRITE },
    { route: 'GET /api/v1/mediation/files/:fileId', request: (f, t) => ({ url: `/api/v1/mediation/files/${f.file[t]}` }), allow: READ },
    { route: `GET ${BASE}/:id/agreement.docx`, request: (f, t) => ({ url: `${BASE}/${f.dispute[t]}/agreement.docx` }), allow: EXPORT },
    { route: `PUT ${BASE}/:id/agreement`, request: (f, t) => ({ url: `${BASE}/${f.dispute[t]}/agreement`, body: AGREEMENT }), allow: WRITE },
    {
      route: `PUT ${BASE}/:id/judicial-confirmation`,
      request: (f, t) => ({ url: `${BASE}/${f.dispute[t]}/judicial-confirmation`, body: { appliedOn: '2025-05-20', court: '示范县人民法院' } }),
      allow: WRITE,
    },
    { route: `POST ${BASE}/:id/follow-ups`, request: (f, t) => ({ url: `${BASE}/${f.dispute[t]}/follow-ups`, body: { dueOn: '2025-07-01' } }), allow: WRITE },
    {
      route: `PATCH ${BASE}/:id/follow-ups/:followUpId`,
      request: (f, t) => ({ url: `${BASE}/${f.dispute[t]}/follow-ups/${f.followUp[t]}`, body: { doneOn: '2025-06-30', method: '电话回访', performance: 'performed' } }),
      allow: WRITE,
    },
    {
      route: `POST ${BASE}/:id/referrals`,
      request: (f, t) => ({ url: `${BASE}/${f.dispute[t]}/referrals`, body: { target: 'litigation', referredOn: '2025-05-09', receiver: '示范县人民法院' } }),
      allow: WRITE,
    },
    // judicial confirmation is on record by now: allowed users get 409
    { route: `DELETE ${BASE}/:id/agreement`, request: (f, t) => ({ url: `${BASE}/${f.dispute[t]}/agreement` }), allow: WRITE },
    { route: `POST ${BASE}/:id/close`, request: (f, t) => ({ url: `${BASE}/${f.dispute[t]}/close`, body: { outcome: 'success', closedOn: '2025-05-10' } }), allow: WRITE },
  ],
};
