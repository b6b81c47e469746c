import {
  NEW_MEDIA_TARGET_DEFAULT,
  NEW_MEDIA_TARGET_MAX,
  NEW_MEDIA_TARGET_MIN,
  NEW_MEDIA_TARGET_SETTING,
  type TPublicitySettings,
  type TPublicitySettingsInput,
} from '../../../common/schemas/publicity-report.ts';
import type { Executor } from '../../db/index.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, inTx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { can, orgPathInScope, requireOrgInScope, scopeOf } from '../../platform/permissions.ts';
import { nowIso } from '../../platform/time.ts';

/**
 * 新媒体普法占比目标: the share of done publicity events that should use at least one new-media
 * channel (the source report's weakness 二: "运用微信、抖音等新媒体开展普法宣传的频次不够"). There is
 * no national figure, so it is a setting: per org in the `settings` table, inherited down the org
 * tree (the nearest org on the path that set it wins, like the mediation follow-up days), default
 * 30 %. Set by publicity.manage on a township or the county; read with publicity.read.
 */

/** A stored value outside 0–100 (an old or hand-edited row) is skipped, not trusted. */
function validPct(value: string | undefined): number | null {
  const n = value === undefined ? Number.NaN : Number(value);
  return Number.isInteger(n) && n >= NEW_MEDIA_TARGET_MIN && n <= NEW_MEDIA_TARGET_MAX ? n : null;
}

/** The target for an org path ('/county/township/village/'): the nearest setting, else the default. */
export async function resolveNewMediaTarget(db: Executor, orgPath: string): Promise<{ pct: number; fromOrgId: string | null }> {
  const ancestors = orgPath.split('/').filter(Boolean);
  if (ancestors.length === 0) return { pct: NEW_MEDIA_TARGET_DEFAULT, fromOrgId: null };
  const rows = await db.selectFrom('settings').select(['org_id', 'value']).where('key', '=', NEW_MEDIA_TARGET_SETTING).where('org_id', 'in', ancestors).execute();
  for (const id of [...ancestors].reverse()) {
    const pct = validPct(rows.find((x) => x.org_id === id)?.value);
    if (pct !== null) return { pct, fromOrgId: id };
  }
  return { pct: NEW_MEDIA_TARGET_DEFAULT, fromOrgId: null };
}

async function view(ctx: Ctx, db: Executor, org: { id: string; path: string; kind: string }): Promise<TPublicitySettings> {
  const { pct, fromOrgId } = await resolveNewMediaTarget(db, org.path);
  const from = fromOrgId ? await db.selectFrom('orgs').select('name').where('id', '=', fromOrgId).executeTakeFirst() : undefined;
  const actor = ctx.actor;
  return {
    orgId: org.id,
    newMediaTargetPct: pct,
    source: fromOrgId === null ? 'default' : fromOrgId === org.id ? 'own' : 'inherited',
    fromOrgId,
    fromOrgName: from?.name ?? null,
    defaultNewMediaTargetPct: NEW_MEDIA_TARGET_DEFAULT,
    canEdit: !!actor && can(actor, 'publicity.manage') && (org.kind === 'township' || org.kind === 'county') && orgPathInScope(scopeOf(actor, 'publicity.manage'), org.id, org.path),
  };
}

/** The effective target of an org in the reader's scope (a village shows its township's value). */
export async function getPublicitySettings(ctx: Ctx, orgId: string): Promise<TPublicitySettings> {
  const org = await requireOrgInScope(ctx, 'publicity.read', orgId);
  return view(ctx, ctx.db, org);
}

/** Sets a township's (or the county's) target; audited with before/after. Findings use it at once. */
export async function setPublicitySettings(ctx: Ctx, input: TPublicitySettingsInput): Promise<TPublicitySettings> {
  const org = await requireOrgInScope(ctx, 'publicity.manage', input.orgId);
  if (org.kind !== 'township' && org.kind !== 'county') throw new AppError('VALIDATION', [{ field: 'orgId', key: 'publicity_settings_org_kind' }]);
  return inTx(ctx, async (tx) => {
    const before = await tx.db.selectFrom('settings').select('value').where('org_id', '=', org.id).where('key', '=', NEW_MEDIA_TARGET_SETTING).executeTakeFirst();
    const at = nowIso();
    const value = String(input.newMediaTargetPct);
    await tx.db
      .insertInto('settings')
      .values({ org_id: org.id, key: NEW_MEDIA_TARGET_SETTING, value, updated_at: at })
      .onConflict((oc) => oc.columns(['org_id', 'key']).doUpdateSet({ value, updated_at: at }))
      .execute();
    await recordAudit(tx, {
      entity: 'setting',
      entityId: `${org.id}:${NEW_MEDIA_TARGET_SETTING}`,
      action: 'setting.update',
      orgId: org.id,
      before: { key: NEW_MEDIA_TARGET_SETTING, value: before ? Number(before.value) : null },
      after: { key: NEW_MEDIA_TARGET_SETTING, value: input.newMediaTargetPct },
    });
    return view(ctx, tx.db, org);
  });
}
