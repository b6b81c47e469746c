/**
 * Roles and permissions: one table, read by the server's permission check and by the web menu.
 * 等保 三员分立 (GB/T 22239 8.1.5): system, security and audit administration are three roles that
 * never hold each other's permissions; the system admin cannot read or purge the audit log.
 */
export const PERMISSIONS = [
  'org.read',
  'org.manage',
  'user.read',
  'user.manage',
  'user.grant',
  'user.unlock',
  'audit.read',
  'calendar.manage',
  'settings.manage',
  'person.read',
  'person.unmask',
  'file.upload',
  'stats.read',
  'mediation.read',
  'mediation.write',
  'mediation.manage',
  'mediation.export',
  'mediation.report',
  'mediation.screening.write',
  'mediation.understander.write',
  // 工作人员名册: the township's leaders, cadres and enforcement officers (planning, study, enforcement read it)
  'staff.read',
  'staff.manage',
  // planning: leading groups, annual work plan and tasks, meetings, first-responsible-person duties
  'planning.read',
  'planning.write',
  'planning.manage',
  // study: study plans, sessions, attendance, hours, tests
  'study.read',
  'study.write',
  // publicity (普法宣传): events, campaigns, key-date calendar, 谁执法谁普法 list, content library
  'publicity.read',
  'publicity.write',
  // review and publish content to the portal; edit the calendar, campaigns and the responsibility list
  'publicity.manage',
  // outbound reminders (企业微信/钉钉 group robots) and the job queue behind them
  'notify.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = [
  'sys_admin',
  'sec_admin',
  'audit_admin',
  'county_supervisor',
  'township_leader',
  'judicial_staff',
  'mediator',
  'enforcement_officer',
  'legal_reviewer',
  'grid_worker',
  'readonly',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  sys_admin: { zh: '系统管理员', en: 'System administrator' },
  sec_admin: { zh: '安全管理员', en: 'Security administrator' },
  audit_admin: { zh: '审计管理员', en: 'Audit administrator' },
  county_supervisor: { zh: '县依法治县办', en: 'County rule-of-law office' },
  township_leader: { zh: '乡镇领导', en: 'Township leader' },
  judicial_staff: { zh: '司法所工作人员', en: 'Judicial office staff' },
  mediator: { zh: '调解员', en: 'Mediator' },
  enforcement_officer: { zh: '执法人员', en: 'Law-enforcement officer' },
  legal_reviewer: { zh: '法制审核员', en: 'Legal reviewer' },
  grid_worker: { zh: '网格员/法律明白人', en: 'Grid worker / legal understander' },
  readonly: { zh: '只读', en: 'Read only' },
};

const READ_WORK: Permission[] = ['org.read', 'person.read', 'stats.read', 'mediation.read', 'mediation.report', 'staff.read', 'planning.read', 'study.read', 'publicity.read'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  sys_admin: ['org.read', 'org.manage', 'user.read', 'user.manage', 'calendar.manage', 'settings.manage', 'notify.manage'],
  sec_admin: ['org.read', 'user.read', 'user.grant', 'user.unlock'],
  audit_admin: ['org.read', 'audit.read'],
  // The county office hands its plan down to the townships (planning.manage over its subtree).
  county_supervisor: [...READ_WORK, 'mediation.export', 'user.read', 'planning.write', 'planning.manage', 'study.write', 'publicity.write', 'publicity.manage'],
  township_leader: [...READ_WORK, 'mediation.export', 'staff.manage', 'planning.write', 'planning.manage', 'study.write', 'publicity.write', 'publicity.manage', 'notify.manage'],
  judicial_staff: [
    ...READ_WORK,
    'person.unmask',
    'file.upload',
    'mediation.write',
    'mediation.manage',
    'mediation.export',
    'mediation.screening.write',
    'mediation.understander.write',
    'staff.manage',
    'planning.write',
    'planning.manage',
    'study.write',
    'publicity.write',
    'publicity.manage',
    'notify.manage',
  ],
  mediator: ['org.read', 'person.read', 'mediation.read', 'mediation.write', 'file.upload'],
  // Officers and reviewers post progress on the plan tasks of their own department and see their training hours;
  // 谁执法谁普法: the enforcing departments record their own publicity.
  enforcement_officer: ['org.read', 'staff.read', 'planning.read', 'planning.write', 'study.read', 'publicity.read', 'publicity.write', 'file.upload'],
  legal_reviewer: ['org.read', 'staff.read', 'planning.read', 'planning.write', 'study.read', 'publicity.read'],
  // Grid workers record door-to-door rounds and village lectures from a phone (网格员入户宣讲).
  grid_worker: ['org.read', 'mediation.screening.write', 'mediation.understander.write', 'publicity.read', 'publicity.write', 'file.upload'],
  readonly: [...READ_WORK],
};

/** Holding one of these roles requires a second factor once the user has set it up (等保 8.1.4.1 d). */
export const PRIVILEGED_ROLES: readonly Role[] = ['sys_admin', 'sec_admin', 'audit_admin', 'legal_reviewer'];

/** 三员分立: a user may hold at most one of these. */
export const SEPARATED_ROLES: readonly Role[] = ['sys_admin', 'sec_admin', 'audit_admin'];

export const SCOPES = ['subtree', 'org', 'self'] as const;
export type GrantScope = (typeof SCOPES)[number];

export const ORG_KINDS = ['county', 'township', 'village', 'department'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
export const ORG_KIND_LABELS: Record<OrgKind, { zh: string; en: string }> = {
  county: { zh: '县', en: 'County' },
  township: { zh: '乡镇', en: 'Township' },
  village: { zh: '村（社区）', en: 'Village' },
  department: { zh: '部门', en: 'Department' },
};

/** 工作人员类别: study requirements and findings are set per category. */
export const STAFF_CATEGORIES = ['leader', 'cadre', 'officer'] as const;
export type StaffCategory = (typeof STAFF_CATEGORIES)[number];
export const STAFF_CATEGORY_LABELS: Record<StaffCategory, { zh: string; en: string }> = {
  leader: { zh: '领导班子成员', en: 'Leadership member' },
  cadre: { zh: '干部职工', en: 'Staff' },
  officer: { zh: '执法人员', en: 'Law-enforcement officer' },
};
