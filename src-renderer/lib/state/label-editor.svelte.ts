// The six intensities of the open clip for the selected annotator: edits, undo/redo and autosave.
// Saving is debounced (one version per burst of key presses, not per key) and flushed before the clip
// changes and when the page is hidden or closed, so closing the window never loses a label.
import { EMOTIONS, INTENSITY_MAX, INTENSITY_MIN, zeroEmotionValues, type Emotion, type EmotionValues } from '../../../src-main/contract/emotions';
import type { Label } from '../../../src-main/contract/api';
import { errorMessage, getApi } from '../api';

export type SaveStatus = 'empty' | 'unlabelled' | 'loading' | 'unsaved' | 'saving' | 'saved' | 'error';

const SAVE_DELAY_MS = 400;
const UNDO_DEPTH = 100;

export class LabelEditor {
  clipId = $state<number | null>(null);
  annotatorId = $state<number | null>(null);
  values = $state<EmotionValues>(zeroEmotionValues());
  saved = $state.raw<Label | null>(null);
  status = $state<SaveStatus>('empty');
  error = $state<string | null>(null);
  /** Other raters' current values of this clip; loaded only when blind mode is off. */
  others = $state.raw<{ annotatorId: number; values: EmotionValues }[]>([]);
  /** Blind mode (default): other raters' values are never fetched, so they cannot be seen. */
  blind = $state(true);
  /** Index into EMOTIONS of the emotion the number keys set. */
  active = $state(0);
  private undoStack = $state.raw<EmotionValues[]>([]);
  private redoStack = $state.raw<EmotionValues[]>([]);
  canUndo = $derived(this.undoStack.length > 0);
  canRedo = $derived(this.redoStack.length > 0);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inflight: Promise<void> | null = null;
  private openSeq = 0;
  /** Keys pressed while the clip's saved label was still loading: applied on top of it, never dropped. */
  private pending: Array<[Emotion, number]> = [];
  /** Called after a label is stored (the clip list marks the clip labelled). */
  onSaved: (label: Label) => void = () => undefined;

  get dirty(): boolean {
    return this.timer !== null;
  }

  async open(clipId: number | null, annotatorId: number | null): Promise<void> {
    // Switch synchronously: keys pressed from now on belong to the new clip, while the old clip's pending
    // values are saved under the old clip's ids in the background.
    const saving = this.flush();
    const seq = ++this.openSeq;
    this.clipId = clipId;
    this.annotatorId = annotatorId;
    this.undoStack = [];
    this.redoStack = [];
    this.active = 0;
    this.error = null;
    this.others = [];
    this.pending = [];
    this.values = zeroEmotionValues();
    this.saved = null;
    if (clipId === null || annotatorId === null) {
      this.values = zeroEmotionValues();
      this.saved = null;
      this.status = 'empty';
      return;
    }
    this.status = 'loading';
    try {
      await saving; // the old clip is stored before the new one is read (same clip twice: the new version)
      const label = await getApi().call('labels.get', { clipId, annotatorId });
      if (seq !== this.openSeq) return; // the rater moved on while this was loading
      this.saved = label;
      this.values = label ? { ...label.values } : zeroEmotionValues();
      this.status = label ? 'saved' : 'unlabelled';
      const early = this.pending;
      this.pending = [];
      for (const [emotion, value] of early) this.set(emotion, value);
      if (!this.blind) await this.loadOthers(seq);
    } catch (e) {
      if (seq !== this.openSeq) return;
      this.status = 'error';
      this.error = errorMessage(e);
    }
  }

  /** The newest version per other annotator, from the clip's label history. */
  async loadOthers(seq = this.openSeq): Promise<void> {
    const clipId = this.clipId;
    if (clipId === null || this.blind) { this.others = []; return; }
    const history = await getApi().call('labels.history', { clipId });
    if (seq !== this.openSeq) return;
    const newest: Record<number, Label> = {};
    for (const l of history) {
      if (l.annotatorId === this.annotatorId) continue;
      const had = newest[l.annotatorId];
      if (!had || l.version > had.version) newest[l.annotatorId] = l;
    }
    this.others = Object.values(newest).map((l) => ({ annotatorId: l.annotatorId, values: l.values }));
  }

