import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The console: built into web/dist (served by `gatehouse serve`, src/server/routes/console.ts). */
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: {
    // `npx vite --config web/vite.config.ts` during development: the API of a local `npm start` (or GATEHOUSE_API_URL).
    proxy: { '/api': process.env.GATEHOUSE_API_URL ?? 'http://127.0.0.1:8080' },
  },
});
