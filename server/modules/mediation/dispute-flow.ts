import type { FieldMessageKey } from '../../../common/errors.ts';
import type { AgreementForm, DisputeAction, DisputeStatus, Outcome } from '../../../common/mediation-enums.ts';
import type { Permission } from '../../../common/roles.ts';

/**
 * The life of a dispute as data: 已登记 (registered) → 调解中 (mediating) → 已结案 (closed).
 * Every action names the permission it needs, whether a 'self' grant (cases the user registered or
 * is assigned to) is enough, the states it is allowed in, and the guard the law sets. The service
 * enforces these rules and the detail's `actions` list is computed from the same table, so the web
 * shows exactly the buttons the server allows. Each transition is one audited event.
 */

/** What the guards look at: the case and what has been recorded on it. */
export interface DisputeFacts {
  status: DisputeStatus;
  outcome: Outcome | null;
  agreementForm: AgreementForm | null;
  hasConfirmation: boolean;
  openFollowUps: number;
}

export interface GuardFailure {
  code: 'INVALID_STATE' | 'VALIDATION';
  field: string;
  key: FieldMessageKey;
}

export interface Transition {
  name: 'start' | 'close';
  from: readonly DisputeStatus[];
  to: DisputeStatus;
  /** The audit action written when it happens. */
  audit: string;
}

/**
 * start: the first session, agreement or referral on a registered case begins mediation
 * (人民调解法 art. 21: mediate promptly, on the spot).
 * close: the case ends with an outcome (art. 26, 28); a closed case is archived (art. 27).
 */
export const TRANSITIONS: Record<Transition['name'], Transition> = {
  start: { name: 'start', from: ['registered'], to: 'mediating', audit: 'dispute.start' },
  close: { name: 'close', from: ['registered', 'mediating'], to: 'closed', audit: 'dispute.close' },
};

export interface ActionRule {
  permission: Permission;
  /** Further permissions needed anywhere (not per record), e.g. file.upload for attachments. */
  also?: readonly Permission[];
  /** A 'self' grant suffices when the user registered the case or is assigned to it. */
  self: boolean;
  from: readonly DisputeStatus[];
  /** The transition it may cause. */
  transition?: Transition['name'];
  /** Checks that need no request body. */
  guard?: (f: DisputeFacts) => GuardFailure | null;
  /** Where the rule comes from. */
  basis: string;
}

const OPEN: readonly DisputeStatus[] = ['registered', 'mediating'];
const ANY: readonly DisputeStatus[] = ['registered', 'mediating', 'closed'];

const state = (key: FieldMessageKey, field = 'status'): GuardFailure => ({ code: 'INVALID_STATE', field, key });
const settledOrOpen = (f: DisputeFacts) => f.outcome === null || f.outcome === 'success';