  setBlind(blind: boolean): void {
    this.blind = blind;
    if (blind) this.others = [];
    else void this.loadOthers().catch(() => undefined);
  }

  /**
   * Sets one emotion. Setting a value counts as rating it even when it equals the shown default, so a
   * clip whose emotions are all "none" can be rated by pressing 0.
   */
  set(emotion: Emotion, value: number): void {
    if (this.clipId === null || this.annotatorId === null) return;
    const v = Math.max(INTENSITY_MIN, Math.min(INTENSITY_MAX, Math.round(value)));
    if (this.status === 'loading') {
      this.pending.push([emotion, v]);
      this.values[emotion] = v;
      return;
    }
    this.pushUndo();
    this.values[emotion] = v;
    this.schedule();
  }

  /** Stores the shown values as they are (e.g. "all none") without changing any. */
  confirm(): void {
    if (this.clipId === null || this.annotatorId === null || this.status === 'loading') return;
    if (this.status !== 'saved') this.schedule();
  }

  step(delta: number): void {
    const e = EMOTIONS[this.active];
    this.set(e, this.values[e] + delta);
  }

  undo(): void {
    const prev = this.undoStack.at(-1);
    if (!prev) return;
    this.undoStack = this.undoStack.slice(0, -1);
    this.redoStack = [...this.redoStack, { ...this.values }];
    this.values = { ...prev };
    this.schedule();
  }

  redo(): void {
    const next = this.redoStack.at(-1);
    if (!next) return;
    this.redoStack = this.redoStack.slice(0, -1);
    this.undoStack = [...this.undoStack, { ...this.values }];
    this.values = { ...next };
    this.schedule();
  }

  private pushUndo(): void {
    this.undoStack = [...this.undoStack.slice(-(UNDO_DEPTH - 1)), { ...this.values }];
    this.redoStack = [];
  }

  private schedule(): void {
    this.status = 'unsaved';
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.save();
    }, SAVE_DELAY_MS);
  }

  private save(): Promise<void> {
    const clipId = this.clipId;
    const annotatorId = this.annotatorId;
    if (clipId === null || annotatorId === null) return Promise.resolve();
    // Snapshot now: by the time the request goes out the editor may show another clip.
    const values = { ...this.values };
    this.status = 'saving';
    const previous = this.inflight;
    const run = (async () => {
      if (previous) await previous; // keep versions in the order they were made
      try {
        const label = await getApi().call('labels.save', { clipId, annotatorId, values });
        if (this.clipId === clipId && this.annotatorId === annotatorId) {
          this.saved = label;
          if (this.timer === null && this.status === 'saving') this.status = 'saved';
        }
        this.onSaved(label);
      } catch (e) {
        // Shown even if the rater has moved on: a label that did not reach the project must not go unnoticed.
        this.status = 'error';
        this.error = `Clip ${clipId}: ${errorMessage(e)}`;
      }
    })();
    this.inflight = run;
    void run.finally(() => {
      if (this.inflight === run) this.inflight = null;
    });
    return run;
  }

  /** Saves now if anything is pending; resolves when stored. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      return this.save();
    }
    return this.inflight ?? Promise.resolve();
  }

  /** For pagehide/beforeunload: the page may be gone before a normal request completes. */
  flushOnUnload(send: (clipId: number, annotatorId: number, values: EmotionValues) => void): void {
    if (!this.timer || this.clipId === null || this.annotatorId === null) return;
    clearTimeout(this.timer);
    this.timer = null;
    send(this.clipId, this.annotatorId, { ...this.values });
  }
}

export const editor = new LabelEditor();
