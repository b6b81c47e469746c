/**
 * The database as Kysely sees it. Portable types only: text ids (UUIDv7), 0/1 integers for flags,
 * ISO-8601 text for times (UTC) and dates (YYYY-MM-DD), integers for money in fen (分).
 * Every table holding work data carries org_id (the scope helper filters on it).
 * Module tables are declared next to their module and merged here.
 */
import type { Generated } from 'kysely';
import type { MediationTables } from '../modules/mediation/mediation.tables.ts';
import type { PlanningTables } from '../modules/planning/planning.tables.ts';
import type { StudyTables } from '../modules/study/study.tables.ts';
import type { PublicityTables } from '../modules/publicity/publicity.tables.ts';

export interface OrgTable {
  id: string;
  parent_id: string | null;
  code: string;
  name: string;
  /** county 县 | township 乡镇 | village 村/社区 | department 部门 (站办所) */
  kind: string;
  /** Materialised path of ids, '/county/township/village/': a subtree is `path LIKE prefix%`. */
  path: string;
  sort: number;
  created_at: string;
  updated_at: string;
}

export interface UserTable {
  id: string;
  org_id: string;
  username: string;
  display_name: string;
  password_hash: string;
  password_changed_at: string;
  must_change_password: number;
  is_demo: number;
  disabled: number;
  failed_logins: number;
  locked_until: string | null;
  totp_secret_enc: string | null;
  totp_enabled: number;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface RoleGrantTable {
  id: string;
  user_id: string;
  role: string;
  org_id: string;
  /** subtree: the org and all below it · org: that org only · self: only records the user owns or is assigned */
  scope: string;
  granted_by: string | null;
  created_at: string;
}

export interface SessionTable {
  /** SM3 of the cookie token: a stolen database does not yield live sessions. */
  id: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
  /** 1 when the session may only change the password / set up TOTP. */
  restricted: number;
  ended_at: string | null;
}

export interface AuditEventTable {
  seq: number;
  id: string;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  actor_roles: string | null;
  org_id: string | null;
  entity: string;
  entity_id: string | null;
  action: string;
  result: string;
  before_json: string | null;
  after_json: string | null;
  ip: string | null;
  request_id: string | null;
  /** 1 when the portal may show this event to the person concerned (受理 → 办结 timelines). */
  public: number;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface PersonTable {
  id: string;
  org_id: string;
  name: string;
  gender: string | null;
  id_card_enc: string | null;
  id_card_bidx: string | null;
  phone_enc: string | null;
  phone_bidx: string | null;
  address_enc: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface FileTable {
  id: string;
  org_id: string;
  entity: string;
  entity_id: string;
  name: string;
  mime: string;
  size: number;
  sm3: string;
  storage_key: string;
  created_by: string | null;
  created_at: string;
}

export interface CalendarDayTable {
  date: string;
  /** rest: a holiday or rest day · work: a working day (调休上班) */
  kind: string;
  name: string | null;
  created_by: string | null;
  created_at: string;
}

export interface SettingTable {
  org_id: string;
  key: string;
  value: string;
  updated_at: string;
}

/** The job queue (server/platform/jobs): reminders, sweeps' work and webhook deliveries. */
export interface JobTable {
  id: string;
  kind: string;
  org_id: string | null;
  /** JSON text */
  payload: string;
  /** pending | running | done | failed */
  state: string;
  attempts: number;
  max_attempts: number;
  /** ISO time the job is due (next attempt after a failure). */
  run_at: string;
  /** Lease of the runner that claimed it; past it the job is claimed again. */
  locked_until: string | null;
  locked_by: string | null;
  last_error: string | null;
  dedupe_key: string | null;
  created_at: string;
  updated_at: string;
  done_at: string | null;
}

/** Last run of each periodic sweep, claimed like a job so only one process runs it. */
export interface JobSweepTable {
  name: string;
  last_run_at: string | null;
  locked_until: string | null;
  locked_by: string | null;
  last_error: string | null;
  updated_at: string;
}

/** In-app reminders, one row per user. */
export interface NotificationTable {
  id: string;
  org_id: string;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  href: string;
  dedupe_key: string | null;
  created_at: string;
  read_at: string | null;
}

/** An org's group robot (企业微信/钉钉/generic JSON webhook). URL and 加签 secret encrypted (SM4). */
export interface OrgWebhookTable {
  id: string;
  org_id: string;
  name: string;
  /** wecom | dingtalk | generic */
  kind: string;
  url_enc: string;
  /** The URL with its key masked, for lists. */
  url_hint: string;
  secret_enc: string | null;
  enabled: number;
  created_at: string;
  updated_at: string;
}

/** 工作人员名册: a township's (or county's) leaders, cadres and enforcement officers. Names and posts of
 * public officials are public information: not encrypted. Linked to a login when the person has one. */
export interface StaffTable {
  id: string;
  /** The township/county, or the department (站办所) the person works in. */
  org_id: string;
  name: string;
  /** 职务, e.g. 党委书记, 乡长, 司法所所长, 执法队员 */
  post: string;
  /** STAFF_CATEGORIES: leader 领导班子成员 | cadre 干部职工 | officer 执法人员 */
  category: string;
  user_id: string | null;
  active: Generated<number>;
  sort: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface PlatformTables {
  staff: StaffTable;
  orgs: OrgTable;
  users: UserTable;
  role_grants: RoleGrantTable;
  sessions: SessionTable;
  audit_events: AuditEventTable;
  audit_head: AuditHeadTable;
  people: PersonTable;
  files: FileTable;
  calendar_days: CalendarDayTable;
  settings: SettingTable;
  jobs: JobTable;
  job_sweeps: JobSweepTable;
  notifications: NotificationTable;
  org_webhooks: OrgWebhookTable;
}

export interface DB extends PlatformTables, MediationTables, PlanningTables, StudyTables, PublicityTables {}
export type { Generated };
