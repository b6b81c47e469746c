import type { AuthzSuite, DemoUsername, Target } from '../../testing/authz.ts';
import type { TestEnv } from '../../testing/harness.ts';

/**
 * Authorization rows for publicity events and campaigns. Readers (publicity.read): county; the
 * 娘子神乡 司法所, leader, officer, reviewer and read-only users on the township's subtree; the grid
 * worker on their village only (scope 'org'); nb_sfs on 白杨镇. Writers (publicity.write): county,
 * nzs_sfs, nzs_leader, nzs_officer, the grid worker on their village, nb_sfs. Uploads also need
 * file.upload (not the county office nor the leader). Campaigns: publicity.manage (county, nzs_sfs,
 * nzs_leader, nb_sfs); a township campaign is read by the grid worker of a village below it. The
 * mediator and the three administrators hold none. Targets: 'own' is a township-level record of
 * 娘子神乡, 'subtree' one of the grid worker's village (东沟村), 'neighbour' one of 白杨镇.
 */
interface Fixtures {
  org: Record<Target, string>;
  event: Record<Target, string>;
  file: Record<Target, string>;
  campaign: Record<Target, string | null>;
}

const READ: Record<Target, DemoUsername[]> = {
  own: ['county', 'nzs_sfs', 'nzs_leader', 'nzs_officer', 'nzs_reviewer', 'nzs_readonly'],
  subtree: ['county', 'nzs_sfs', 'nzs_leader', 'nzs_officer', 'nzs_reviewer', 'nzs_grid', 'nzs_readonly'],
  neighbour: ['county', 'nb_sfs'],
};
const WRITE: Record<Target, DemoUsername[]> = {
  own: ['county', 'nzs_sfs', 'nzs_leader', 'nzs_officer'],
  subtree: ['county', 'nzs_sfs', 'nzs_leader', 'nzs_officer', 'nzs_grid'],
  neighbour: ['county', 'nb_sfs'],
};
const UPLOAD: Record<Target, DemoUsername[]> = { own: ['nzs_sfs', 'nzs_officer'], subtree: ['nzs_sfs', 'nzs_officer', 'nzs_grid'], neighbour: ['nb_sfs'] };
const MANAGE: Record<Target, DemoUsername[]> = { own: ['county', 'nzs_sfs', 'nzs_leader'], subtree: [], neighbour: ['county', 'nb_sfs'] };
/** A township campaign: its readers, and the grid worker of a village below it. */
const CAMPAIGN_READ: Record<Target, DemoUsername[]> = { own: [...READ.own, 'nzs_grid'], subtree: [], neighbour: READ.neighbour };

const B = '/api/v1/publicity';
const WRITER: Record<Target, string> = { own: 'nzs_sfs', subtree: 'nzs_grid', neighbour: 'nb_sfs' };