export const ACTION_RULES: Record<DisputeAction, ActionRule> = {
  edit: { permission: 'mediation.write', self: true, from: OPEN, basis: '人民调解法 art. 27: a closed case file is archived' },
  // art. 19: the committee designates the mediators (or the parties choose them): the 司法所 / committee level, not the mediator.
  assign: { permission: 'mediation.manage', self: false, from: OPEN, basis: '人民调解法 art. 19' },
  add_session: { permission: 'mediation.write', self: true, from: OPEN, transition: 'start', basis: '人民调解法 art. 22, 27' },
  upload_attachment: { permission: 'mediation.write', also: ['file.upload'], self: true, from: ANY, basis: '人民调解法 art. 27: the case file' },
  record_agreement: {
    permission: 'mediation.write',
    self: true,
    from: OPEN,
    transition: 'start',
    // Once the parties applied to the court, the agreement under review is fixed (art. 33).
    guard: (f) => (f.hasConfirmation ? state('confirmation_recorded', 'agreement') : null),
    basis: '人民调解法 art. 28–30',
  },
  withdraw_agreement: {
    permission: 'mediation.write',
    self: true,
    from: OPEN,
    guard: (f) => (!f.agreementForm ? state('not_found', 'agreement') : f.hasConfirmation ? state('confirmation_recorded', 'agreement') : null),
    basis: '人民调解法 art. 29: a written agreement takes effect only when signed and sealed',
  },
  // The agreement carries the parties' real identity details: an export of personal data (PIPL art. 51).
  export_agreement: {
    permission: 'mediation.export',
    self: false,
    from: ANY,
    guard: (f) => (f.agreementForm !== 'written' ? state('agreement_written_only', 'agreement') : null),
    basis: '人民调解法 art. 29',
  },
  judicial_confirmation: {
    permission: 'mediation.write',
    self: true,
    from: ['mediating', 'closed'],
    guard: (f) => (!f.agreementForm || !settledOrOpen(f) ? state('agreement_required', 'agreement') : null),
    basis: '人民调解法 art. 33',
  },
  schedule_follow_up: {
    permission: 'mediation.write',
    self: true,
    from: ['mediating', 'closed'],
    guard: (f) => (!f.agreementForm || !settledOrOpen(f) ? state('agreement_required', 'agreement') : null),
    basis: '人民调解法 art. 31: the committee supervises performance',
  },
  record_follow_up: {
    permission: 'mediation.write',
    self: true,
    from: ['mediating', 'closed'],
    guard: (f) => (f.openFollowUps === 0 ? state('not_found', 'followUp') : null),
    basis: '人民调解法 art. 31',
  },
  // art. 26: when mediation fails, tell the parties of arbitration, administrative and judicial ways;
  // art. 25: report to the police what may become a public-order or criminal case. A settled case is not referred.
  refer: {
    permission: 'mediation.write',
    self: true,
    from: ANY,
    guard: (f) => (f.status === 'closed' && f.outcome === 'success' ? state('case_closed') : null),
    basis: '人民调解法 art. 25–26',
  },
  close: { permission: 'mediation.write', self: true, from: OPEN, transition: 'close', basis: '人民调解法 art. 26, 28–30' },
  // Adding or correcting a party (a misspelt name, a wrong phone) while the case is open; a closed case file is archived.
  edit_parties: { permission: 'mediation.write', self: true, from: OPEN, basis: '人民调解法 art. 27; 个人信息保护法 art. 46 (correction)' },
};

/** State and no-body guard of one action: null when it may proceed. */
export function checkAction(action: DisputeAction, f: DisputeFacts): GuardFailure | null {
  const rule = ACTION_RULES[action];
  if (!rule.from.includes(f.status)) return state(f.status === 'closed' ? 'case_closed' : 'invalid_state');
  return rule.guard?.(f) ?? null;
}

/**
 * Closing with an outcome (人民调解法):
 * - success needs an agreement, written (art. 29) or oral (art. 30);
 * - failure or termination needs the reason (art. 26: mediation that fails is ended and the parties are
 *   told their other ways; art. 17, 23: a party refuses or ends mediation), and cannot stand beside
 *   a recorded agreement;
 * - the closing day lies between receipt and today.
 */
export function checkClose(f: DisputeFacts, input: { outcome: Outcome; reason?: string | null; closedOn: string }, receivedOn: string, today: string): GuardFailure | null {
  const base = checkAction('close', f);
  if (base) return base;
  if (input.outcome === 'success' && !f.agreementForm) return state('agreement_required', 'outcome');
  if (input.outcome !== 'success' && f.agreementForm) return state('agreement_recorded', 'outcome');
  if (input.outcome !== 'success' && !input.reason?.trim()) return { code: 'VALIDATION', field: 'reason', key: 'reason_required' };
  if (input.closedOn < receivedOn) return { code: 'VALIDATION', field: 'closedOn', key: 'date_before_received' };
  if (input.closedOn > today) return { code: 'VALIDATION', field: 'closedOn', key: 'date_future' };
  return null;
}

/** The actions the caller may take now: state and guards from the table, access from `may`. */
export function allowedActions(f: DisputeFacts, may: (rule: ActionRule) => boolean): DisputeAction[] {
  return (Object.keys(ACTION_RULES) as DisputeAction[]).filter((a) => checkAction(a, f) === null && may(ACTION_RULES[a]));
}
