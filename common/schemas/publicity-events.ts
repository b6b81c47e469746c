import { z } from 'zod';
import { CHANNELS, type Channel } from '../publicity-enums.ts';
import { zBool, zDate, zId, zPage, zRequiredText, zText } from '../validation.ts';

/**
 * Publicity events (普法宣传活动) and campaigns (专项活动): shared by the server's routes and the
 * web's forms. The list query is the module's list-filter contract: figures link to
 * /publicity/events with exactly these params and the list shows exactly the records they count.
 */
const msg = (key: string) => ({ error: `i18n:${key}` });

/** planned 计划 | done 已开展. A planned event in the past stays planned until someone marks it done (shown as 逾期未开展). */
export const EVENT_STATUSES = ['planned', 'done'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];
export const EVENT_STATUS_LABELS: Record<EventStatus, { zh: string; en: string }> = {
  planned: { zh: '计划', en: 'Planned' },
  done: { zh: '已开展', en: 'Done' },
};

/** Short channel names for composed titles ("11月25日 东沟村 入户宣讲（反电信网络诈骗）"). */
export const CHANNEL_SHORT: Record<Channel, string> = {
  lecture: '法治讲座',
  door_to_door: '入户宣讲',
  street_event: '街头宣传',
  poster: '张贴海报',
  banner: '悬挂条幅',
  leaflet: '发放资料',
  culture: '法治文艺',
  case_explained: '以案释法',
  party_day: '主题党日',
  wechat_account: '公众号推送',
  wechat_group: '微信群宣传',
  douyin: '抖音宣传',
  channels: '视频号宣传',
  portal: '门户发布',
};

const zCount = z.number().int().min(0).max(10_000_000);
const dedupe = <T>(xs: T[]) => [...new Set(xs)];
/** CHANNELS codes, at least one (a publicity event reached people somehow). */
export const zChannels = z.array(z.enum(CHANNELS)).min(1, msg('channels_required')).max(CHANNELS.length).transform(dedupe);
/** Theme codes (checked against the org's themes by the server). */
export const zThemes = z.array(zRequiredText(40)).max(10).transform(dedupe);
/** Laws covered, as titles (《中华人民共和国民法典》 or 民法典 alike); up to 20. */
export const zEventLaws = z.array(zRequiredText(100)).max(20).transform(dedupe);
/** A BUILTIN_KEY_DATES code (kd_0415) or a publicity_key_dates id. */
export const zKeyDate = z.string().trim().min(1).max(60).regex(/^[A-Za-z0-9_-]+$/, msg('event_key_date_unknown'));

const eventFields = {
  /** Empty: composed by the server from date, village, channel and theme. */
  title: zText(200).optional().describe('活动名称；不填则按日期、村、形式、主题自动生成'),
  status: z.enum(EVENT_STATUSES).optional().describe('不填：日期在今天之后为计划，否则为已开展'),
  heldOn: zDate,
  endsOn: zDate.nullable().optional().describe('多日活动的最后一天'),
  villageId: zId.nullable().optional().describe('开展活动的村（社区）'),
  place: zText(100).optional(),
  organiserId: zId.nullable().optional().describe('组织部门（本乡镇站办所）'),
  audience: zText(100).optional().describe('宣传对象'),
  audienceCount: zCount.optional().describe('受众人数'),
  materialsCount: zCount.optional().describe('发放资料份数'),
  onlineReach: zCount.optional().describe('线上阅读/播放量'),
  channels: zChannels,
  themes: zThemes.optional(),
  laws: zEventLaws.optional(),
  campaignId: zId.nullable().optional(),
  keyDate: zKeyDate.nullable().optional(),
  contentId: zId.nullable().optional(),
  notes: zText(2000).optional(),
};

export const ZEventCreate = z.object({ orgId: zId.describe('组织单位：乡镇、站办所或村（网格员为本村）'), ...eventFields });
export type TEventCreate = z.infer<typeof ZEventCreate>;

export const ZEventUpdate = z.object({
  orgId: zId.optional(),
  title: eventFields.title,
  status: z.enum(EVENT_STATUSES).optional(),
  heldOn: zDate.optional(),
  endsOn: eventFields.endsOn,
  villageId: eventFields.villageId,
  place: eventFields.place,
  organiserId: eventFields.organiserId,
  audience: eventFields.audience,
  audienceCount: eventFields.audienceCount,
  materialsCount: eventFields.materialsCount,
  onlineReach: eventFields.onlineReach,
  channels: zChannels.optional(),
  themes: eventFields.themes,
  laws: eventFields.laws,
  campaignId: eventFields.campaignId,
  keyDate: eventFields.keyDate,
  contentId: eventFields.contentId,
  notes: eventFields.notes,
});
export type TEventUpdate = z.infer<typeof ZEventUpdate>;

/** The list-filter contract (common brief): the web list reads the same keys from its URL. */
export const ZEventQuery = zPage.extend({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  from: zDate.optional(),
  to: zDate.optional(),
  status: z.enum(EVENT_STATUSES).optional(),
  channel: z.enum(CHANNELS).optional(),
  online: zBool.optional().describe('1：至少一种新媒体形式；0：只有传统形式'),
  theme: zText(40).optional(),
  villageId: zId.optional(),
  organiserId: zId.optional(),
  orgId: zId.optional().describe('组织单位及其下级'),
  campaignId: zId.optional(),
  keyDate: zText(60).optional(),
  law: zText(100).optional().describe('宣传的法律（忽略书名号和“中华人民共和国”）'),
  q: zText(100).optional(),
});
export type TEventQuery = z.infer<typeof ZEventQuery>;
export const EVENT_FILTER_KEYS = ['year', 'from', 'to', 'status', 'channel', 'online', 'theme', 'villageId', 'organiserId', 'orgId', 'campaignId', 'keyDate', 'law', 'q'] as const;

