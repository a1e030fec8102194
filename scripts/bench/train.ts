// `npm run bench -- train`: our engine against PyTorch on this machine, same model, same batch shape,
// in one run, printed as ratios. Model: 74 → GRU256 → GRU256 → Dense74 per frame (masked-frame
// pretraining), Adam, MSE; inference = the GRU backbone only. Peer: Debian's python3-torch (1.13) with
// OpenBLAS (libopenblas0-pthread; the reference BLAS Debian defaults to is ~18× slower and no fair peer),
// 2 threads, OMP_WAIT_POLICY=PASSIVE, OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset for that command only.
// Rounds alternate engine / PyTorch so load from other processes hits both alike; load is printed.
// Options (env): BENCH_TRAIN_ROUNDS (default 3), BENCH_TRAIN_STEPS (default 5), BENCH_TRAIN_BATCH (32),
// BENCH_TRAIN_FRAMES (300), BENCH_TRAIN_THREADS (2; 1 = per-core comparison for both engines).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { benchTrain, type BenchResult } from '../../src-main/ml/engine/bench';

const PYTHON = '/usr/bin/python3'; // Debian's interpreter: the pyenv python3 on PATH has no torch
const OPENBLAS_PTHREAD = '/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3';

const TORCH_SCRIPT = String.raw`
import json, os, sys, time
import torch
B, T, steps, threads = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
torch.set_num_threads(threads)
torch.manual_seed(1)
blas = sorted({l.split()[-1] for l in open('/proc/self/maps') if 'blas' in l.lower() or 'lapack' in l.lower()})
class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = torch.nn.GRU(74, 256, num_layers=2, batch_first=True)
        self.head = torch.nn.Linear(256, 74)
    def forward(self, x):
        return self.head(self.gru(x)[0])
net = Net()
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
x = torch.rand(B, T, 74) * 2 - 1
y = x * 0.5
def step():
    opt.zero_grad()
    loss = torch.nn.functional.mse_loss(net(x), y)
    loss.backward()
    opt.step()
def infer():
    with torch.no_grad():
        net.gru(x)
def timed(fn):
    fn()
    c0 = time.process_time()
    t0 = time.perf_counter()
    for _ in range(steps):
        fn()
    return (time.perf_counter() - t0) / steps * 1000, (time.process_time() - c0) / steps * 1000
ms, cpu = timed(step)
inf, infcpu = timed(infer)
print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas,
                  "msPerStep": ms, "cpuMsPerStep": cpu, "trainTimestepsPerSecond": B * T / ms * 1000,
                  "inferenceMsPerBatch": inf, "inferenceCpuMsPerBatch": infcpu, "inferenceFramesPerSecond": B * T / inf * 1000}))
`;

interface TorchResult {
  torch: string;
  threads: number;
  blas: string[];
  msPerStep: number;
  cpuMsPerStep: number;
  trainTimestepsPerSecond: number;
  inferenceMsPerBatch: number;
  inferenceCpuMsPerBatch: number;
  inferenceFramesPerSecond: number;
}

function ensureTorch(): void {
  const ok = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0 && existsSync(OPENBLAS_PTHREAD);
  if (ok) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`PyTorch peer missing: run "sudo apt-get install -y python3-torch libopenblas0-pthread" (Debian), then rerun`);
  }
  console.log('installing the PyTorch peer: apt-get install -y python3-torch libopenblas0-pthread');
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'python3-torch', 'libopenblas0-pthread'], { stdio: 'inherit' });
}

function torchEnv(preload: boolean, threads: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, OMP_WAIT_POLICY: 'PASSIVE', OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  if (preload) env.LD_PRELOAD = OPENBLAS_PTHREAD;
  return env;
}

