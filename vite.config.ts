import { defineConfig } from 'vite';

// The web app (web/) builds to dist/web, which the server serves on the same port as the API.
export default defineConfig({
  root: 'web',
  base: '/',
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
    rolldownOptions: {
      // antd, react-router and TanStack Query mark modules "use client" (for React Server Components);
      // a client-only bundle ignores it, so the warning is noise in `npm start`.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
