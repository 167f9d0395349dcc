// esbuild entry: the official Ultravox browser SDK, bundled by `cargo xtask`
// into target/site/pkg/ultravox-sdk.js (no CDN at run time).
export { UltravoxSession } from 'ultravox-client';