export const ZEventListItem = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  title: z.string(),
  status: z.enum(EVENT_STATUSES),
  /** Planned with its day past: 逾期未开展. */
  overdue: z.boolean(),
  heldOn: z.string(),
  endsOn: z.string().nullable(),
  villageId: z.string().nullable(),
  villageName: z.string().nullable(),
  place: z.string().nullable(),
  organiserId: z.string().nullable(),
  organiserName: z.string().nullable(),
  audience: z.string().nullable(),
  audienceCount: z.number().int(),
  materialsCount: z.number().int(),
  onlineReach: z.number().int(),
  channels: z.array(z.enum(CHANNELS)),
  /** At least one online channel (新媒体). */
  online: z.boolean(),
  themes: z.array(z.object({ code: z.string(), name: z.string() })),
  laws: z.array(z.string()),
  campaignId: z.string().nullable(),
  campaignTitle: z.string().nullable(),
  keyDate: z.string().nullable(),
  keyDateName: z.string().nullable(),
  contentId: z.string().nullable(),
  files: z.number().int(),
});
export type TEventListItem = z.infer<typeof ZEventListItem>;
export const ZEventList = z.object({ items: z.array(ZEventListItem), total: z.number().int() });
export type TEventList = z.infer<typeof ZEventList>;

export const ZEventFile = z.object({ id: z.string(), name: z.string(), mime: z.string(), size: z.number(), createdAt: z.string() });
export type TEventFile = z.infer<typeof ZEventFile>;
export const ZEventDetail = ZEventListItem.extend({
  contentTitle: z.string().nullable(),
  notes: z.string().nullable(),
  fileList: z.array(ZEventFile),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Whether the caller may edit or delete it (publicity.write over its org). */
  canEdit: z.boolean(),
});
export type TEventDetail = z.infer<typeof ZEventDetail>;

/** What the event forms pick from, in one request (slow village networks). */
export const ZEventOptionsQuery = z.object({ orgId: zId });
const ZOpt = z.object({ id: z.string(), name: z.string() });
export const ZEventOptions = z.object({
  org: z.object({ id: z.string(), name: z.string(), kind: z.string() }),
  township: ZOpt.nullable(),
  villages: z.array(ZOpt),
  departments: z.array(ZOpt),
  campaigns: z.array(z.object({ id: z.string(), title: z.string(), startsOn: z.string(), endsOn: z.string() })),
  themes: z.array(z.object({ code: z.string(), name: z.string(), nameEn: z.string() })),
  keyDates: z.array(z.object({ key: z.string(), name: z.string(), from: z.string(), to: z.string(), theme: z.string().nullable() })),
  contents: z.array(z.object({ id: z.string(), title: z.string(), state: z.string() })),
});
export type TEventOptions = z.infer<typeof ZEventOptions>;

// ——— campaigns ———

const zPct = z.number().int().min(0).max(100);
const zTarget = z.number().int().min(0).max(10_000_000);
export const ZCampaignCreate = z.object({
  orgId: zId.describe('乡镇或县'),
  title: zRequiredText(200),
  startsOn: zDate,
  endsOn: zDate,
  goals: zText(2000).optional(),
  targetEvents: zTarget.nullable().optional().describe('目标：开展活动次数'),
  targetAudience: zTarget.nullable().optional().describe('目标：受众人数'),
  targetOnlinePct: zPct.nullable().optional().describe('目标：新媒体活动占比（%）'),
  notes: zText(2000).optional(),
});
export type TCampaignCreate = z.infer<typeof ZCampaignCreate>;
export const ZCampaignUpdate = z.object({
  title: zRequiredText(200).optional(),
  startsOn: zDate.optional(),
  endsOn: zDate.optional(),
  goals: zText(2000).optional(),
  targetEvents: zTarget.nullable().optional(),
  targetAudience: zTarget.nullable().optional(),
  targetOnlinePct: zPct.nullable().optional(),
  notes: zText(2000).optional(),
});
export type TCampaignUpdate = z.infer<typeof ZCampaignUpdate>;
export const ZCampaignQuery = z.object({
  orgId: zId.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional().describe('与该年度有交集的'),
});
export type TCampaignQuery = z.infer<typeof ZCampaignQuery>;

export const ZCampaignProgress = z.object({
  /** Done events linked to the campaign (the denominator of the share). */
  done: z.number().int(),
  planned: z.number().int(),
  audience: z.number().int(),
  materials: z.number().int(),
  /** Done events with at least one online channel. */
  online: z.number().int(),
  /** online / done in percent (one decimal), null when nothing is done. */
  onlinePct: z.number().nullable(),
  /** Percent of each target reached (null without a target). */
  eventsPct: z.number().nullable(),
  audiencePct: z.number().nullable(),
  /** Days until the last day (0 on it and after); null when it has not begun. */
  daysLeft: z.number().int(),
  phase: z.enum(['upcoming', 'running', 'ended']),
});
export const ZCampaignView = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  title: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  goals: z.string().nullable(),
  targetEvents: z.number().int().nullable(),
  targetAudience: z.number().int().nullable(),
  targetOnlinePct: z.number().int().nullable(),
  notes: z.string().nullable(),
  progress: ZCampaignProgress,
  /** Whether the caller may edit it (publicity.manage over its org). */
  canEdit: z.boolean(),
});
export type TCampaignView = z.infer<typeof ZCampaignView>;
export const ZCampaignList = z.object({ items: z.array(ZCampaignView), total: z.number().int() });