function runTorch(B: number, T: number, steps: number, threads: number): TorchResult {
  // First as installed; if the loaded BLAS is not OpenBLAS (alternatives pointing at the reference BLAS),
  // preload OpenBLAS explicitly.
  for (const preload of [false, true]) {
    const out = execFileSync(PYTHON, ['-c', TORCH_SCRIPT, String(B), String(T), String(steps), String(threads)], { env: torchEnv(preload, threads), encoding: 'utf8' });
    const result = JSON.parse(out.trim().split('\n').at(-1) as string) as TorchResult;
    const openblas = result.blas.some((p) => p.includes('openblas'));
    if (openblas || preload) {
      if (!openblas) throw new Error(`PyTorch did not load OpenBLAS (loaded: ${result.blas.join(', ')}); not a fair peer`);
      return result;
    }
    console.log(`torch loaded ${result.blas.join(', ')}; retrying with LD_PRELOAD=${OPENBLAS_PTHREAD}`);
  }
  throw new Error('unreachable');
}

const cpus = availableParallelism();
const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

export async function run(): Promise<void> {
  const rounds = Number(process.env.BENCH_TRAIN_ROUNDS ?? 3);
  const steps = Number(process.env.BENCH_TRAIN_STEPS ?? 5);
  const B = Number(process.env.BENCH_TRAIN_BATCH ?? 32);
  const T = Number(process.env.BENCH_TRAIN_FRAMES ?? 300);
  // 2 is the target configuration; 1 compares per-core efficiency, less disturbed by a loaded machine
  const threads = Number(process.env.BENCH_TRAIN_THREADS ?? 2);
  ensureTorch();
  console.log(`model 74 → GRU256 → GRU256 → Dense74, batch ${B} × ${T} frames, ${threads} thread(s) each, ${steps} timed steps per round, ${rounds} rounds`);
  const trainRatios: number[] = [];
  const inferRatios: number[] = [];
  const trainCpuRatios: number[] = [];
  const inferCpuRatios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const loadBefore = loadavg()[0];
    const ours: BenchResult = await benchTrain({ frames: T, batch: B, steps, threads });
    const torch = runTorch(B, T, steps, threads);
    const loadAfter = loadavg()[0];
    const tr = ours.trainTimestepsPerSecond / torch.trainTimestepsPerSecond;
    const ir = ours.inferenceFramesPerSecond / torch.inferenceFramesPerSecond;
    trainRatios.push(tr);
    inferRatios.push(ir);
    // CPU-time ratios (work per step, both threads): robust to other processes on the machine
    const trCpu = torch.cpuMsPerStep / ours.cpuMsPerStep;
    const irCpu = torch.inferenceCpuMsPerBatch / ours.inferenceCpuMsPerBatch;
    trainCpuRatios.push(trCpu);
    inferCpuRatios.push(irCpu);
    if (r === 0) console.log(`peer: torch ${torch.torch}, ${torch.threads} threads, BLAS ${torch.blas.join(', ')}`);
    console.log(
      `round ${r + 1} (load ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}): ` +
        `ours ${ours.backend}×${ours.threads} ${ours.msPerStep} ms/step, ${ours.inferenceFramesPerSecond} inf frames/s (${ours.trainGflopPerSecond} / ${ours.inferenceGflopPerSecond} GFLOP/s); ` +
        `torch ${torch.msPerStep.toFixed(1)} ms/step, ${Math.round(torch.inferenceFramesPerSecond)} inf frames/s; ` +
        `ratio train ${tr.toFixed(2)}×, inference ${ir.toFixed(2)}× (by CPU time: ${trCpu.toFixed(2)}×, ${irCpu.toFixed(2)}×)`,
    );
  }
  console.log(`median ratio (ours / PyTorch): training ${median(trainRatios).toFixed(2)}× (target ≥ 0.5), backbone inference ${median(inferRatios).toFixed(2)}× (target ≥ 0.5)`);
  console.log(`median ratio by CPU time per step: training ${median(trainCpuRatios).toFixed(2)}×, inference ${median(inferCpuRatios).toFixed(2)}×; load now ${loadavg()[0].toFixed(1)} on ${cpus} cores`);
}
