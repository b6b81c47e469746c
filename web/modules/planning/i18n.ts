/** The planning module's messages (zh is the source; en must have every key). Merged into web/i18n. */
export const planningZh = {
  'menu.planning': '组织领导',
  'menu.planningOverview': '法治建设总览',
} as const;

export const planningEn: Record<keyof typeof planningZh, string> = {
  'menu.planning': 'Leadership & plans',
  'menu.planningOverview': 'Overview',
};
