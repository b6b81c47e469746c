import type { ReactNode } from 'react';
import type { Permission } from '../../common/roles.ts';

/** A page a module contributes to the shell: shown to users holding any of `any`. */
export interface ModuleRoute {
  /** Relative to the shell, no leading slash: 'planning/plans/:id'. */
  path: string;
  any: Permission[];
  element: ReactNode;
}
