import type { FazhiModule } from '../module.ts';

export const studyModule: FazhiModule = {
  name: 'study',
  routes() {},
  stats: async () => ({}),
  findings: async () => [],
  reportSection: async () => ({ module: 'study', title: '', text: '', figures: [] }),
};
