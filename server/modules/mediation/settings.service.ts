import { FOLLOW_UP_DAYS_DEFAULT, FOLLOW_UP_DAYS_SETTING } from '../../../common/mediation-enums.ts';
import { FOLLOW_UP_DAYS_MAX, FOLLOW_UP_DAYS_MIN, type TMediationSettings, type TMediationSettingsInput } from '../../../common/schemas/mediation-admin.ts';
import type { Executor } from '../../db/index.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, inTx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { requireOrgInScope } from '../../platform/permissions.ts';
import { nowIso } from '../../platform/time.ts';

/**
 * The module's settings per org (`settings` table), inherited down the org tree: the nearest org on
 * the path that set a value wins, so a township may differ from the county. Set by the 司法所
 * (mediation.manage) on its township, or on the county; read by anyone with mediation.read there.
 */

/** A stored value outside the accepted range (an old or hand-edited row) is skipped, not trusted. */
function validDays(value: string | undefined): number | null {
  const n = value === undefined ? Number.NaN : Number(value);
  return Number.isInteger(n) && n >= FOLLOW_UP_DAYS_MIN && n <= FOLLOW_UP_DAYS_MAX ? n : null;
}

/** 回访期限 for an org path ('/county/township/village/'): the nearest setting, else the default. */
export async function resolveFollowUpDays(db: Executor, orgPath: string): Promise<{ days: number; fromOrgId: string | null }> {
  const ancestors = orgPath.split('/').filter(Boolean);
  if (ancestors.length === 0) return { days: FOLLOW_UP_DAYS_DEFAULT, fromOrgId: null };
  const rows = await db.selectFrom('settings').select(['org_id', 'value']).where('key', '=', FOLLOW_UP_DAYS_SETTING).where('org_id', 'in', ancestors).execute();
  for (const id of [...ancestors].reverse()) {
    const days = validDays(rows.find((x) => x.org_id === id)?.value);
    if (days !== null) return { days, fromOrgId: id };
  }
  return { days: FOLLOW_UP_DAYS_DEFAULT, fromOrgId: null };
}

async function view(db: Executor, org: { id: string; path: string }): Promise<TMediationSettings> {
  const { days, fromOrgId } = await resolveFollowUpDays(db, org.path);
  const from = fromOrgId ? await db.selectFrom('orgs').select('name').where('id', '=', fromOrgId).executeTakeFirst() : undefined;
  return {
    orgId: org.id,
    followUpDays: days,
    followUpDaysSource: fromOrgId === null ? 'default' : fromOrgId === org.id ? 'own' : 'inherited',
    fromOrgId,
    fromOrgName: from?.name ?? null,
    defaultFollowUpDays: FOLLOW_UP_DAYS_DEFAULT,
  };
}

/** The effective settings of an org in the reader's scope (a village shows its township's value). */
export async function getMediationSettings(ctx: Ctx, orgId: string): Promise<TMediationSettings> {
  const org = await requireOrgInScope(ctx, 'mediation.read', orgId);
  return view(ctx.db, org);
}

/** Sets a township's (or the county's) 回访期限; audited with before/after. New follow-ups use it, scheduled ones keep their day. */
export async function setMediationSettings(ctx: Ctx, input: TMediationSettingsInput): Promise<TMediationSettings> {
  const org = await requireOrgInScope(ctx, 'mediation.manage', input.orgId);
  if (org.kind !== 'township' && org.kind !== 'county') throw new AppError('VALIDATION', [{ field: 'orgId', key: 'settings_org_kind' }]);
  return inTx(ctx, async (tx) => {
    const before = await tx.db.selectFrom('settings').select('value').where('org_id', '=', org.id).where('key', '=', FOLLOW_UP_DAYS_SETTING).executeTakeFirst();
    const at = nowIso();
    const value = String(input.followUpDays);
    await tx.db
      .insertInto('settings')
      .values({ org_id: org.id, key: FOLLOW_UP_DAYS_SETTING, value, updated_at: at })
      .onConflict((oc) => oc.columns(['org_id', 'key']).doUpdateSet({ value, updated_at: at }))
      .execute();
    await recordAudit(tx, {
      entity: 'setting',
      entityId: `${org.id}:${FOLLOW_UP_DAYS_SETTING}`,
      action: 'setting.update',
      orgId: org.id,
      before: { key: FOLLOW_UP_DAYS_SETTING, value: before ? Number(before.value) : null },
      after: { key: FOLLOW_UP_DAYS_SETTING, value: input.followUpDays },
    });
    return view(tx.db, org);
  });
}
