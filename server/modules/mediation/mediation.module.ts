import type { FazhiModule } from '../module.ts';

export const mediationModule: FazhiModule = {
  name: 'mediation',
  routes() {},
  async stats() {
    return {};
  },
  async findings() {
    return [];
  },
  async reportSection() {
    return { module: 'mediation', title: '化解矛盾纠纷', text: '', figures: [] };
  },
};
