/** Tables of the planning module. Every one carries org_id for scoping. */
export type PlanningTables = Record<never, never>;
