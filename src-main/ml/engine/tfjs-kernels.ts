// Kernels for the tfjs-node backend: every matmul goes to TensorFlow's native kernels through tf.matMul
// (operands gathered into plain row-major orientation first, so no transposed matmul runs); the fused
// elementwise GRU steps stay in JS (js-kernels.ts), where they cost O(B·T·H) against the O(B·T·H²) matmuls.
import type { TfjsLike } from './backend';
import { JsKernels, type HeapStore } from './js-kernels';

export class TfjsKernels extends JsKernels {
  constructor(store: HeapStore, private readonly tf: TfjsLike) {
    super(store);
  }

  override gemmPacked(M: number, N: number, K: number, a: number, rsA: number, csA: number, bp: number, c: number, ldc: number, accumulate: boolean, _scratch?: number): void {
    const m = this.store.data as Float32Array;
    this.matmulInto(M, N, K, a, rsA, csA, m.subarray(bp, bp + K * N), c, ldc, accumulate);
  }

  override gemm(
    M: number, N: number, K: number, a: number, rsA: number, csA: number,
    b: number, rsB: number, csB: number, c: number, ldc: number, accumulate: boolean,
  ): void {
    const m = this.store.data as Float32Array;
    const B = rsB === N && csB === 1 ? m.subarray(b, b + K * N) : gather(m, K, N, b, rsB, csB);
    this.matmulInto(M, N, K, a, rsA, csA, B, c, ldc, accumulate);
  }

  private matmulInto(M: number, N: number, K: number, a: number, rsA: number, csA: number, B: Float32Array, c: number, ldc: number, accumulate: boolean): void {
    const m = this.store.data as Float32Array;
    const A = rsA === K && csA === 1 ? m.subarray(a, a + M * K) : gather(m, M, K, a, rsA, csA);
    const tf = this.tf;
    const out = tf.tidy(() => tf.matMul(tf.tensor2d(A, [M, K]), tf.tensor2d(B, [K, N])).dataSync());
    for (let i = 0; i < M; i++) {
      const row = c + i * ldc;
      if (accumulate) for (let j = 0; j < N; j++) m[row + j] += out[i * N + j];
      else for (let j = 0; j < N; j++) m[row + j] = out[i * N + j];
    }
  }
}

function gather(m: Float32Array, R: number, C: number, at: number, rs: number, cs: number): Float32Array {
  const out = new Float32Array(R * C);
  for (let r = 0; r < R; r++) for (let j = 0; j < C; j++) out[r * C + j] = m[at + r * rs + j * cs];
  return out;
}
