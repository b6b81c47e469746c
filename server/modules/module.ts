import type { FastifyInstance } from 'fastify';
import type { Ctx, Deps } from '../platform/context.ts';

/**
 * The module contract (architecture guide): every domain module is a room with a door.
 * `reports` and `portal` compose these; they own no domain data.
 */
export interface Period {
  /** inclusive YYYY-MM-DD */
  from: string;
  /** inclusive YYYY-MM-DD */
  to: string;
}

/** A number in a report paragraph, with the link to the records behind it. */
export interface TracedFigure {
  key: string;
  label: string;
  value: number;
  /** Web path listing exactly the records counted, e.g. `/mediation/disputes?year=2023&outcome=success`. */
  href: string;
  /** For rates: the denominator, always shown next to the rate (domain-facts §4). */
  denominator?: number;
}

export interface Finding {
  code: string;
  severity: 'info' | 'warning' | 'critical';
  orgId: string | null;
  message: string;
  href: string;
  count?: number;
}

export interface ReportSection {
  module: string;
  title: string;
  /** The paragraph, with `{key}` placeholders resolved against `figures`. */
  text: string;
  figures: TracedFigure[];
}

export interface FazhiModule {
  name: string;
  routes(app: FastifyInstance, deps: Deps): void;
  stats(ctx: Ctx, period: Period, orgId?: string): Promise<Record<string, unknown>>;
  findings(ctx: Ctx, period: Period, orgId?: string): Promise<Finding[]>;
  reportSection(ctx: Ctx, year: number, orgId?: string): Promise<ReportSection>;
}
