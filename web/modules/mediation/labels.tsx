import { Tag } from 'antd';
import { useI18n } from '../../i18n/index.tsx';
import { DISPUTE_STATUS_LABELS, OUTCOME_LABELS, RISK_LABELS } from './provisional.ts';

type Status = keyof typeof DISPUTE_STATUS_LABELS;
type Outcome = keyof typeof OUTCOME_LABELS;
type Risk = keyof typeof RISK_LABELS;

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
  return <Tag color={RISK_COLOR[risk]}>{label(RISK_LABELS[risk], risk)}</Tag>;
}
