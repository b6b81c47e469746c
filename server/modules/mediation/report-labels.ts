import { DISPUTE_SOURCE_LABELS, DISPUTE_TYPE_LABELS, type DisputeSource, type DisputeType, OUTCOME_LABELS, type Outcome } from '../../../common/mediation-enums.ts';

/** Labels and the list path the report and the export share; codes and labels are the dispute core's. */
export const DISPUTE_LIST = '/mediation/disputes';
export { OUTCOMES } from '../../../common/mediation-enums.ts';

export function outcomeLabel(code: string): string {
  if (code === 'open') return '在办';
  return OUTCOME_LABELS[code as Outcome]?.zh ?? code;
}
export function typeLabel(code: string): string {
  return DISPUTE_TYPE_LABELS[code as DisputeType]?.zh ?? code;
}
export function sourceLabel(code: string): string {
  return DISPUTE_SOURCE_LABELS[code as DisputeSource]?.zh ?? code;
}
