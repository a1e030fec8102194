// GruNet: stacked GRU layers + one Dense head, trained with Adam (Kingma & Ba, 2015; β1 0.9, β2 0.999,
// ε 1e-8 by default, bias-corrected as in torch.optim.Adam) on weighted MSE. Parameters use the
// torch.nn.GRU layout (weight_ih [3H, I] with gates r, z, n; weight_hh [3H, H]; two biases) and
// torch.nn.Linear's ([O, In]), initialised as torch does: U(−1/√H, 1/√H) for the GRU, U(−1/√In, 1/√In)
// for the head; so weights trained in torch load unchanged and the forward passes agree.
import { createRuntime, selectBackend, type EngineOptions } from './backend';
import { makePlan, paramSpecs, staticLayout, type Op, type Plan, type StaticLayout, type WeightMode } from './layout';
import { mulberry32 } from './random';
import type { Runtime } from './runtime';
import type { AdamOptions, AdamState, BackendName, GruNetConfig, NamedParam, SeqBatch, Targets } from './types';

export class GruNet {
  private adamM: Float32Array;
  private adamV: Float32Array;
  private adamStep = 0;
  private packed = false;
  private disposed = false;

  private constructor(
    readonly config: GruNetConfig,
    readonly backend: BackendName,
    private readonly rt: Runtime,
    private readonly st: StaticLayout,
  ) {
    this.adamM = new Float32Array(st.P);
    this.adamV = new Float32Array(st.P);
  }

  static async create(cfg: GruNetConfig, backend?: BackendName, options: EngineOptions = {}): Promise<GruNet> {
    validateConfig(cfg);
    // an injected tfjs module stands in for tfjs-node (tests run that code path on tfjs's CPU kernels)
    const name = backend === 'tfjs-node' && options.tfjs ? 'tfjs-node' : await selectBackend(backend);
    // a head-only network (hidden = []) is too small to gain from a second thread (and its start-up)
    const threads = options.threads ?? (cfg.hidden.length > 0 ? 2 : 1);
    const rt = await createRuntime(name, { ...options, threads });
    const config: GruNetConfig = { ...cfg, hidden: [...cfg.hidden] };
    const st = staticLayout(config, rt.base, rt.shards, (K, N) => rt.kernels.packedSize(K, N));
    rt.ensure(st.end);
    const net = new GruNet(config, name, rt, st);
    net.initParams();
    return net;
  }

  /** how many threads a batch is split over (1 or 2) */
  get threads(): number {
    return this.rt.threads;
  }

  /**
   * Resolves once all threads take work. Not needed for correctness — until then calls simply run on
   * the calling thread, with identical results — but benchmarks wait for it before timing.
   */
  threadsReady(): Promise<void> {
    return this.rt.threadsReady();
  }

  getParams(): NamedParam[] {
    const m = this.rt.kernels.heap();
    return this.st.params.map((p) => {
      const at = this.st.paramBase + p.off;
      return { name: p.name, shape: [...p.shape], data: Float32Array.from(m.subarray(at, at + p.size)) };
    });
  }

  /** Accepts any subset of the parameters by name; Float64Array data keeps full precision on the f64 reference runtime. */
  setParams(params: { name: string; data: Float32Array | Float64Array }[]): void {
    this.alive();
    for (const p of params) {
      const slot = this.st.params.find((s) => s.name === p.name);
      if (!slot) throw new Error(`setParams: unknown parameter "${p.name}" (this network has ${this.st.params.map((s) => s.name).join(', ')})`);
      if (p.data.length !== slot.size) {
        throw new Error(`setParams: "${p.name}" has ${p.data.length} values, expected ${slot.size} (shape [${slot.shape.join(', ')}])`);
      }
      this.rt.kernels.heap().set(p.data, this.st.paramBase + slot.off);
    }
    this.packed = false;
  }

  forward(batch: SeqBatch): Float32Array {
    const plan = this.prepare('forward', batch);
    this.rt.run(this.st, plan);
    const m = this.rt.kernels.heap();
    const n = (plan.perFrame ? batch.B * batch.T : batch.B) * this.config.outputDim;
    return Float32Array.from(m.subarray(plan.out, plan.out + n));
  }

  backbone(batch: SeqBatch): Float32Array {
    const L = this.st.layers.length;
    if (L === 0) {
      const out = Float32Array.from(batch.x);
      zeroPadding(out, batch, this.config.inputDim);
      return out;
    }
    const plan = this.prepare('backbone', batch);
    this.rt.run(this.st, plan);
    const H = this.st.layers[L - 1].H;
    const out = new Float32Array(batch.B * batch.T * H);
    const m = this.rt.kernels.heap();
    for (const sp of plan.shards) {
      const h = sp.layers[L - 1].h;
      out.set(m.subarray(h, h + sp.nb * batch.T * H), sp.b0 * batch.T * H);
    }
    return out;
  }

