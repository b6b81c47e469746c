import { uuidv7 } from '../../../common/ids.ts';
import { DEMO_USERNAMES, type AuthzSuite, type DemoUsername, type Target } from '../../testing/authz.ts';
import type { TestEnv } from '../../testing/harness.ts';
import { systemCtx } from '../context.ts';
import { enqueueJob } from '../jobs/jobs.service.ts';
import { notify, WEBHOOK_JOB } from './notify.service.ts';

/**
 * Authorization rows for the robots, deliveries and the bell. Hand-written from common/roles.ts and
 * the demo users: notify.manage — admin (sys_admin, county subtree), nzs_sfs and nzs_leader
 * (娘子神乡 subtree), nb_sfs (白杨镇). A user's notifications are theirs alone: everyone may call
 * the bell's routes, and another user's notification answers 404 (counted as denied).
 */
export interface NotifyFixtures {
  org: Record<Target, string>;
  robot: Record<Target, string>;
  name: Record<Target, string>;
  /** Robots whose URL the platform refuses to call here: "send a test" answers at once, no network. */
  offline: Record<Target, string>;
  delivery: Record<Target, string>;
  notification: Record<Target, string>;
}

const manage = {
  own: ['admin', 'nzs_sfs', 'nzs_leader'],
  subtree: ['admin', 'nzs_sfs', 'nzs_leader'],
  neighbour: ['admin', 'nb_sfs'],
} satisfies Record<Target, DemoUsername[]>;
const everyone = { own: DEMO_USERNAMES, subtree: DEMO_USERNAMES, neighbour: DEMO_USERNAMES };
const HOOK = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=authz-matrix';

async function createRobot(env: TestEnv, user: string, orgId: string, name: string): Promise<string> {
  const res = await env.call('POST', '/api/v1/notify/webhooks', { cookie: await env.login(user), body: { orgId, name, kind: 'wecom', url: HOOK } });
  if (res.statusCode !== 200) throw new Error(`create robot as ${user}: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

/** Written directly: no route accepts this URL, which is the point (the test send is refused before any network). */
async function offlineRobot(env: TestEnv, orgId: string): Promise<string> {
  const at = new Date().toISOString();
  const id = uuidv7();
  await env.deps.database.db
    .insertInto('org_webhooks')
    .values({ id, org_id: orgId, name: '矩阵测试（离线）', kind: 'wecom', url_enc: env.deps.crypto.encrypt('https://127.0.0.1:9/offline'), url_hint: 'https://127.0.0.1:9/offline', secret_enc: null, enabled: 1, created_at: at, updated_at: at })
    .execute();
  return id;
}

async function failedDelivery(env: TestEnv, orgId: string, robot: string): Promise<string> {
  const id = (await enqueueJob(systemCtx(env.deps), { kind: WEBHOOK_JOB, orgId, payload: { webhookId: robot, kind: 'authz', title: '矩阵测试', body: '', href: '/' } }))!;
  await env.deps.database.db.updateTable('jobs').set({ state: 'failed', attempts: 8, last_error: 'authz fixture' }).where('id', '=', id).execute();
  return id;
}

async function noteFor(env: TestEnv, orgId: string, user: string): Promise<string> {
  const key = `authz:${uuidv7()}`;
  await notify(systemCtx(env.deps), { orgId, kind: 'authz', title: '矩阵测试提醒', body: '', href: '/', userIds: [env.ids.users[user]], dedupeKey: key });
  const row = await env.deps.database.db.selectFrom('notifications').select('id').where('dedupe_key', '=', key).executeTakeFirstOrThrow();
  return row.id;
}

export const notifyAuthz: AuthzSuite<NotifyFixtures> = {
  name: 'reminders: group robots, deliveries, my notifications',
  async setup(env) {
    const org = { own: env.ids.nzs, subtree: env.ids.nzsDepartments.司法所, neighbour: env.ids.nb };
    const name = { own: '娘子神乡工作群', subtree: '司法所工作群', neighbour: '白杨镇工作群' };
    const robot = {
      own: await createRobot(env, 'nzs_sfs', org.own, name.own),
      subtree: await createRobot(env, 'nzs_sfs', org.subtree, name.subtree),
      neighbour: await createRobot(env, 'nb_sfs', org.neighbour, name.neighbour),
    };
    const offline = { own: await offlineRobot(env, org.own), subtree: await offlineRobot(env, org.subtree), neighbour: await offlineRobot(env, org.neighbour) };
    const delivery = {
      own: await failedDelivery(env, org.own, robot.own),
      subtree: await failedDelivery(env, org.subtree, robot.subtree),
      neighbour: await failedDelivery(env, org.neighbour, robot.neighbour),
    };
    const notification = {
      own: await noteFor(env, org.own, 'nzs_sfs'),
      subtree: await noteFor(env, env.ids.nzsVillages[1], 'nzs_grid'),
      neighbour: await noteFor(env, org.neighbour, 'nb_sfs'),
    };
    return { org, robot, name, offline, delivery, notification };
  },
  cases: [
    { route: 'GET /api/v1/notify/webhooks', request: (f, t) => ({ url: `/api/v1/notify/webhooks?orgId=${f.org[t]}` }), allow: manage },
    {
      route: 'POST /api/v1/notify/webhooks',
      request: (f, t) => ({ url: '/api/v1/notify/webhooks', body: { orgId: f.org[t], name: '矩阵新增', kind: 'dingtalk', url: HOOK, enabled: false } }),
      allow: manage,
    },
    // the same name again: allowed users change nothing
    { route: 'PATCH /api/v1/notify/webhooks/:id', request: (f, t) => ({ url: `/api/v1/notify/webhooks/${f.robot[t]}`, body: { name: f.name[t] } }), allow: manage },
    {
      route: 'DELETE /api/v1/notify/webhooks/:id',
      // a fresh robot per attempt: a second allowed user would otherwise meet a 404
      request: async (f, t, env) => ({ url: `/api/v1/notify/webhooks/${await offlineRobot(env, f.org[t])}` }),
      allow: manage,
    },
    { route: 'POST /api/v1/notify/webhooks/:id/test', request: (f, t) => ({ url: `/api/v1/notify/webhooks/${f.offline[t]}/test` }), allow: manage },
    { route: 'GET /api/v1/notify/deliveries', request: (f, t) => ({ url: `/api/v1/notify/deliveries?orgId=${f.org[t]}` }), allow: manage },
    // failed → pending; a pending delivery may be retried again ("send now"), so every allowed user gets through
    { route: 'POST /api/v1/notify/deliveries/:id/retry', request: (f, t) => ({ url: `/api/v1/notify/deliveries/${f.delivery[t]}/retry` }), allow: manage },
    { route: 'GET /api/v1/notifications', request: (_f, t) => (t === 'own' ? { url: '/api/v1/notifications' } : null), allow: everyone },
    { route: 'GET /api/v1/notifications/unread-count', request: (_f, t) => (t === 'own' ? { url: '/api/v1/notifications/unread-count' } : null), allow: everyone },
    { route: 'POST /api/v1/notifications/read-all', request: (_f, t) => (t === 'own' ? { url: '/api/v1/notifications/read-all' } : null), allow: everyone },
    {
      route: 'POST /api/v1/notifications/:id/read',
      request: (f, t) => ({ url: `/api/v1/notifications/${f.notification[t]}/read` }),
      allow: { own: ['nzs_sfs'], subtree: ['nzs_grid'], neighbour: ['nb_sfs'] },
    },
  ],
};
