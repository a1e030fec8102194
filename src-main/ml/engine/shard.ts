// Forward and backward pass (BPTT by hand) of the stacked GRU + Dense head for one shard of the batch
// (sequences b0 … b0+nb−1). Sequences are independent, so any thread can run any shard over all
// timesteps; only the shards' weight gradients are summed afterwards (in shard order: deterministic).
// Per layer: the input projection of the whole sequence is one large matmul, the recurrence is one
// small matmul + one fused elementwise step per timestep over preallocated buffers; the backward pass
// mirrors it and ends with three large matmuls for dW_ih, dW_hh and the gradient of the layer's input.
// Model: GRU (Cho et al., 2014; torch.nn.GRU equations) stacked as in Nimitsurachat & Washington 2024
// (GRU256 → GRU256 → Dense74 for masked-frame pretraining); loss weighted MSE.
import type { Kernels } from './kernels';
import type { Plan, StaticLayout } from './layout';

/** Runs one shard; returns the shard's Σ w·(y−t)² for 'train', 0 otherwise. Gradients go to gradBase[s]. */
export function runShard(k: Kernels, st: StaticLayout, plan: Plan, s: number): number {
  const sp = plan.shards[s];
  const { T } = plan;
  const { nb, b0 } = sp;
  const rows = nb * T;
  const lens = plan.lens + b0;
  const pb = st.paramBase;
  const train = plan.op === 'train';
  const grad = st.gradBase[s];
  let m = k.heap();
  // each shard clears its own gradient buffer, in parallel with the other thread
  if (train) m.fill(0, grad, grad + st.P);
  let tEnd = 0;
  for (let b = 0; b < nb; b++) tEnd = Math.max(tEnd, m[lens + b]);

  // ---- GRU layers, forward
  const I0 = st.layers.length ? st.layers[0].I : st.head.In;
  let xin = plan.x + b0 * T * I0;
  for (let l = 0; l < st.layers.length; l++) {
    const L = st.layers[l];
    const buf = sp.layers[l];
    const G3 = 3 * L.H;
    k.fillRows(rows, G3, buf.g, G3, pb + L.bih);
    k.gemmPacked(rows, G3, L.I, xin, L.I, 1, L.pIhF, buf.g, G3, true, sp.scratch);
    for (let t = 0; t < T; t++) {
      if (t < tEnd) {
        k.fillRows(nb, G3, sp.gh, G3, pb + L.bhh);
        if (t > 0) k.gemmPacked(nb, G3, L.H, buf.h + (t - 1) * L.H, T * L.H, 1, L.pHhF, sp.gh, G3, true, sp.scratch);
      }
      k.gruForwardStep(nb, L.H, T, t, buf.g, sp.gh, buf.ghn, buf.h, lens);
    }
    xin = buf.h;
  }
  if (plan.op === 'backbone') return 0;

  // ---- head, forward
  const hd = st.head;
  const hl = xin; // [nb, T, In]
  m = k.heap();
  let headIn = hl;
  let headRows = rows;
  let y: number;
  if (plan.perFrame) {
    y = plan.out + b0 * T * hd.O;
    k.fillRows(rows, hd.O, y, hd.O, pb + hd.b);
    k.gemmPacked(rows, hd.O, hd.In, hl, hd.In, 1, hd.pF, y, hd.O, true, sp.scratch);
    for (let b = 0; b < nb; b++) {
      const len = m[lens + b];
      if (len < T) m.fill(0, y + (b * T + len) * hd.O, y + (b + 1) * T * hd.O);
    }
  } else {
    pool(m, plan.mean, nb, T, hd.In, hl, lens, sp.pooled);
    headIn = sp.pooled;
    headRows = nb;
    y = plan.out + b0 * hd.O;
    k.fillRows(nb, hd.O, y, hd.O, pb + hd.b);
    k.gemmPacked(nb, hd.O, hd.In, sp.pooled, hd.In, 1, hd.pF, y, hd.O, true, sp.scratch);
  }
  if (!train) return 0;

  // ---- loss and its gradient w.r.t. the head output
  const loss = lossAndGrad(m, plan, s, y);

  // ---- head, backward
  const dy = sp.dy;
  k.gemm(hd.O, hd.In, headRows, dy, 1, hd.O, headIn, hd.In, 1, grad + hd.w, hd.In, true, sp.scratch);
  k.colSumAcc(headRows, hd.O, dy, hd.O, grad + hd.b);
  const Lc = st.layers.length;
  if (plan.trainFrom >= Lc) return loss;
  const dTop = sp.layers[Lc - 1].dh;
  if (plan.perFrame) {
    k.gemmPacked(rows, hd.In, hd.O, dy, hd.O, 1, hd.pB, dTop, hd.In, false, sp.scratch);
  } else {
    k.gemmPacked(nb, hd.In, hd.O, dy, hd.O, 1, hd.pB, sp.dPooled, hd.In, false, sp.scratch);
    m = k.heap();
    unpoolGrad(m, plan.mean, nb, T, hd.In, sp.dPooled, lens, dTop);
  }

  // ---- GRU layers, backward through time
  for (let l = Lc - 1; l >= plan.trainFrom; l--) {
    const L = st.layers[l];
    const buf = sp.layers[l];
    const H = L.H;
    const G3 = 3 * H;
    m = k.heap();
    m.fill(0, sp.carry, sp.carry + nb * H);
    for (let t = T - 1; t >= 0; t--) {
      if (t + 1 < tEnd) k.gemmPacked(nb, H, G3, sp.dgh + (t + 1) * G3, T * G3, 1, L.pHhB, sp.carry, H, true, sp.scratch);
      k.gruBackwardStep(nb, H, T, t, buf.g, buf.ghn, buf.h, buf.dh, sp.carry, sp.dgh, lens);
    }
    const lin = l === 0 ? plan.x + b0 * T * L.I : sp.layers[l - 1].h;
    // dW_ih += dGxᵀ·X, db_ih += Σ dGx
    k.gemm(G3, L.I, rows, buf.g, 1, G3, lin, L.I, 1, grad + L.wih, L.I, true, sp.scratch);
    k.colSumAcc(rows, G3, buf.g, G3, grad + L.bih);
    // dW_hh += Σ_b dGh[b, 1…]ᵀ·h[b, …−1] (h_{−1} = 0 contributes nothing), db_hh += Σ dGh
    if (tEnd > 1) {
      for (let b = 0; b < nb; b++) {
        k.gemm(G3, H, tEnd - 1, sp.dgh + (b * T + 1) * G3, 1, G3, buf.h + b * T * H, H, 1, grad + L.whh, H, true, sp.scratch);
      }
    }
    k.colSumAcc(rows, G3, sp.dgh, G3, grad + L.bhh);
    if (l > plan.trainFrom) {
      k.gemmPacked(rows, L.I, G3, buf.g, G3, 1, L.pIhB, sp.layers[l - 1].dh, L.I, false, sp.scratch);
    }
  }
  return loss;
}

