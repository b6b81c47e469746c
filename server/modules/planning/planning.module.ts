import type { FazhiModule } from '../module.ts';

export const planningModule: FazhiModule = {
  name: 'planning',
  routes() {},
  stats: async () => ({}),
  findings: async () => [],
  reportSection: async () => ({ module: 'planning', title: '', text: '', figures: [] }),
};
