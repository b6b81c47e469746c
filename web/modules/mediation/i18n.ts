/** The mediation module's newer messages (zh is the source; en must have every key). Merged into web/i18n. */
export const mediationZh = {
  'committee.edit': '修改',
  'committee.editTitle': '修改调委会名称和案号前缀',
  'committee.editPrefixHelp': '只影响此后登记的案件，已有案号不变',
  'committee.editMember': '修改',
  'committee.editMemberTitle': '修改 {name} 的职务',
  'mset.title': '回访期限',
  'mset.days': '{n} 天',
  'mset.daysLabel': '回访期限（天）',
  'mset.help': '调解协议履行期限届满（未约定期限的，自协议生效）后多少天内回访，用于安排回访和逾期提醒；已安排的回访日期不变。',
  'mset.own': '本级设置',
  'mset.inherited': '沿用{org}的设置',
  'mset.default': '系统默认（{n} 天）',
  'mset.edit': '修改回访期限',
};

export const mediationEn: Record<keyof typeof mediationZh, string> = {
  'committee.edit': 'Edit',
  'committee.editTitle': 'Edit the committee’s name and case-number prefix',
  'committee.editPrefixHelp': 'Applies to cases registered from now on; existing case numbers stay',
  'committee.editMember': 'Edit',
  'committee.editMemberTitle': 'Edit the title of {name}',
  'mset.title': 'Follow-up period',
  'mset.days': '{n} days',
  'mset.daysLabel': 'Follow-up period (days)',
  'mset.help': 'Days after the agreement’s performance deadline (or, without one, the day it took effect) within which the follow-up visit is due; used for scheduling and overdue reminders. Visits already scheduled keep their date.',
  'mset.own': 'Set here',
  'mset.inherited': 'Uses the setting of {org}',
  'mset.default': 'System default ({n} days)',
  'mset.edit': 'Change the follow-up period',
};
