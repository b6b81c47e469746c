import type { Ctx } from '../../platform/context.ts';

/** One row of the 谁执法谁普法 list with whether the department did publicise its law in the year. */
export interface ResponsibilityStatus {
  id: string;
  orgId: string;
  year: number;
  departmentOrgId: string | null;
  departmentName: string;
  law: string;
  measures: string | null;
  /** Done events organised by the department that covered the law in the year. */
  eventCount: number;
  done: boolean;
  /** Web path listing exactly those events. */
  href: string;
}

/**
 * The township's list for a year with each row's status. CONTRACT used by the report's finding
 * "departments that did not publicise their laws"; the calendar helper writes the body.
 */
export async function responsibilityStatus(_ctx: Ctx, _orgId: string, _year: number): Promise<ResponsibilityStatus[]> {
  return [];
}