  trainStep(batch: SeqBatch, targets: Targets, opt: AdamOptions): number {
    const freeze = opt.freeze ?? [];
    const { loss } = this.gradients(batch, targets, freeze);
    this.adam(opt, (name) => freeze.some((f) => name.startsWith(f)));
    return loss;
  }

  /**
   * Loss and gradients of one batch without updating anything (used by trainStep and by the gradient
   * checks). Gradients are returned in float64, one entry per parameter, in getParams() order.
   */
  computeGradients(batch: SeqBatch, targets: Targets, freeze: string[] = []): { loss: number; grads: { name: string; data: Float64Array }[] } {
    const { loss } = this.gradients(batch, targets, freeze);
    const m = this.rt.kernels.heap();
    const g0 = this.st.gradBase[0];
    return { loss, grads: this.st.params.map((p) => ({ name: p.name, data: Float64Array.from(m.subarray(g0 + p.off, g0 + p.off + p.size)) })) };
  }

  getOptimizerState(): AdamState {
    const part = (src: Float32Array): { name: string; data: Float32Array }[] =>
      this.st.params.map((p) => ({ name: p.name, data: src.slice(p.off, p.off + p.size) }));
    return { step: this.adamStep, m: part(this.adamM), v: part(this.adamV) };
  }

  setOptimizerState(s: unknown): void {
    const state = s as AdamState;
    if (!state || typeof state.step !== 'number' || !Array.isArray(state.m) || !Array.isArray(state.v)) {
      throw new Error('setOptimizerState: not an optimizer state saved by GruNet.getOptimizerState()');
    }
    const fill = (dst: Float32Array, parts: { name: string; data: ArrayLike<number> }[]): void => {
      for (const part of parts) {
        const slot = this.st.params.find((p) => p.name === part.name);
        if (!slot || part.data.length !== slot.size) throw new Error(`setOptimizerState: moment "${part.name}" does not fit this network`);
        dst.set(part.data, slot.off);
      }
    };
    fill(this.adamM, state.m);
    fill(this.adamV, state.v);
    this.adamStep = state.step;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.rt.dispose();
  }

  // ---------------------------------------------------------------------------------------------

  private initParams(): void {
    const rand = mulberry32(this.config.seed);
    const m = this.rt.kernels.heap();
    for (const p of this.st.params) {
      const fanIn = p.name.startsWith('head.') ? this.st.head.In : p.shape[0] / 3;
      const bound = 1 / Math.sqrt(Math.max(fanIn, 1));
      const at = this.st.paramBase + p.off;
      for (let i = 0; i < p.size; i++) m[at + i] = Math.fround((rand() * 2 - 1) * bound);
    }
    this.packed = false;
  }

  private alive(): void {
    if (this.disposed) throw new Error('GruNet: used after dispose()');
  }

  private packWeights(): void {
    if (this.packed) return;
    const k = this.rt.kernels;
    const pb = this.st.paramBase;
    for (const L of this.st.layers) {
      const G3 = 3 * L.H;
      k.pack(L.I, G3, pb + L.wih, 1, L.I, L.pIhF);
      k.pack(L.H, G3, pb + L.whh, 1, L.H, L.pHhF);
      k.pack(G3, L.H, pb + L.whh, L.H, 1, L.pHhB);
      if (L.pIhB >= 0) k.pack(G3, L.I, pb + L.wih, L.I, 1, L.pIhB);
    }
    const hd = this.st.head;
    k.pack(hd.In, hd.O, pb + hd.w, 1, hd.In, hd.pF);
    k.pack(hd.O, hd.In, pb + hd.w, hd.In, 1, hd.pB);
    this.packed = true;
  }

  private prepare(op: Op, batch: SeqBatch, weightMode: WeightMode = 'none', trainFrom = 0): Plan {
    this.alive();
    validateBatch(batch, this.config.inputDim);
    const plan = makePlan(this.st, this.config, op, batch.B, batch.T, this.rt.shards, weightMode, trainFrom);
    this.rt.ensure(plan.end);
    this.packWeights();
    const m = this.rt.kernels.heap();
    m.set(batch.x, plan.x);
    for (let b = 0; b < batch.B; b++) m[plan.lens + b] = batch.lengths[b];
    return plan;
  }

