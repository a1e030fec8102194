// The glottal-source column group (part II of the COVAREP-74 extractor): NAQ, QOQ, H1H2, PSP, MDQ,
// peakSlope, Rd, Rd_conf, creak. Registered in ../extractor.ts.
import type { ColumnGroup } from '../types.js';
import { sinFrames } from '../sin-frames.js';
import { computeGlottal, GLOTTAL_COLUMNS, glottalResidual } from './glottal-features.js';

/**
 * Memo key of the order-18 LP residual (25 ms / 5 ms) of the polarity-corrected signal. RESKEW computes
 * the same residual on the uncorrected signal (res(−x) = −res(x)); the pipeline can pre-fill this key
 * with polarity·that residual to save a pass.
 */
export const LP_RESIDUAL_18_KEY = 'lp-residual-order18';

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
      residual: ctx.memo(LP_RESIDUAL_18_KEY, () => glottalResidual(ctx.signal)),
    });
    for (const c of GLOTTAL_COLUMNS) out.set(c, r.columns[c]);
  },
};
