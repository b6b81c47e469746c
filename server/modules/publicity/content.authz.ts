import type { AuthzSuite, DemoUsername, Target } from '../../testing/authz.ts';
import type { TestEnv } from '../../testing/harness.ts';

/**
 * Authorization rows for the content library. Readers (publicity.read): county; the 娘子神乡 司法所,
 * leader, officer, reviewer and read-only users on their township's subtree; nb_sfs on 白杨镇 (the
 * grid worker reads the township's published items only, see READ_PUBLISHED). Writers (publicity.write):
 * county, nzs_sfs, nzs_leader, nzs_officer; nb_sfs. Reviewers (publicity.manage): county, nzs_sfs,
 * nzs_leader; nb_sfs — but never on their own work (四眼原则): the items reviewed here are written
 * and submitted by nzs_officer (娘子神乡) and nb_sfs (白杨镇), so nb_sfs may not review its own.
 * Uploads also need file.upload (nzs_sfs, nzs_officer, nb_sfs). 'own' is an item of the township,
 * 'subtree' one of its 司法所 department, 'neighbour' one of 白杨镇. Items whose state a request
 * changes are made fresh for each request.
 */
const B = '/api/v1/publicity/contents';

const READ: Record<Target, DemoUsername[]> = {
  own: ['county', 'nzs_sfs', 'nzs_leader', 'nzs_officer', 'nzs_reviewer', 'nzs_readonly'],
  subtree: ['county', 'nzs_sfs', 'nzs_leader', 'nzs_officer', 'nzs_reviewer', 'nzs_readonly'],
  neighbour: ['county', 'nb_sfs'],
};
/**
 * Published items are public: the grid worker of 东沟村 also reads those of 娘子神乡 (its 司法所's
 * included) to pass on its village link — the list (which then holds only published items) and the
 * share outputs; never the neighbour's (content.service.ts publishedScope).
 */
const READ_PUBLISHED: Record<Target, DemoUsername[]> = { own: [...READ.own, 'nzs_grid'], subtree: [...READ.subtree, 'nzs_grid'], neighbour: READ.neighbour };
const WRITE: Record<Target, DemoUsername[]> = {
  own: ['county', 'nzs_sfs', 'nzs_leader', 'nzs_officer'],
  subtree: ['county', 'nzs_sfs', 'nzs_leader', 'nzs_officer'],
  neighbour: ['county', 'nb_sfs'],
};
const MANAGE: Record<Target, DemoUsername[]> = { own: ['county', 'nzs_sfs', 'nzs_leader'], subtree: ['county', 'nzs_sfs', 'nzs_leader'], neighbour: ['county', 'nb_sfs'] };
/** Reviewing someone else's work: nb_sfs wrote the neighbour's items. */
const REVIEW: Record<Target, DemoUsername[]> = { own: ['county', 'nzs_sfs', 'nzs_leader'], subtree: ['county', 'nzs_sfs', 'nzs_leader'], neighbour: ['county'] };
const UPLOAD: Record<Target, DemoUsername[]> = { own: ['nzs_sfs', 'nzs_officer'], subtree: ['nzs_sfs', 'nzs_officer'], neighbour: ['nb_sfs'] };

interface Fixtures {
  org: Record<Target, string>;
  draft: Record<Target, string>;
  published: Record<Target, string>;
  file: Record<Target, string>;
}

type State = 'draft' | 'review' | 'published' | 'withdrawn';

async function ok(env: TestEnv, user: string, method: string, url: string, body?: unknown) {
  const res = await env.call(method, url, { cookie: await env.login(user), body });
  if (res.statusCode !== 200) throw new Error(`${method} ${url} as ${user}: ${res.statusCode} ${res.body}`);
  return res.json();
}

const DECLARATION = { declaration: { noMinors: true, noMediationAgreement: true } };

/** An article of the target's org in the given state: written by nzs_officer (白杨镇: nb_sfs), reviewed by nzs_sfs (白杨镇: county). */
async function item(env: TestEnv, f: Pick<Fixtures, 'org'>, t: Target, state: State): Promise<string> {
  const author = t === 'neighbour' ? 'nb_sfs' : 'nzs_officer';
  const reviewer = t === 'neighbour' ? 'county' : 'nzs_sfs';
  const { id } = await ok(env, author, 'POST', B, { orgId: f.org[t], kind: 'article', title: '矩阵文章', bodyHtml: '<p>宪法是国家的根本法。</p>', themes: ['constitution'] });
  if (state === 'draft') return id;
  await ok(env, author, 'POST', `${B}/${id}/submit`, DECLARATION);
  if (state === 'review') return id;
  await ok(env, reviewer, 'POST', `${B}/${id}/publish`, {});
  if (state === 'published') return id;
  await ok(env, reviewer, 'POST', `${B}/${id}/withdraw`, { reason: '矩阵撤回' });
  return id;
}