  private gradients(batch: SeqBatch, targets: Targets, freeze: string[]): { loss: number } {
    const cfg = this.config;
    const perFrame = cfg.head === 'per-frame';
    const outRows = perFrame ? batch.B * batch.T : batch.B;
    const O = cfg.outputDim;
    if (targets.target.length !== outRows * O) {
      const shape = perFrame ? `[B=${batch.B}, T=${batch.T}, ${O}]` : `[B=${batch.B}, ${O}]`;
      throw new Error(`trainStep: target has ${targets.target.length} values, expected ${shape}`);
    }
    let weightMode: WeightMode = 'none';
    if (targets.weight) {
      if (targets.weight.length === outRows) weightMode = 'frame';
      else if (targets.weight.length === outRows * O) weightMode = 'elem';
      else throw new Error(`trainStep: weight has ${targets.weight.length} values, expected ${outRows} or ${outRows * O}`);
    }
    const frozen = (name: string): boolean => freeze.some((f) => name.startsWith(f));
    let trainFrom = this.st.layers.length;
    for (let l = this.st.layers.length - 1; l >= 0; l--) {
      if (this.st.params.some((p) => p.name.endsWith(`_l${l}`) && p.name.startsWith('gru.') && !frozen(p.name))) trainFrom = l;
    }
    const plan = this.prepare('train', batch, weightMode, trainFrom);
    const m = this.rt.kernels.heap();
    m.set(targets.target, plan.target);
    if (targets.weight) m.set(targets.weight, plan.weight);
    plan.invSumW = invSumWeights(targets.weight, weightMode, batch, perFrame, O);
    const used = plan.shards.length;
    const partials = this.rt.run(this.st, plan);
    if (used > 1) {
      // shard gradients are consecutive buffers of equal stride: one column sum, in shard order
      const stride = this.st.gradBase[1] - this.st.gradBase[0];
      this.rt.kernels.colSumAcc(used - 1, this.st.P, this.st.gradBase[1], stride, this.st.gradBase[0]);
    }
    return { loss: partials.reduce((a, b) => a + b, 0) * plan.invSumW };
  }

  private adam(opt: AdamOptions, frozen: (name: string) => boolean): void {
    const lr = opt.lr;
    const b1 = opt.beta1 ?? 0.9;
    const b2 = opt.beta2 ?? 0.999;
    const eps = opt.eps ?? 1e-8;
    this.adamStep++;
    const c1 = 1 - Math.pow(b1, this.adamStep);
    const c2 = 1 - Math.pow(b2, this.adamStep);
    const m = this.rt.kernels.heap();
    const g0 = this.st.gradBase[0];
    const pb = this.st.paramBase;
    const M = this.adamM;
    const V = this.adamV;
    for (const p of this.st.params) {
      if (frozen(p.name)) continue;
      for (let i = p.off, end = p.off + p.size; i < end; i++) {
        const g = m[g0 + i];
        const mi = b1 * M[i] + (1 - b1) * g;
        const vi = b2 * V[i] + (1 - b2) * g * g;
        M[i] = mi;
        V[i] = vi;
        m[pb + i] -= (lr * (mi / c1)) / (Math.sqrt(vi / c2) + eps);
      }
    }
    this.packed = false;
  }
}

function invSumWeights(w: Float32Array | undefined, mode: WeightMode, batch: SeqBatch, perFrame: boolean, O: number): number {
  let sum = 0;
  const steps = perFrame ? batch.T : 1;
  for (let b = 0; b < batch.B; b++) {
    const len = perFrame ? Math.min(batch.lengths[b], batch.T) : batch.lengths[b] > 0 ? 1 : 0;
    for (let t = 0; t < len; t++) {
      const row = b * steps + t;
      if (mode === 'none') sum += O;
      else if (mode === 'frame') sum += O * (w as Float32Array)[row];
      else for (let o = 0; o < O; o++) sum += (w as Float32Array)[row * O + o];
    }
  }
  return sum > 0 ? 1 / sum : 0;
}

function zeroPadding(x: Float32Array, batch: SeqBatch, D: number): void {
  for (let b = 0; b < batch.B; b++) x.fill(0, (b * batch.T + batch.lengths[b]) * D, (b + 1) * batch.T * D);
}

function validateConfig(cfg: GruNetConfig): void {
  const posInt = (v: number): boolean => Number.isInteger(v) && v > 0;
  if (!posInt(cfg.inputDim) || !posInt(cfg.outputDim) || !cfg.hidden.every(posInt)) {
    throw new Error(`GruNet: inputDim, outputDim and hidden sizes must be positive integers (got ${JSON.stringify(cfg)})`);
  }
  if (!['per-frame', 'last', 'mean'].includes(cfg.head)) throw new Error(`GruNet: unknown head "${cfg.head}" (per-frame, last or mean)`);
  if (!Number.isInteger(cfg.seed)) throw new Error(`GruNet: seed must be an integer (got ${cfg.seed})`);
}

function validateBatch(batch: SeqBatch, D: number): void {
  const { B, T, x, lengths } = batch;
  if (!Number.isInteger(B) || !Number.isInteger(T) || B < 1 || T < 1) throw new Error(`GruNet: batch needs B ≥ 1 and T ≥ 1 (got B=${B}, T=${T})`);
  if (x.length !== B * T * D) throw new Error(`GruNet: x has ${x.length} values, expected B·T·${D} = ${B * T * D}`);
  if (lengths.length !== B) throw new Error(`GruNet: lengths has ${lengths.length} entries, expected B = ${B}`);
  for (let b = 0; b < B; b++) {
    if (!(lengths[b] >= 0 && lengths[b] <= T)) throw new Error(`GruNet: lengths[${b}] = ${lengths[b]} is outside 0…T (${T})`);
  }
}

export { paramSpecs };
