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

const READ_WORK: Permission[] = ['org.read', 'person.read', 'stats.read', 'mediation.read', 'mediation.report'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  sys_admin: ['org.read', 'org.manage', 'user.read', 'user.manage', 'calendar.manage', 'settings.manage'],
  sec_admin: ['org.read', 'user.read', 'user.grant', 'user.unlock'],
  audit_admin: ['org.read', 'audit.read'],
  county_supervisor: [...READ_WORK, 'mediation.export', 'user.read'],
  township_leader: [...READ_WORK, 'mediation.export'],
  judicial_staff: [
    ...READ_WORK,
    'person.unmask',
    'file.upload',
    'mediation.write',
    'mediation.manage',
    'mediation.export',
    'mediation.screening.write',
    'mediation.understander.write',
  ],
  mediator: ['org.read', 'person.read', 'mediation.read', 'mediation.write', 'file.upload'],
  enforcement_officer: ['org.read'],
  legal_reviewer: ['org.read'],
  grid_worker: ['org.read', 'mediation.screening.write', 'mediation.understander.write'],
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
