import { Tag } from 'antd';
import { useI18n } from '../../i18n/index.tsx';
import { type DisputeStatus, DISPUTE_STATUS_LABELS, type DueState, DUE_STATE_LABELS, type Outcome, OUTCOME_LABELS, RISK_LEVEL_LABELS, type RiskLevel } from '../../../common/mediation-enums.ts';

type Status = DisputeStatus;
type Risk = RiskLevel;

const STATUS_COLOR: Record<Status, string> = { registered: 'default', mediating: 'processing', closed: 'success' };
const OUTCOME_COLOR: Record<Outcome, string> = { success: 'green', failure: 'red', terminated: 'default' };
const RISK_COLOR: Record<Risk, string> = { low: 'default', medium: 'orange', high: 'red' };

export function DisputeStatusTag({ status }: { status: Status }) {
  const { label } = useI18n();
  return <Tag color={STATUS_COLOR[status]}>{label(DISPUTE_STATUS_LABELS[status], status)}</Tag>;
}
export function OutcomeTag({ outcome }: { outcome: Outcome }) {
  const { label } = useI18n();
  return <Tag color={OUTCOME_COLOR[outcome]}>{label(OUTCOME_LABELS[outcome], outcome)}</Tag>;
}
export function RiskTag({ risk }: { risk: Risk }) {
  const { label } = useI18n();
  return <Tag color={RISK_COLOR[risk]}>{label(RISK_LEVEL_LABELS[risk], risk)}</Tag>;
}

const DUE_COLOR: Record<DueState, string> = { open: 'default', due_soon: 'orange', overdue: 'red', done: 'green' };
export function DueTag({ state, prefix }: { state: DueState; prefix?: string }) {
  const { label } = useI18n();
  return (
    <Tag color={DUE_COLOR[state]}>
      {prefix}
      {label(DUE_STATE_LABELS[state], state)}
    </Tag>
  );
}
