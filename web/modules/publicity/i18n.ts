/** The publicity module's messages (zh is the source; en must have every key). Merged into web/i18n. */
export const publicityZh = {
  'menu.publicity': '普法宣传',
  // events and campaigns
  // key dates, themes, 谁执法谁普法
  // content library
  // reach
  // overview and report
};

export const publicityEn: Record<keyof typeof publicityZh, string> = {
  'menu.publicity': 'Legal publicity',
  // events and campaigns
  // key dates, themes, 谁执法谁普法
  // content library
  // reach
  // overview and report
};
