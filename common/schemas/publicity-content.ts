import { z } from 'zod';
import { CONTENT_KINDS, CONTENT_STATES } from '../publicity-enums.ts';
import { zId, zPage, zRequiredText, zText } from '../validation.ts';

/**
 * The content library (普法内容库): articles (rich text), posters and videos (files), their review
 * and publication, and the share outputs of a published item. Shared by the server's routes and
 * the web's editor.
 */
const msg = (key: string) => ({ error: `i18n:${key}` });

/** Laws covered: free-text titles, de-duplicated. */
const zLaws = z
  .array(zRequiredText(100))
  .max(20)
  .transform((xs) => [...new Set(xs)]);
const zThemes = z
  .array(z.string().trim().min(1).max(40))
  .max(10)
  .transform((xs) => [...new Set(xs)]);

/** An article's HTML as typed or pasted (from Word too): the server sanitises it on save (security S12). */
export const zBodyHtml = z.string().max(200_000).describe('文章正文（HTML，保存时由服务器净化）');

const contentFields = {
  title: zRequiredText(120).describe('标题'),
  summary: zText(300).optional().describe('摘要（门户列表和海报上显示）'),
  themes: zThemes.default([]),
  laws: zLaws.default([]),
  bodyHtml: zBodyHtml.optional(),
  isCase: z.boolean().optional().describe('以案释法：讲述真实案例'),
  piaRef: zText(100).optional().describe('个人信息保护影响评估（PIA）编号'),
};

export const ZContentCreate = z.object({
  orgId: zId.describe('所属乡镇（或其站办所、县）'),
  kind: z.enum(CONTENT_KINDS),
  ...contentFields,
});
export type TContentCreate = z.infer<typeof ZContentCreate>;

export const ZContentUpdate = z.object({
  title: contentFields.title.optional(),
  summary: contentFields.summary,
  themes: zThemes.optional(),
  laws: zLaws.optional(),
  bodyHtml: contentFields.bodyHtml,
  isCase: contentFields.isCase,
  piaRef: contentFields.piaRef,
});
export type TContentUpdate = z.infer<typeof ZContentUpdate>;

export const ZContentQuery = z.object({
  state: z.enum(CONTENT_STATES).optional(),
  kind: z.enum(CONTENT_KINDS).optional(),
  theme: z.string().trim().max(40).optional(),
  q: z.string().trim().max(100).optional(),
  orgId: zId.optional(),
  /** Published in this year (Asia/Shanghai): the report's 门户发布普法文章 figure links here. */
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  ...zPage.shape,
});
export type TContentQuery = z.infer<typeof ZContentQuery>;

/**
 * 提交审核: the submitter's declaration (security S10 blocks minors' matters and 调解协议 outright;
 * PIPL arts. 28, 31). Both must be true; the declaration is kept in the audit event.
 */
export const ZContentSubmit = z.object({
  declaration: z.object({
    noMinors: z.literal(true, msg('content_declaration_required')).describe('不含未成年人个人信息'),
    noMediationAgreement: z.literal(true, msg('content_declaration_required')).describe('不含调解协议内容'),
  }),
});
export type TContentSubmit = z.infer<typeof ZContentSubmit>;

export const ZContentReject = z.object({ note: zRequiredText(500).describe('退回意见') });
export const ZContentWithdraw = z.object({ reason: zRequiredText(500).describe('撤回原因') });
export const ZContentPublish = z.object({ note: zText(500).optional().describe('审核意见（可不填）') });

export const ZContentFile = z.object({
  id: z.string(),
  name: z.string(),
  mime: z.string(),
  size: z.number().int(),
  createdAt: z.string(),
  /** Where the public sees it once the item is published (and only then). */
  publicPath: z.string(),
});
export type TContentFile = z.infer<typeof ZContentFile>;

export const ZContentListItem = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  kind: z.enum(CONTENT_KINDS),
  title: z.string(),
  summary: z.string().nullable(),
  state: z.enum(CONTENT_STATES),
  slug: z.string(),
  themes: z.array(z.string()),
  isCase: z.boolean(),
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  fileId: z.string().nullable(),
  updatedAt: z.string(),
  submittedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
});
export type TContentListItem = z.infer<typeof ZContentListItem>;
export const ZContentList = z.object({ items: z.array(ZContentListItem), total: z.number().int() });

export const ZContentDetail = ZContentListItem.extend({
  bodyHtml: z.string().nullable(),
  laws: z.array(z.string()),
  piaRef: z.string().nullable(),
  reviewNote: z.string().nullable(),
  reviewedByName: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  withdrawReason: z.string().nullable(),
  files: z.array(ZContentFile),
  /** The portal path (/portal/a/<slug>). */
  portalPath: z.string(),
  /** What the caller may do now (the server checks again). */
  can: z.object({
    edit: z.boolean(),
    delete: z.boolean(),
    submit: z.boolean(),
    review: z.boolean(),
    withdraw: z.boolean(),
    reopen: z.boolean(),
    share: z.boolean(),
  }),
});
export type TContentDetail = z.infer<typeof ZContentDetail>;

export const ZShareQuery = z.object({ v: zId.optional().describe('村（社区）：链接带上该村标签') });
export const ZShare = z.object({
  url: z.string(),
  qrUrl: z.string(),
  villages: z.array(z.object({ villageId: z.string(), name: z.string(), code: z.string(), url: z.string() })),
});
export type TShare = z.infer<typeof ZShare>;
export const ZWechatCopy = z.object({ html: z.string(), text: z.string() });
export type TWechatCopy = z.infer<typeof ZWechatCopy>;

export const ZContentFileParams = z.object({ id: zId, fileId: zId });
export const ZContentIdParam = z.object({ id: zId });
