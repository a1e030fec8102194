// The compute kernels the GRU orchestration (shard.ts) is written against. Every buffer lives in one
// flat "heap" (a typed array; for the WASM backend the module's linear memory, shared between the two
// threads), and kernels take offsets in elements, so the same orchestration code drives the JS, WASM and
// tfjs implementations and runs unchanged in a worker thread.
//
// Matrix convention: an operand is addressed through (row stride, column stride), so A·B, Aᵀ·B and
// A·Bᵀ are all the same plain-orientation kernel — no transposed matmul is ever executed (tfjs-wasm ran
// transposed operands at 2–3 GFLOP/s against 24–41 plain, see docs/engine.md).

export type Heap = Float32Array | Float64Array;

export interface Kernels {
  /** current view of the heap (may change identity after the memory grows) */
  heap(): Heap;
  /** elements a packed copy of a K×N right operand occupies */
  packedSize(K: number, N: number): number;
  /** pack B (element (k, n) at b + k·rsB + n·csB) into the kernel's preferred layout at dst */
  pack(K: number, N: number, b: number, rsB: number, csB: number, dst: number): void;
  /**
   * C[M×N] (+)= A[M×K] · B[K×N]; A element (m, k) at a + m·rsA + k·csA; B already packed at bp;
   * C row-major with leading dimension ldc; accumulate = add to C instead of overwriting it;
   * scratch: per-thread work space (GEMM_SCRATCH floats, see layout.ts) for the packed A block.
   */
  gemmPacked(M: number, N: number, K: number, a: number, rsA: number, csA: number, bp: number, c: number, ldc: number, accumulate: boolean, scratch: number): void;
  /** as gemmPacked with an unpacked B (packed internally, block by block, into `scratch`) */
  gemm(
    M: number, N: number, K: number, a: number, rsA: number, csA: number,
    b: number, rsB: number, csB: number, c: number, ldc: number, accumulate: boolean, scratch: number,
  ): void;
  /** every row r < rows of C (leading dimension ldc) := bias[0..n) */
  fillRows(rows: number, n: number, c: number, ldc: number, bias: number): void;
  /** dst[0..n) += Σ_r src[r·ld + j] */
  colSumAcc(rows: number, n: number, src: number, ld: number, dst: number): void;
  /**
   * One forward GRU step t for nb sequences (torch.nn.GRU equations, gates r, z, n).
   * g: [nb, T, 3H] holds x·W_ihᵀ + b_ih on entry and r, z, n on exit; gh: [nb, 3H] = h_{t−1}·W_hhᵀ + b_hh;
   * ghn: [nb, T, H] keeps the W_hn·h + b_hn part for the backward pass; h: [nb, T, H] outputs;
   * lens: nb lengths (stored as floats); rows with t ≥ length output 0.
   */
  gruForwardStep(nb: number, H: number, T: number, t: number, g: number, gh: number, ghn: number, h: number, lens: number): void;
  /**
   * One backward GRU step t. dh: [nb, T, H] gradient w.r.t. outputs; carry: [nb, H] gradient reaching
   * h_t through step t+1 (in: dh_{t+1}·z part plus the recurrent matmul; out: the z·dh part for t−1).
   * Overwrites g with dGx = [dr̃, dz̃, dñ] (pre-activation gradients) and writes dgh = [dr̃, dz̃, dñ·r].
   */
  gruBackwardStep(
    nb: number, H: number, T: number, t: number, g: number, ghn: number, h: number, dh: number,
    carry: number, dgh: number, lens: number,
  ): void;
}