type Mem = Float32Array | Float64Array;

function pool(m: Mem, mean: boolean, nb: number, T: number, In: number, h: number, lens: number, out: number): void {
  for (let b = 0; b < nb; b++) {
    const len = m[lens + b];
    const o = out + b * In;
    m.fill(0, o, o + In);
    if (len <= 0) continue;
    if (!mean) {
      m.copyWithin(o, h + (b * T + len - 1) * In, h + (b * T + len) * In);
      continue;
    }
    for (let t = 0; t < len; t++) {
      const r = h + (b * T + t) * In;
      for (let j = 0; j < In; j++) m[o + j] += m[r + j];
    }
    const inv = 1 / len;
    for (let j = 0; j < In; j++) m[o + j] *= inv;
  }
}

function unpoolGrad(m: Mem, mean: boolean, nb: number, T: number, In: number, dp: number, lens: number, dh: number): void {
  m.fill(0, dh, dh + nb * T * In);
  for (let b = 0; b < nb; b++) {
    const len = m[lens + b];
    if (len <= 0) continue;
    const src = dp + b * In;
    if (!mean) {
      m.copyWithin(dh + (b * T + len - 1) * In, src, src + In);
      continue;
    }
    const inv = 1 / len;
    for (let t = 0; t < len; t++) {
      const r = dh + (b * T + t) * In;
      for (let j = 0; j < In; j++) m[r + j] = m[src + j] * inv;
    }
  }
}

function lossAndGrad(m: Mem, plan: Plan, s: number, y: number): number {
  const sp = plan.shards[s];
  const { weightMode, invSumW, outDim } = plan;
  const steps = plan.perFrame ? plan.T : 1;
  let loss = 0;
  for (let bl = 0; bl < sp.nb; bl++) {
    const b = sp.b0 + bl;
    // pooled heads: a sequence with no valid frame has nothing to pool and stays out of the loss
    const len = plan.perFrame ? m[plan.lens + b] : m[plan.lens + b] > 0 ? 1 : 0;
    for (let t = 0; t < steps; t++) {
      const row = b * steps + t; // global output row (target and weight are indexed globally)
      const yRow = y + (bl * steps + t) * outDim;
      const dRow = sp.dy + (bl * steps + t) * outDim;
      if (t >= len) {
        m.fill(0, dRow, dRow + outDim);
        continue;
      }
      const tRow = plan.target + row * outDim;
      const rowW = weightMode === 'frame' ? m[plan.weight + row] : 1;
      for (let o = 0; o < outDim; o++) {
        const w = weightMode === 'elem' ? m[plan.weight + row * outDim + o] : rowW;
        const diff = m[yRow + o] - m[tRow + o];
        loss += w * diff * diff;
        m[dRow + o] = 2 * w * diff * invSumW;
      }
    }
  }
  return loss;
}
