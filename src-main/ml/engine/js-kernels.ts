// Plain typed-array implementation of the engine kernels (kernels.ts): the portable fallback, the
// float64 reference used by the finite-difference gradient checks, and the base of the tfjs-node path.
// GRU equations as torch.nn.GRU (Cho et al., 2014, "Learning Phrase Representations using RNN
// Encoder–Decoder", with torch's placement of b_hn inside the reset product):
//   r = σ(W_ir x + b_ir + W_hr h + b_hr),  z = σ(W_iz x + b_iz + W_hz h + b_hz),
//   n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),  h' = (1 − z) ⊙ n + z ⊙ h.
import type { Heap, Kernels } from './kernels';

/** Holder of a growable heap: the kernels always read `store.data`, so growing swaps one reference. */
export interface HeapStore {
  data: Heap;
}

export class JsKernels implements Kernels {
  constructor(protected readonly store: HeapStore) {}

  heap(): Heap {
    return this.store.data;
  }

  packedSize(K: number, N: number): number {
    return K * N;
  }

  /** JS layout: plain row-major K×N copy, so the inner loop runs over contiguous columns. */
  pack(K: number, N: number, b: number, rsB: number, csB: number, dst: number): void {
    const m = this.store.data;
    for (let k = 0; k < K; k++) {
      const src = b + k * rsB;
      const out = dst + k * N;
      for (let n = 0; n < N; n++) m[out + n] = m[src + n * csB];
    }
  }

  gemmPacked(M: number, N: number, K: number, a: number, rsA: number, csA: number, bp: number, c: number, ldc: number, accumulate: boolean, _scratch?: number): void {
    this.gemmRowMajorB(M, N, K, a, rsA, csA, bp, N, c, ldc, accumulate);
  }

  /** C (+)= A·B with B row-major at `b`, rows `ldb` apart (a packed B is the case ldb = N). */
  private gemmRowMajorB(M: number, N: number, K: number, a: number, rsA: number, csA: number, b: number, ldb: number, c: number, ldc: number, accumulate: boolean): void {
    const m = this.store.data;
    for (let i = 0; i < M; i++) {
      const crow = c + i * ldc;
      if (!accumulate) m.fill(0, crow, crow + N);
      const arow = a + i * rsA;
      for (let k = 0; k < K; k++) {
        const aik = m[arow + k * csA];
        if (aik === 0) continue;
        const brow = b + k * ldb;
        for (let n = 0; n < N; n++) m[crow + n] += aik * m[brow + n];
      }
    }
  }

  gemm(
    M: number, N: number, K: number, a: number, rsA: number, csA: number,
    b: number, rsB: number, csB: number, c: number, ldc: number, accumulate: boolean, scratch: number,
  ): void {
    if (csB === 1) {
      // already row-major: read B in place
      this.gemmRowMajorB(M, N, K, a, rsA, csA, b, rsB, c, ldc, accumulate);
      return;
    }
    // strided B: copy it row-major into a temporary (the heap scratch holds only one K-block, and the
    // JS path packs all K rows at once), then run the row-major loop on it
    const m = this.store.data;
    const tmp = new (m.constructor as Float32ArrayConstructor | Float64ArrayConstructor)(K * N);
    for (let k = 0; k < K; k++) for (let n = 0; n < N; n++) tmp[k * N + n] = m[b + k * rsB + n * csB];
    for (let i = 0; i < M; i++) {
      const crow = c + i * ldc;
      if (!accumulate) m.fill(0, crow, crow + N);
      const arow = a + i * rsA;
      for (let k = 0; k < K; k++) {
        const aik = m[arow + k * csA];
        if (aik === 0) continue;
        for (let n = 0; n < N; n++) m[crow + n] += aik * tmp[k * N + n];
      }
    }
    void scratch;
  }

  fillRows(rows: number, n: number, c: number, ldc: number, bias: number): void {
    const m = this.store.data;
    for (let r = 0; r < rows; r++) m.copyWithin(c + r * ldc, bias, bias + n);
  }

  colSumAcc(rows: number, n: number, src: number, ld: number, dst: number): void {
    const m = this.store.data;
    for (let r = 0; r < rows; r++) {
      const row = src + r * ld;
      for (let j = 0; j < n; j++) m[dst + j] += m[row + j];
    }
  }

  gruForwardStep(nb: number, H: number, T: number, t: number, g: number, gh: number, ghn: number, h: number, lens: number): void {
    const m = this.store.data;
    const G3 = 3 * H;
    for (let b = 0; b < nb; b++) {
      const row = b * T + t;
      const gRow = g + row * G3;
      const hRow = h + row * H;
      if (t >= m[lens + b]) {
        m.fill(0, hRow, hRow + H);
        m.fill(0, gRow, gRow + G3);
        m.fill(0, ghn + row * H, ghn + row * H + H);
        continue;
      }
      const ghRow = gh + b * G3;
      const prev = hRow - H;
      for (let j = 0; j < H; j++) {
        const r = 1 / (1 + Math.exp(-(m[gRow + j] + m[ghRow + j])));
        const z = 1 / (1 + Math.exp(-(m[gRow + H + j] + m[ghRow + H + j])));
        const hn = m[ghRow + 2 * H + j];
        const n = Math.tanh(m[gRow + 2 * H + j] + r * hn);
        const hp = t > 0 ? m[prev + j] : 0;
        m[gRow + j] = r;
        m[gRow + H + j] = z;
        m[gRow + 2 * H + j] = n;
        m[ghn + row * H + j] = hn;
        m[hRow + j] = (1 - z) * n + z * hp;
      }
    }
  }

  gruBackwardStep(
    nb: number, H: number, T: number, t: number, g: number, ghn: number, h: number, dh: number,
    carry: number, dgh: number, lens: number,
  ): void {
    const m = this.store.data;
    const G3 = 3 * H;
    for (let b = 0; b < nb; b++) {
      const row = b * T + t;
      const gRow = g + row * G3;
      const dghRow = dgh + row * G3;
      const cRow = carry + b * H;
      if (t >= m[lens + b]) {
        m.fill(0, gRow, gRow + G3);
        m.fill(0, dghRow, dghRow + G3);
        m.fill(0, cRow, cRow + H);
        continue;
      }
      const prev = h + (row - 1) * H;
      const dhRow = dh + row * H;
      const hnRow = ghn + row * H;
      for (let j = 0; j < H; j++) {
        const r = m[gRow + j];
        const z = m[gRow + H + j];
        const n = m[gRow + 2 * H + j];
        const hp = t > 0 ? m[prev + j] : 0;
        const d = m[dhRow + j] + m[cRow + j];
        const dan = d * (1 - z) * (1 - n * n);
        const daz = d * (hp - n) * z * (1 - z);
        const dar = dan * m[hnRow + j] * r * (1 - r);
        m[gRow + j] = dar;
        m[gRow + H + j] = daz;
        m[gRow + 2 * H + j] = dan;
        m[dghRow + j] = dar;
        m[dghRow + H + j] = daz;
        m[dghRow + 2 * H + j] = dan * r;
        m[cRow + j] = d * z;
      }
    }
  }
}
