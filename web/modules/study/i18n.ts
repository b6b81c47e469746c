/** The study module's messages (zh is the source; en must have every key). Merged into web/i18n. */
export const studyZh = {
  'menu.study': '学法培训',
  'menu.studyOverview': '学习总览',
} as const;

export const studyEn: Record<keyof typeof studyZh, string> = {
  'menu.study': 'Study & training',
  'menu.studyOverview': 'Overview',
};