async function post(env: TestEnv, user: string, url: string, body: unknown): Promise<string> {
  const res = await env.call('POST', url, { cookie: await env.login(user), body });
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

const eventBody = (orgId: string) => ({ orgId, heldOn: '2024-04-15', channels: ['door_to_door'], themes: ['national_security'], audienceCount: 20 });
const newEvent = (env: TestEnv, f: Fixtures, t: Target) => post(env, WRITER[t], `${B}/events`, eventBody(f.org[t]));

async function upload(env: TestEnv, user: string, eventId: string): Promise<string> {
  const boundary = 'authzBoundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="现场.txt"\r\nContent-Type: text/plain\r\n\r\n`),
    Buffer.from('活动记录'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await env.app.inject({ method: 'POST', url: `${B}/events/${eventId}/files`, payload, headers: { cookie: await env.login(user), 'content-type': `multipart/form-data; boundary=${boundary}` } });
  if (res.statusCode !== 200) throw new Error(`upload: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

export const eventsAuthz: AuthzSuite<Fixtures> = {
  name: 'publicity 普法宣传活动、专项活动',
  async setup(env) {
    const org = { own: env.ids.nzs, subtree: env.ids.nzsVillages[1], neighbour: env.ids.nb };
    const f: Fixtures = { org, event: { own: '', subtree: '', neighbour: '' }, file: { own: '', subtree: '', neighbour: '' }, campaign: { own: null, subtree: null, neighbour: null } };
    for (const t of ['own', 'subtree', 'neighbour'] as Target[]) {
      f.event[t] = await newEvent(env, f, t);
      f.file[t] = await upload(env, WRITER[t], f.event[t]);
    }
    f.campaign.own = await post(env, 'nzs_sfs', `${B}/campaigns`, { orgId: org.own, title: '矩阵宪法宣传周', startsOn: '2024-12-01', endsOn: '2024-12-07' });
    f.campaign.neighbour = await post(env, 'nb_sfs', `${B}/campaigns`, { orgId: org.neighbour, title: '矩阵宪法宣传周', startsOn: '2024-12-01', endsOn: '2024-12-07' });
    return f;
  },
  cases: [
    { route: `GET ${B}/events`, request: (f, t) => ({ url: `${B}/events?orgId=${f.org[t]}` }), allow: READ },
    { route: `GET ${B}/events/options`, request: (f, t) => ({ url: `${B}/events/options?orgId=${f.org[t]}` }), allow: READ },
    { route: `GET ${B}/events.xlsx`, request: (f, t) => ({ url: `${B}/events.xlsx?year=2024&orgId=${f.org[t]}` }), allow: READ },
    { route: `POST ${B}/events`, request: (f, t) => ({ url: `${B}/events`, body: eventBody(f.org[t]) }), allow: WRITE },
    { route: `GET ${B}/events/:id`, request: (f, t) => ({ url: `${B}/events/${f.event[t]}` }), allow: READ },
    { route: `PATCH ${B}/events/:id`, request: (f, t) => ({ url: `${B}/events/${f.event[t]}`, body: { place: '村委会广场', audienceCount: 25 } }), allow: WRITE },
    // a fresh event for every user: the first permitted one deletes it
    { route: `DELETE ${B}/events/:id`, request: async (f, t, env) => ({ url: `${B}/events/${await newEvent(env, f, t)}` }), allow: WRITE },
    // JSON instead of multipart: a permitted user gets 400 (no file), the others 403
    { route: `POST ${B}/events/:id/files`, request: (f, t) => ({ url: `${B}/events/${f.event[t]}/files`, body: {} }), allow: UPLOAD },
    { route: `GET ${B}/events/:id/files/:fileId`, request: (f, t) => ({ url: `${B}/events/${f.event[t]}/files/${f.file[t]}` }), allow: READ },
    {
      route: `DELETE ${B}/events/:id/files/:fileId`,
      request: async (f, t, env) => ({ url: `${B}/events/${f.event[t]}/files/${await upload(env, WRITER[t], f.event[t])}` }),
      allow: WRITE,
    },
    { route: `GET ${B}/campaigns`, request: (f, t) => ({ url: `${B}/campaigns?orgId=${f.org[t]}` }), allow: READ },
    {
      route: `POST ${B}/campaigns`,
      request: (f, t) => (t === 'subtree' ? null : { url: `${B}/campaigns`, body: { orgId: f.org[t], title: '矩阵民法典宣传月', startsOn: '2025-05-01', endsOn: '2025-05-31', targetEvents: 10 } }),
      allow: MANAGE,
    },
    { route: `GET ${B}/campaigns/:id`, request: (f, t) => (f.campaign[t] ? { url: `${B}/campaigns/${f.campaign[t]}` } : null), allow: CAMPAIGN_READ },
    { route: `PATCH ${B}/campaigns/:id`, request: (f, t) => (f.campaign[t] ? { url: `${B}/campaigns/${f.campaign[t]}`, body: { goals: '全覆盖' } } : null), allow: MANAGE },
  ],
};
