/** Tables of the study module. Every one carries org_id for scoping. */
export type StudyTables = Record<never, never>;
