// The report renders with the charts module's renderer (one renderer; vega and vega-lite are loaded lazily there).
export { toSvg as renderSvg } from '../charts/render.js';
