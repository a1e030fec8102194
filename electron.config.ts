// electron-vite configuration: main process, sandboxed preload (CommonJS) and the Svelte renderer.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      sourcemap: false,
      rollupOptions: {
        input: {
          index: resolve(root, 'src-main/app/main.ts'),
          'import-worker': resolve(root, 'src-main/jobs/import-worker.ts'),
          'extract-job': resolve(root, 'src-main/jobs/extract-job.ts'),
          'extract-worker': resolve(root, 'src-main/jobs/extract-worker.ts'),
          'gru-shard-worker': resolve(root, 'src-main/ml/engine/shard-worker.ts'),
          'train-worker': resolve(root, 'src-main/jobs/train-worker.ts'),
          'agreement-worker': resolve(root, 'src-main/services/agreement/agreement-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: true,
      sourcemap: false,
      rollupOptions: {
        input: { index: resolve(root, 'src-main/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [svelte({ configFile: resolve(root, 'svelte.config.js') })],
    build: {
      outDir: resolve(root, 'out/renderer'),
      sourcemap: false,
      emptyOutDir: true,
      rollupOptions: { input: resolve(root, 'src-renderer/index.html') },
    },
  },
});
