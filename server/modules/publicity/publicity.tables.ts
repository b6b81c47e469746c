/**
 * Tables of the publicity module (普法宣传). Every one carries org_id for scoping.
 *
 * An event's org_id is the unit that organised it — the township, one of its departments (谁执法谁普法)
 * or a village (a grid worker's door-to-door round) — so the scope helper gives each user exactly the
 * events of their units; `village_org_id` is where it took place (the village figures and findings).
 */

/** Per-org themes: custom ones, and built-in ones switched off (active = 0). */
export interface PublicityThemeTable {
  id: string;
  org_id: string;
  /** BUILTIN_THEMES code, or `x_…` for an org's own theme. Unique per org. */
  code: string;
  name: string;
  name_en: string | null;
  sort: number;
  active: number;
  created_at: string;
  updated_at: string;
}

/** 普法活动 campaigns: 八五普法 plan, 宪法宣传周, a month-long 民法典 campaign. */
export interface PublicityCampaignTable {
  id: string;
  org_id: string;
  title: string;
  starts_on: string;
  ends_on: string;
  goals: string | null;
  /** Targets, all optional: events, people reached, new-media share (percent). */
  target_events: number | null;
  target_audience: number | null;
  target_online_pct: number | null;
  notes: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** 普法宣传活动: one event, planned or done. */
export interface PublicityEventTable {
  id: string;
  org_id: string;
  title: string;
  /** planned 计划 | done 已开展 */
  status: string;
  held_on: string;
  /** Last day of a multi-day event, if any. */
  ends_on: string | null;
  /** Village (org) where it took place; null for township-wide or online-only. */
  village_org_id: string | null;
  /** Street, square, hall. */
  place: string | null;
  /** 组织部门: the department that organised it, when not the org itself. */
  organiser_org_id: string | null;
  /** Who it was for (村民, 学生, 老年人, 企业…). */
  audience: string | null;
  /** People reached (受众人数). */
  audience_count: number;
  /** 发放资料份数. */
  materials_count: number;
  /** Reads or plays reported for an online post outside our portal (公众号阅读量, 抖音播放量). */
  online_reach: number;
  campaign_id: string | null;
  /** The key date it serves: a BUILTIN_KEY_DATES code or a publicity_key_dates.id. */
  key_date: string | null;
  /** The content item shared by this event, if any. */
  content_id: string | null;
  notes: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface PublicityEventChannelTable {
  event_id: string;
  org_id: string;
  /** CHANNELS */
  channel: string;
}

export interface PublicityEventThemeTable {
  event_id: string;
  org_id: string;
  theme: string;
}

/** Laws covered (宣传的法律法规), as titles; the 谁执法谁普法 list matches on them. */
export interface PublicityEventLawTable {
  id: string;
  event_id: string;
  org_id: string;
  law: string;
  sort: number;
}

/** 重要普法时间节点, editable per org; an org sees its own and its ancestors'. See KEY_DATE_KINDS. */
export interface PublicityKeyDateTable {
  id: string;
  org_id: string;
  /** Set when the row overrides a built-in key date for this org's subtree (e.g. switches it off). */
  builtin_code: string | null;
  name: string;
  /** fixed | month | dated */
  kind: string;
  /** fixed and month kinds. */
  month: number | null;
  /** fixed kind. */
  day: number | null;
  /** dated kind: both dates, same year. */
  starts_on: string | null;
  ends_on: string | null;
  theme: string | null;
  /** Remind this many days ahead when nothing is planned. */
  remind_days: number;
  notes: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}

/** 谁执法谁普法 responsibility list: which department publicises which law, per year. */
export interface PublicityResponsibilityTable {
  id: string;
  /** The township whose list it is. */
  org_id: string;
  year: number;
  /** The department in the org tree; null when it is outside it (e.g. 派出所), then only the name. */
  department_org_id: string | null;
  department_name: string;
  law: string;
  measures: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** 普法内容库: articles, posters, videos. */
export interface PublicityContentTable {
  id: string;
  org_id: string;
  /** CONTENT_KINDS */
  kind: string;
  title: string;
  summary: string | null;
  /** Articles: sanitised HTML (security S12). */
  body_html: string | null;
  /** Posters and videos: the file (files.entity = 'publicity_content'). */
  file_id: string | null;
  cover_file_id: string | null;
  /** CONTENT_STATES */
  state: string;
  /** Public id in portal links (/portal/a/<slug>); unique, never reused. */
  slug: string;
  author_id: string | null;
  submitted_at: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  review_note: string | null;
  published_at: string | null;
  withdrawn_at: string | null;
  withdraw_reason: string | null;
  /** 个人信息保护影响评估 reference, required to publish a case explanation (security S10, PIPL art. 55). */
  pia_ref: string | null;
  /** 以案释法: a real case retold (flag 0/1); publishing it needs pia_ref. */
  is_case: number;
  /** Who submitted it for review and who edited it last: neither may publish it (四眼原则). */
  submitted_by: string | null;
  last_edited_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface PublicityContentThemeTable {
  content_id: string;
  org_id: string;
  theme: string;
}

export interface PublicityContentLawTable {
  id: string;
  content_id: string;
  org_id: string;
  law: string;
  sort: number;
}

/** First-party reach: portal views per content, day (Asia/Shanghai), arrival channel and village tag. */
export interface PublicityViewTable {
  content_id: string;
  org_id: string;
  day: string;
  /** VIEW_CHANNELS */
  channel: string;
  /** Village org from the link's tag; '' when untagged (part of the primary key, so never null). */
  village_org_id: string;
  count: number;
}

export interface PublicityTables {
  publicity_themes: PublicityThemeTable;
  publicity_campaigns: PublicityCampaignTable;
  publicity_events: PublicityEventTable;
  publicity_event_channels: PublicityEventChannelTable;
  publicity_event_themes: PublicityEventThemeTable;
  publicity_event_laws: PublicityEventLawTable;
  publicity_key_dates: PublicityKeyDateTable;
  publicity_responsibilities: PublicityResponsibilityTable;
  publicity_contents: PublicityContentTable;
  publicity_content_themes: PublicityContentThemeTable;
  publicity_content_laws: PublicityContentLawTable;
  publicity_views: PublicityViewTable;
}
