// State of the Training and Results screens: what the project holds for training (counts and blocking
// problems, from training.overview), one training job at a time (start, follow its progress through job
// events with a slow poll as a safety net, cancel), and the held-out results of a fine-tuned model.
import type { JobInfo } from '../../../src-main/contract/api';
import type { FinetunedModelChoice, RunResults, TrainingOverview } from '../../../src-main/contract/methods/training-ui';
import { errorMessage, getApi } from '../api';
import { followJob } from '../follow-job';
import { notices } from './notices.svelte';

const POLL_MS = 1000;
const TRAIN_KINDS = new Set(['train-finetune', 'train-pretrain']);

/** What the worker reports in a job message, e.g. "head: epoch 3/30, step 1/1, loss 0.4321, about 2 s left". */
export interface TrainProgressView {
  phase: string;
  epoch: number | null;
  epochs: number | null;
  step: number | null;
  steps: number | null;
  loss: number | null;
  etaSeconds: number | null;
}

const PHASE_NAMES: Record<string, string> = {
  embed: 'Running the backbone over the clips',
  head: 'Training the emotion head',
  finetune: 'Training the emotion head',
  baseline: 'Training the from-scratch baseline',
  pretrain: 'Pretraining on this project\'s audio',
};

export function phaseName(phase: string): string {
  return PHASE_NAMES[phase] ?? phase;
}

export function parseProgress(message: string): TrainProgressView | null {
  const m = /^(\w+): epoch (\d+)\/(\d+), step (\d+)\/(\d+)(?:, loss ([\d.eE+-]+|NaN))?(?:, about (\d+) s left)?/.exec(message);
  if (!m) return null;
  const loss = m[6] === undefined ? null : Number(m[6]);
  return {
    phase: m[1], epoch: Number(m[2]), epochs: Number(m[3]), step: Number(m[4]), steps: Number(m[5]),
    loss: loss !== null && Number.isFinite(loss) ? loss : null, etaSeconds: m[7] === undefined ? null : Number(m[7]),
  };
}

export interface FinetuneChoices {
  backboneModelId: number | null;
  /** Use the shipped backbone (installed into the project first). */
  shipped: boolean;
  reduction: 'mean' | 'last';
  epochs: number;
  seed: number;
  baseline: boolean;
}

export interface PretrainChoices { epochs: number; seed: number }

export class TrainingState {
  overview = $state<TrainingOverview | null>(null);
  loadingOverview = $state(false);
  job = $state<JobInfo | null>(null);
  starting = $state(false);
  /** Errors from starting or from the job itself, shown inline beside the controls. */
  error = $state<string | null>(null);
  running = $derived(this.job !== null && (this.job.state === 'queued' || this.job.state === 'running'));
  progress = $derived(this.job ? parseProgress(this.job.message) : null);
  models = $state<FinetunedModelChoice[]>([]);
  results = $state<RunResults | null>(null);
  selectedModelId = $state<number | null>(null);
  loadingResults = $state(false);
  /** Called when a job ends (the app can switch to the Results view). */
  onFinished: (job: JobInfo) => void = () => undefined;
  private stopFollowing: (() => void) | null = null;

  async loadOverview(): Promise<void> {
    this.loadingOverview = true;
    try {
      this.overview = await getApi().call('training.overview', {});
      // Re-attach to a training job that was started before this page was (re)loaded.
      if (!this.job) {
        const active = (await getApi().call('jobs.list', {})).find((j) => TRAIN_KINDS.has(j.kind) && (j.state === 'queued' || j.state === 'running'));
        if (active) this.follow(active.id);
      }
    } catch (e) {
      notices.error(errorMessage(e));
    } finally {
      this.loadingOverview = false;
    }
  }

  async startFinetune(c: FinetuneChoices): Promise<void> {
    this.starting = true;
    this.error = null;
    try {
      const api = getApi();
      let backboneModelId = c.backboneModelId;
      if (c.shipped || backboneModelId === null) backboneModelId = (await api.call('training.installBackbone', {})).modelId;
      const { jobId } = await api.call('training.finetune', {
        backboneModelId, reduction: c.reduction, epochs: c.epochs, seed: c.seed, baseline: c.baseline,
      });
      this.job = null;
      this.follow(jobId);
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.starting = false;
    }
  }

  async startPretrain(c: PretrainChoices): Promise<void> {
    this.starting = true;
    this.error = null;
    try {
      const { jobId } = await getApi().call('training.pretrain', { epochs: c.epochs, seed: c.seed });
      this.job = null;
      this.follow(jobId);
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.starting = false;
    }
  }

  async cancel(): Promise<void> {
    if (!this.job) return;
    try {
      this.update(await getApi().call('jobs.cancel', { jobId: this.job.id }));
    } catch (e) {
      notices.error(errorMessage(e));
    }
  }

  private follow(jobId: number): void {
    this.stop();
    this.stopFollowing = followJob(jobId, POLL_MS, (job) => this.update(job), (message) => notices.error(message));
  }

  private update(job: JobInfo): void {
    // A finished job's record is final; late events of the same job must not reopen it.
    if (this.job && this.job.id === job.id && !(this.job.state === 'queued' || this.job.state === 'running')) return;
    this.job = job;
    if (job.state === 'done' || job.state === 'failed' || job.state === 'cancelled') {
      this.stop();
      if (job.state === 'failed') this.error = job.message || 'Training failed.';
      void this.loadOverview();
      void this.loadModels();
      this.onFinished(job);
    }
  }

  stop(): void {
    this.stopFollowing?.();
    this.stopFollowing = null;
  }

  async loadModels(): Promise<void> {
    try {
      this.models = await getApi().call('training.finetunedModels', {});
      if (this.selectedModelId === null || !this.models.some((m) => m.modelId === this.selectedModelId)) {
        this.selectedModelId = this.models.find((m) => m.evaluated)?.modelId ?? null;
      }
      await this.loadResults();
    } catch (e) {
      notices.error(errorMessage(e));
    }
  }

  async loadResults(): Promise<void> {
    this.loadingResults = true;
    try {
      this.results = this.selectedModelId === null ? null : await getApi().call('training.results', { modelId: this.selectedModelId });
    } catch (e) {
      notices.error(errorMessage(e));
    } finally {
      this.loadingResults = false;
    }
  }

  async select(modelId: number): Promise<void> {
    this.selectedModelId = modelId;
    await this.loadResults();
  }
}

export const training = new TrainingState();
