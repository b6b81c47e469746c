import type { StaffCategory } from './roles.ts';

/**
 * Codes and labels of the study module (学法培训). Codes are stored; labels are shown, Chinese first.
 */
type Labels<T extends string> = Record<T, { zh: string; en: string }>;

/** Kinds of study session. The first two take turns among the leadership (host rotation). */
export const SESSION_KINDS = ['center_group', 'special', 'pre_meeting', 'officer_training', 'understander_training', 'lecture'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];
export const SESSION_KIND_LABELS: Labels<SessionKind> = {
  center_group: { zh: '中心组学习', en: 'Theory study group' },
  special: { zh: '专题学法', en: 'Thematic law study' },
  pre_meeting: { zh: '会前学法', en: 'Pre-meeting law study' },
  officer_training: { zh: '执法人员培训', en: 'Enforcement officer training' },
  understander_training: { zh: '法律明白人培训', en: 'Legal understander training' },
  lecture: { zh: '法治讲座', en: 'Rule-of-law lecture' },
};
/**
 * Kinds whose host rotates among the leadership members: the source report, "由班子成员轮流主持开展
 * 依法行政专题学习活动"; 《党委（党组）理论学习中心组学习规则》 (2017) for the 中心组.
 */
export const ROTATING_KINDS: readonly SessionKind[] = ['center_group', 'special'];

export const PLAN_KINDS = ['center_group', 'pre_meeting', 'staff_pufa'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export const PLAN_KIND_LABELS: Labels<PlanKind> = {
  center_group: { zh: '党委理论学习中心组学习计划', en: 'Theory study group plan' },
  pre_meeting: { zh: '会前学法计划', en: 'Pre-meeting law study plan' },
  staff_pufa: { zh: '干部职工普法学习计划', en: 'Staff legal education plan' },
};

export const ATTENDANCE_STATUSES = ['present', 'leave', 'absent'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
export const ATTENDANCE_LABELS: Labels<AttendanceStatus> = {
  present: { zh: '出席', en: 'Present' },
  leave: { zh: '请假', en: 'On leave' },
  absent: { zh: '缺席', en: 'Absent' },
};

/**
 * Minimum study hours per person per year, by staff category, where the township has set none.
 * A configurable LOCAL default, not a national rule: the 60-hour figure often quoted for
 * enforcement officers (《提升行政执法质量三年行动计划（2023—2025年）》) could not be confirmed
 * (domain-facts §0.5), so officers default to 40 and each township sets its own per year.
 */
export const DEFAULT_MIN_HOURS: Record<StaffCategory, number> = { leader: 16, cadre: 12, officer: 40 };

/**
 * A short list of titles to pick from (the platform's law library, /work/shared/laws, and the
 * documents the source report names). Free text is allowed besides; texts are never copied here.
 */
export const COMMON_LAWS: readonly string[] = [
  '习近平法治思想',
  '党的二十大关于全面依法治国的论述',
  '习近平关于依法治党的重要论述',
  '中国共产党章程',
  '中央党内法规制定工作规划纲要（2023—2027年）',
  '中华人民共和国宪法',
  '中华人民共和国民法典',
  '中华人民共和国行政处罚法',
  '中华人民共和国行政许可法',
  '中华人民共和国行政强制法',
  '中华人民共和国行政复议法',
  '中华人民共和国行政诉讼法',
  '中华人民共和国人民调解法',
  '中华人民共和国法律援助法',
  '中华人民共和国国家安全法',
  '中华人民共和国禁毒法',
  '中华人民共和国反电信网络诈骗法',
  '中华人民共和国未成年人保护法',
  '中华人民共和国个人信息保护法',
  '中华人民共和国数据安全法',
  '中华人民共和国土地管理法',
  '中华人民共和国农村土地承包法',
  '中华人民共和国安全生产法',
  '中华人民共和国村民委员会组织法',
  '信访工作条例',
  '重大行政决策程序暂行条例',
  '公平竞争审查条例',
  '中华人民共和国政府信息公开条例',
  '优化营商环境条例',
];
