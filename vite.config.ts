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
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
