// Column group F0, VUV: the SRH track (srh.ts) interpolated onto the output grid (COVAREP: interp1 of
// the SRH frames at their centres, NaN outside → 0; VUV thresholded at 0.5). The extractor computes the
// track once for every group; this group only publishes it.
import type { ColumnGroup } from './types';

export const f0VuvGroup: ColumnGroup = {
  id: 'f0-vuv',
  columns: ['F0', 'VUV'],
  compute(ctx, out) {
    out.set('F0', ctx.f0Grid);
    out.set('VUV', ctx.vuvGrid);
  },
};