async function upload(env: TestEnv, user: string, id: string): Promise<string> {
  const boundary = 'authzBoundary';
  // the smallest PNG: signature + IHDR + IDAT + IEND of a 1×1 image
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082', 'hex');
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="图.png"\r\nContent-Type: image/png\r\n\r\n`),
    png,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await env.app.inject({ method: 'POST', url: `${B}/${id}/files`, payload, headers: { cookie: await env.login(user), 'content-type': `multipart/form-data; boundary=${boundary}` } });
  if (res.statusCode !== 200) throw new Error(`upload: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

const per = async <T>(fn: (t: Target) => Promise<T>): Promise<Record<Target, T>> => ({ own: await fn('own'), subtree: await fn('subtree'), neighbour: await fn('neighbour') });

export const contentAuthz: AuthzSuite<Fixtures> = {
  name: 'publicity 普法内容库',
  async setup(env) {
    const org = { own: env.ids.nzs, subtree: env.ids.nzsDepartments.司法所, neighbour: env.ids.nb };
    const draft = await per((t) => item(env, { org }, t, 'draft'));
    const file = await per((t) => upload(env, t === 'neighbour' ? 'nb_sfs' : 'nzs_sfs', draft[t]));
    const published = await per((t) => item(env, { org }, t, 'published'));
    return { org, draft, published, file };
  },
  cases: [
    { route: `GET ${B}`, request: (f, t) => ({ url: `${B}?orgId=${f.org[t]}` }), allow: READ_PUBLISHED },
    { route: `POST ${B}`, request: (f, t) => ({ url: B, body: { orgId: f.org[t], kind: 'article', title: '矩阵新建', bodyHtml: '<p>正文</p>' } }), allow: WRITE },
    { route: `GET ${B}/:id`, request: (f, t) => ({ url: `${B}/${f.draft[t]}` }), allow: READ },
    { route: `PATCH ${B}/:id`, request: (f, t) => ({ url: `${B}/${f.draft[t]}`, body: { title: '矩阵文章（修改）' } }), allow: WRITE },
    { route: `DELETE ${B}/:id`, request: async (f, t, env) => ({ url: `${B}/${await item(env, f, t, 'draft')}` }), allow: WRITE },
    { route: `POST ${B}/:id/submit`, request: async (f, t, env) => ({ url: `${B}/${await item(env, f, t, 'draft')}/submit`, body: DECLARATION }), allow: WRITE },
    { route: `POST ${B}/:id/publish`, request: async (f, t, env) => ({ url: `${B}/${await item(env, f, t, 'review')}/publish`, body: {} }), allow: REVIEW },
    { route: `POST ${B}/:id/reject`, request: async (f, t, env) => ({ url: `${B}/${await item(env, f, t, 'review')}/reject`, body: { note: '请补充案例' } }), allow: REVIEW },
    { route: `POST ${B}/:id/withdraw`, request: async (f, t, env) => ({ url: `${B}/${await item(env, f, t, 'published')}/withdraw`, body: { reason: '内容需更新' } }), allow: MANAGE },
    { route: `POST ${B}/:id/reopen`, request: async (f, t, env) => ({ url: `${B}/${await item(env, f, t, 'withdrawn')}/reopen` }), allow: WRITE },
    // JSON instead of multipart: a permitted user gets 400 (no file), the others 403
    { route: `POST ${B}/:id/files`, request: (f, t) => ({ url: `${B}/${f.draft[t]}/files`, body: {} }), allow: UPLOAD },
    { route: `GET ${B}/:id/files/:fileId`, request: (f, t) => ({ url: `${B}/${f.draft[t]}/files/${f.file[t]}` }), allow: READ },
    { route: `GET ${B}/:id/share`, request: (f, t) => ({ url: `${B}/${f.published[t]}/share` }), allow: READ_PUBLISHED },
    { route: `GET ${B}/:id/qr.png`, request: (f, t) => ({ url: `${B}/${f.published[t]}/qr.png` }), allow: READ_PUBLISHED },
    { route: `GET ${B}/:id/poster.png`, request: (f, t) => ({ url: `${B}/${f.published[t]}/poster.png` }), allow: READ_PUBLISHED },
    { route: `GET ${B}/:id/wechat`, request: (f, t) => ({ url: `${B}/${f.published[t]}/wechat` }), allow: READ_PUBLISHED },
  ],
};
