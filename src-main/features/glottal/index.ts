// The glottal-source column group (part II of the COVAREP-74 extractor): NAQ, QOQ, H1H2, PSP, MDQ,
// peakSlope, Rd, Rd_conf, creak. Registered in ../extractor.ts.
import type { ColumnGroup } from '../types.js';
import { sinFrames } from '../sin-frames.js';
import { computeGlottal, GLOTTAL_COLUMNS } from './glottal-features.js';

export const glottalGroup: ColumnGroup = {
  id: 'glottal',
  columns: GLOTTAL_COLUMNS,
  compute(ctx, out) {
    const r = computeGlottal({
      x: ctx.signal,
      srhPos: ctx.srh.centres,
      srhF0: ctx.srh.f0,
      srhVuv: ctx.srh.vuv,
      frames: ctx.frames,
      sinFrames: sinFrames(ctx),
    });
    for (const c of GLOTTAL_COLUMNS) out.set(c, r.columns[c]);
  },
};
