import { z } from 'zod';
import { ORG_KINDS, type OrgKind } from '../roles.ts';
import { zId, zRequiredText } from '../validation.ts';

/**
 * Organisations: county → township → village, with departments (党政办, 司法所, 综合行政执法队 …)
 * under a township or the county. Codes are the statistical division codes (12 digits) or any
 * local code for departments; `path` is the materialised path of ids ('/county/township/village/').
 */
export const ZOrgKind = z.enum(ORG_KINDS);

/** Which kinds may sit directly under which: the one rule for forms, the API and the Excel import. */
export const ORG_PARENT_KINDS: Record<OrgKind, readonly OrgKind[]> = {
  county: [],
  township: ['county'],
  village: ['township'],
  department: ['township', 'county'],
};
/** Kinds that can be created (the county is set up at installation). */
export const CREATABLE_ORG_KINDS = ['township', 'village', 'department'] as const;

export const zOrgCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,32}$/, { error: 'i18n:org_code_invalid' })
  .describe('组织代码（统计用区划代码或自定代码）');

export const ZOrg = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  code: z.string(),
  name: z.string(),
  kind: ZOrgKind,
  /** The kind's label in the request's language (Accept-Language). */
  kindLabel: z.string(),
  path: z.string(),
  /** 0 for the county, 1 for a township or county department, … */
  depth: z.number().int(),
  sort: z.number().int(),
  /** Direct sub-organisations (all of them, visible or not): a delete is refused while > 0. */
  childCount: z.number().int(),
  /** Users whose home org this is. */
  userCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TOrg = z.infer<typeof ZOrg>;

export type TOrgNode = TOrg & { children?: TOrgNode[] };
/** A tree node: `children` is present in the tree view only. */
export const ZOrgNode: z.ZodType<TOrgNode> = ZOrg.extend({
  get children() {
    return z.array(ZOrgNode).optional();
  },
});

export const ZOrgDetail = ZOrg.extend({
  /** From the root down to the parent: for breadcrumbs. */
  ancestors: z.array(z.object({ id: z.string(), name: z.string(), kind: ZOrgKind })),
});
export type TOrgDetail = z.infer<typeof ZOrgDetail>;

export const ZOrgListQuery = z.object({
  /** flat (default): depth-first order, filters apply · tree: nested `children`, q/kind ignored */
  view: z.enum(['flat', 'tree']).default('flat'),
  /** Only this org and its subtree (must be inside the caller's scope). */
  rootId: zId.optional(),
  kind: ZOrgKind.optional(),
  q: z.string().trim().max(50).optional().describe('名称或代码包含'),
});
export type TOrgListQuery = z.infer<typeof ZOrgListQuery>;

export const ZOrgList = z.object({ items: z.array(ZOrgNode), total: z.number().int() });
export type TOrgList = z.infer<typeof ZOrgList>;

export const ZOrgCreate = z.object({
  parentId: zId.describe('上级组织'),
  code: zOrgCode,
  name: zRequiredText(100).describe('名称'),
  kind: z.enum(CREATABLE_ORG_KINDS).describe('类型'),
  sort: z.number().int().min(0).max(100_000).optional(),
});
export type TOrgCreate = z.infer<typeof ZOrgCreate>;

/** A changed `parentId` moves the org with its whole subtree. */
export const ZOrgUpdate = z
  .object({
    parentId: zId.optional(),
    code: zOrgCode.optional(),
    name: zRequiredText(100).optional(),
    sort: z.number().int().min(0).max(100_000).optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { error: 'i18n:required' });
export type TOrgUpdate = z.infer<typeof ZOrgUpdate>;

/** One problem in one row of an uploaded sheet: `row` is the Excel row number (header = 1). */
export const ZOrgImportError = z.object({
  row: z.number().int(),
  field: z.enum(['file', 'name', 'code', 'parentCode', 'kind']),
  message: z.string(),
});
export type TOrgImportError = z.infer<typeof ZOrgImportError>;

/**
 * The answer to an import. Success: 200 `{ok: true, created}`. Any bad row: 400 with nothing
 * imported, `{ok: false, errors}` plus the usual `{code, message, fields}` (field `rows.<row>.<column>`).
 */
export const ZOrgImportResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), created: z.number().int() }),
  z.object({
    ok: z.literal(false),
    code: z.literal('VALIDATION'),
    message: z.string(),
    fields: z.array(z.object({ field: z.string(), message: z.string() })),
    errors: z.array(ZOrgImportError),
  }),
]);
export type TOrgImportResult = z.infer<typeof ZOrgImportResult>;

/** Column headers of the import sheet (the template writes the Chinese ones; English ones are accepted). */
export const ORG_IMPORT_COLUMNS = {
  name: { zh: '名称', en: 'name' },
  code: { zh: '代码', en: 'code' },
  parentCode: { zh: '上级代码', en: 'parent code' },
  kind: { zh: '类型', en: 'kind' },
} as const;
