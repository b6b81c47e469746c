/**
 * Labels and list paths the report and the export share. Dispute codes and their labels come from
 * the dispute core's enums (common/mediation-enums.ts).
 */
export const DISPUTE_LIST = '/mediation/disputes';
export const OUTCOMES = ['success', 'failure', 'terminated'] as const;

const OUTCOME_ZH: Record<string, string> = { success: '调解成功', failure: '调解不成功', terminated: '终止调解', open: '在办' };

export function outcomeLabel(code: string): string {
  return OUTCOME_ZH[code] ?? code;
}
export function typeLabel(code: string): string {
  return code;
}
export function sourceLabel(code: string): string {
  return code;
}
