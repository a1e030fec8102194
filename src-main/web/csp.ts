// The one Content-Security-Policy of the renderer, sent by the browser-mode server and by Electron
// (response header via session.webRequest). Nothing remote: every source is 'self' (or blob:/data: for
// decoded audio and generated images). 'wasm-unsafe-eval' lets tfjs-backend-wasm and the audio decoders
// compile WebAssembly without allowing eval(). Inline styles are allowed because Svelte transitions and
// wavesurfer's shadow DOM set style attributes/elements; inline scripts are not.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
