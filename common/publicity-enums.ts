/**
 * Codes and labels of the publicity module (普法宣传). Codes are stored; labels are shown, Chinese first.
 * Themes are configurable per org (table publicity_themes); the built-in list below is what every
 * org starts with.
 */
type Labels<T extends string> = Record<T, { zh: string; en: string }>;

export const BUILTIN_THEMES = [
  'xi_thought',
  'constitution',
  'civil_code',
  'national_security',
  'anti_drug',
  'anti_fraud',
  'minors',
  'work_safety',
  'consumer',
  'rural_land',
  'marriage_family',
  'fire_safety',
  'cyber_security',
  'party_rules',
  'petition',
  'environment',
] as const;
export type BuiltinTheme = (typeof BUILTIN_THEMES)[number];
export const BUILTIN_THEME_LABELS: Labels<BuiltinTheme> = {
  xi_thought: { zh: '习近平法治思想', en: "Xi Jinping's thought on the rule of law" },
  constitution: { zh: '宪法', en: 'Constitution' },
  civil_code: { zh: '民法典', en: 'Civil Code' },
  national_security: { zh: '国家安全', en: 'National security' },
  anti_drug: { zh: '禁毒', en: 'Anti-drug' },
  anti_fraud: { zh: '反电信网络诈骗', en: 'Anti telecom and online fraud' },
  minors: { zh: '未成年人保护', en: 'Protection of minors' },
  work_safety: { zh: '安全生产', en: 'Work safety' },
  consumer: { zh: '消费者权益', en: 'Consumer rights' },
  rural_land: { zh: '农村土地', en: 'Rural land' },
  marriage_family: { zh: '婚姻家庭', en: 'Marriage and family' },
  fire_safety: { zh: '消防安全', en: 'Fire safety' },
  cyber_security: { zh: '网络安全', en: 'Cyber security' },
  party_rules: { zh: '党内法规', en: 'Party regulations' },
  petition: { zh: '信访', en: 'Petitions' },
  environment: { zh: '生态环境保护', en: 'Environmental protection' },
};

/**
 * Channels of a publicity event. The source report's weakness (二): publicity "以发放宣传册、条幅等
 * 传统普法形式居多，运用微信、抖音等新媒体…频次不够" — the new-media share is counted over `online`.
 */
export const OFFLINE_CHANNELS = ['lecture', 'door_to_door', 'street_event', 'poster', 'banner', 'leaflet', 'culture', 'case_explained', 'party_day'] as const;
export const ONLINE_CHANNELS = ['wechat_account', 'wechat_group', 'douyin', 'channels', 'portal'] as const;
export const CHANNELS = [...OFFLINE_CHANNELS, ...ONLINE_CHANNELS] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Labels<Channel> = {
  lecture: { zh: '法治讲座', en: 'Lecture' },
  door_to_door: { zh: '网格员入户宣讲', en: 'Door-to-door (grid workers)' },
  street_event: { zh: '广场/街道宣传活动', en: 'Square or street event' },
  poster: { zh: '张贴宣传海报', en: 'Posters' },
  banner: { zh: '悬挂条幅', en: 'Banners' },
  leaflet: { zh: '发放宣传资料', en: 'Leaflets and materials' },
  culture: { zh: '法治文艺', en: 'Rule-of-law arts' },
  case_explained: { zh: '以案释法', en: 'Explaining law through cases' },
  party_day: { zh: '主题党日/三会一课', en: 'Party day / 三会一课' },
  wechat_account: { zh: '微信公众号', en: 'WeChat official account' },
  wechat_group: { zh: '微信群', en: 'WeChat groups' },
  douyin: { zh: '抖音', en: 'Douyin' },
  channels: { zh: '视频号', en: 'WeChat Channels' },
  portal: { zh: '网站/门户', en: 'Website / portal' },
};
export function isOnlineChannel(c: string): boolean {
  return (ONLINE_CHANNELS as readonly string[]).includes(c);
}

/** 普法内容: articles are rich text; posters and videos are files. */
export const CONTENT_KINDS = ['article', 'poster', 'video'] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];
export const CONTENT_KIND_LABELS: Labels<ContentKind> = {
  article: { zh: '文章', en: 'Article' },
  poster: { zh: '海报', en: 'Poster' },
  video: { zh: '视频', en: 'Video' },
};

