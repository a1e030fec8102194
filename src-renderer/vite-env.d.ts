/// <reference types="vite/client" />
// Lets TypeScript accept the renderer's CSS and asset imports, which vite bundles.
