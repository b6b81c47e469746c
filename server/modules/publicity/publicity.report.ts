import type { Ctx } from '../../platform/context.ts';
import type { Finding, Period, ReportSection } from '../module.ts';

/** stats / findings / reportSection of the publicity module (the module contract). */
export async function publicityStats(_ctx: Ctx, _period: Period, _orgId?: string): Promise<Record<string, unknown>> {
  return {};
}

export async function publicityFindings(_ctx: Ctx, _period: Period, _orgId?: string): Promise<Finding[]> {
  return [];
}

export async function publicityReportSection(_ctx: Ctx, _year: number, _orgId?: string): Promise<ReportSection> {
  return { module: 'publicity', title: '加大普法宣传', text: '', figures: [] };
}