/** draft → review → published (→ withdrawn). The review is the publication gate (security S10). */
export const CONTENT_STATES = ['draft', 'review', 'published', 'withdrawn'] as const;
export type ContentState = (typeof CONTENT_STATES)[number];
export const CONTENT_STATE_LABELS: Labels<ContentState> = {
  draft: { zh: '草稿', en: 'Draft' },
  review: { zh: '待审核', en: 'In review' },
  published: { zh: '已发布', en: 'Published' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};

/** How a portal visitor arrived, from the `c` tag of the link (first-party counting, no trackers). */
export const VIEW_CHANNELS = ['direct', 'qr', 'wechat_group', 'wechat_account', 'douyin', 'link'] as const;
export type ViewChannel = (typeof VIEW_CHANNELS)[number];
export const VIEW_CHANNEL_LABELS: Labels<ViewChannel> = {
  direct: { zh: '门户直接访问', en: 'Portal (direct)' },
  qr: { zh: '扫码（海报二维码）', en: 'QR code (poster)' },
  wechat_group: { zh: '微信群链接', en: 'WeChat group link' },
  wechat_account: { zh: '公众号', en: 'WeChat official account' },
  douyin: { zh: '抖音', en: 'Douyin' },
  link: { zh: '其他分享链接', en: 'Other shared link' },
};

/**
 * Key dates (重要普法时间节点). domain-facts §2: 4.15 is fixed by 国家安全法 art. 14; 12.4 国家宪法日;
 * 民法典宣传月 is every May; 宪法宣传周 and 网络安全宣传周 move every year and must not be hard-coded,
 * so they are `dated` entries set per year.
 *   fixed — the same month and day every year;
 *   month — a whole month every year;
 *   dated — explicit from/to dates for one year.
 */
export const KEY_DATE_KINDS = ['fixed', 'month', 'dated'] as const;
export type KeyDateKind = (typeof KEY_DATE_KINDS)[number];
export const KEY_DATE_KIND_LABELS: Labels<KeyDateKind> = {
  fixed: { zh: '每年固定日期', en: 'Same day every year' },
  month: { zh: '每年整月', en: 'A whole month every year' },
  dated: { zh: '指定年份日期', en: 'Dates set for one year' },
};

export interface BuiltinKeyDate {
  code: string;
  zh: string;
  en: string;
  kind: KeyDateKind;
  month?: number;
  day?: number;
  theme?: BuiltinTheme;
  /**
   * `dated` only: the part of the year ('MM-DD' to 'MM-DD') in which the dates usually fall. Never used
   * as dates — only to decide in which periods the calendar asks for the year's dates.
   */
  usually?: { from: string; to: string };
}
/**
 * The statutory and customary days every org starts with (domain-facts §2, 重要普法 dates). 宪法宣传周
 * and 网络安全宣传周 move every year: they are `dated` and have no dates until an org sets them for the
 * year (the calendar asks for them) — never hard-coded.
 */
export const BUILTIN_KEY_DATES: readonly BuiltinKeyDate[] = [
  { code: 'kd_0308', zh: '三八国际妇女节', en: "International Women's Day", kind: 'fixed', month: 3, day: 8, theme: 'marriage_family' },
  { code: 'kd_0315', zh: '3·15国际消费者权益日', en: 'World Consumer Rights Day', kind: 'fixed', month: 3, day: 15, theme: 'consumer' },
  // 国家安全法 art. 14: 每年4月15日为全民国家安全教育日
  { code: 'kd_0415', zh: '4·15全民国家安全教育日', en: 'National Security Education Day', kind: 'fixed', month: 4, day: 15, theme: 'national_security' },
  { code: 'kd_05', zh: '民法典宣传月', en: 'Civil Code Month', kind: 'month', month: 5, theme: 'civil_code' },
  { code: 'kd_06', zh: '安全生产月', en: 'Work Safety Month', kind: 'month', month: 6, theme: 'work_safety' },
  // 禁毒法 ch. 2 requires anti-drug publicity; 6.26 is the UN's day
  { code: 'kd_0626', zh: '6·26国际禁毒日', en: 'International Day against Drug Abuse', kind: 'fixed', month: 6, day: 26, theme: 'anti_drug' },
  { code: 'kd_cyber_week', zh: '国家网络安全宣传周', en: 'Cyber Security Week', kind: 'dated', theme: 'cyber_security', usually: { from: '09-01', to: '09-30' } },
  { code: 'kd_1109', zh: '11·9全国消防日', en: 'National Fire Safety Day', kind: 'fixed', month: 11, day: 9, theme: 'fire_safety' },
  // domain-facts §2: 2019 Dec 1–7, 2021 Nov 29–Dec 5, 2022 Dec 4–10 — always around 12·4
  { code: 'kd_constitution_week', zh: '宪法宣传周', en: 'Constitution Week', kind: 'dated', theme: 'constitution', usually: { from: '11-25', to: '12-10' } },
  { code: 'kd_1204', zh: '12·4国家宪法日', en: 'National Constitution Day', kind: 'fixed', month: 12, day: 4, theme: 'constitution' },
];
