// The six intensities of the open clip for the selected annotator: edits, undo/redo and autosave.
// Saving is debounced (one version per burst of key presses, not per key) and flushed before the clip
// changes and when the page is hidden or closed, so closing the window never loses a label.
import { EMOTIONS, INTENSITY_MAX, INTENSITY_MIN, zeroEmotionValues, type Emotion, type EmotionValues } from '../../../src-main/contract/emotions';
import type { Label, NotRateableReason } from '../../../src-main/contract/api';
import type { RaterValue } from '../../../src-main/contract/methods/workbench';
import { errorMessage, getApi } from '../api';

export type SaveStatus = 'empty' | 'unlabelled' | 'loading' | 'unsaved' | 'saving' | 'saved' | 'error';

const SAVE_DELAY_MS = 400;
/** Typing pauses are longer than key-press bursts: one version per pause, not per word. */
const COMMENT_SAVE_DELAY_MS = 1200;

interface Snapshot { values: EmotionValues; notRateable: NotRateableReason | null }
const UNDO_DEPTH = 100;

export class LabelEditor {
  clipId = $state<number | null>(null);
  annotatorId = $state<number | null>(null);
  values = $state<EmotionValues>(zeroEmotionValues());
  saved = $state.raw<Label | null>(null);
  status = $state<SaveStatus>('empty');
  error = $state<string | null>(null);
  /** Why the rater could not rate this clip (values are then stored as 0 and not used). */
  notRateable = $state<NotRateableReason | null>(null);
  comment = $state('');
  /** Set when the open clip is a hidden repeat: it opens empty and its rating is stored as the repeat's. */
  repeatId = $state<number | null>(null);
  /** Other raters' current values of this clip; asked for only when the rater may see them. */
  others = $state.raw<RaterValue[]>([]);
  /** Open review flags on this clip (anyone may see and resolve them). */
  flags = $state.raw<Array<{ id: number; reason: string; annotator: string | null }>>([]);
  /** Whether this rater may see others' values (blind mode off, or an adjudicator): set by the session. */
  maySeeOthers = $state(false);
  /** Index into EMOTIONS of the emotion the number keys set. */
  active = $state(0);
  private undoStack = $state.raw<Snapshot[]>([]);
  private redoStack = $state.raw<Snapshot[]>([]);
  canUndo = $derived(this.undoStack.length > 0);
  canRedo = $derived(this.redoStack.length > 0);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inflight: Promise<void> | null = null;
  private openSeq = 0;
  /** Keys pressed while the clip's saved label was still loading: applied on top of it, never dropped. */
  private pending: Array<[Emotion, number]> = [];
  /** Called after a label is stored (the clip list marks the clip labelled). */
  onSaved: (label: Label, repeatId: number | null) => void = () => undefined;

  get dirty(): boolean {
    return this.timer !== null;
  }

  async open(clipId: number | null, annotatorId: number | null, repeatId: number | null = null): Promise<void> {
    // Switch synchronously: keys pressed from now on belong to the new clip, while the old clip's pending
    // values are saved under the old clip's ids in the background.
    // Keys pressed while the old clip was still loading have not been applied yet: store them on top of
    // that clip's saved label instead of dropping them with the switch.
    const orphan = this.status === 'loading' && this.pending.length > 0 && this.clipId !== null && this.annotatorId !== null
      ? { clipId: this.clipId, annotatorId: this.annotatorId, repeatId: this.repeatId, edits: this.pending }
      : null;
    const flushed = this.flush();
    const saving = orphan ? flushed.then(() => this.saveLoadingEdits(orphan)) : flushed;
    const seq = ++this.openSeq;
    this.clipId = clipId;
    this.annotatorId = annotatorId;
    this.repeatId = repeatId;
    this.notRateable = null;
    this.comment = '';
    this.undoStack = [];
    this.redoStack = [];
    this.active = 0;
    this.error = null;
    this.others = [];
    this.flags = [];
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
      // A hidden repeat opens empty: showing the first rating would defeat the consistency check.
      const label = repeatId === null ? await getApi().call('labels.get', { clipId, annotatorId }) : null;
      if (seq !== this.openSeq) return; // the rater moved on while this was loading
      this.saved = label;
      this.values = label ? { ...label.values } : zeroEmotionValues();
      this.notRateable = label?.notRateable ?? null;
      this.comment = label?.comment ?? '';
      this.status = label ? 'saved' : 'unlabelled';
      const early = this.pending;
      this.pending = [];
      for (const [emotion, value] of early) this.set(emotion, value);
      if (repeatId === null) await this.loadOthers(seq);
    } catch (e) {
      if (seq !== this.openSeq) return;
      this.status = 'error';
      this.error = errorMessage(e);
    }
  }

  /** Other raters' current values (the service gives a rater in blind mode only their own) and open flags. */
  async loadOthers(seq = this.openSeq): Promise<void> {
    const clipId = this.clipId;
    const annotatorId = this.annotatorId;
    if (clipId === null || annotatorId === null) { this.others = []; this.flags = []; return; }
    const ratings = await getApi().call('labels.forClip', { clipId, annotatorId });
    if (seq !== this.openSeq) return;
    this.others = this.maySeeOthers ? ratings.ratings.filter((r) => r.annotatorId !== annotatorId) : [];
    this.flags = ratings.openFlags;
  }

  setMaySeeOthers(may: boolean): void {
    if (may === this.maySeeOthers) return;
    this.maySeeOthers = may;
    if (!may) this.others = [];
    else if (this.repeatId === null) void this.loadOthers().catch(() => undefined);
  }

  setNotRateable(reason: NotRateableReason | null): void {
    if (this.clipId === null || this.annotatorId === null) return;
    this.pushUndo();
    this.notRateable = reason;
    this.schedule();
  }

  setComment(text: string): void {
    if (this.clipId === null || this.annotatorId === null) return;
    this.comment = text;
    this.schedule(COMMENT_SAVE_DELAY_MS);
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
    this.redoStack = [...this.redoStack, this.snapshot()];
    this.restore(prev);
    this.schedule();
  }

  redo(): void {
    const next = this.redoStack.at(-1);
    if (!next) return;
    this.redoStack = this.redoStack.slice(0, -1);
    this.undoStack = [...this.undoStack, this.snapshot()];
    this.restore(next);
    this.schedule();
  }

  private snapshot(): Snapshot {
    return { values: { ...this.values }, notRateable: this.notRateable };
  }

  private restore(s: Snapshot): void {
    this.values = { ...s.values };
    this.notRateable = s.notRateable;
  }

  private pushUndo(): void {
    this.undoStack = [...this.undoStack.slice(-(UNDO_DEPTH - 1)), this.snapshot()];
    this.redoStack = [];
  }

  private schedule(delay = SAVE_DELAY_MS): void {
    this.status = 'unsaved';
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.save();
    }, delay);
  }

  /** The labels.save request for the shown state (values are stored as 0 when not rateable). */
  request(): { clipId: number; annotatorId: number; values: EmotionValues; notRateable: NotRateableReason | null; comment: string | null; repeatId?: number } | null {
    if (this.clipId === null || this.annotatorId === null) return null;
    return {
      clipId: this.clipId,
      annotatorId: this.annotatorId,
      values: this.notRateable ? zeroEmotionValues() : { ...this.values },
      notRateable: this.notRateable,
      comment: this.repeatId === null && this.comment.trim() ? this.comment.trim() : null,
      ...(this.repeatId === null ? {} : { repeatId: this.repeatId }),
    };
  }

  /** Applies edits made while a clip was loading on top of its saved label, and stores the result. */
  private async saveLoadingEdits(o: { clipId: number; annotatorId: number; repeatId: number | null; edits: Array<[Emotion, number]> }): Promise<void> {
    try {
      const label = o.repeatId === null ? await getApi().call('labels.get', { clipId: o.clipId, annotatorId: o.annotatorId }) : null;
      const values = label ? { ...label.values } : zeroEmotionValues();
      for (const [emotion, value] of o.edits) values[emotion] = value;
      await this.send({
        clipId: o.clipId,
        annotatorId: o.annotatorId,
        values,
        notRateable: null,
        comment: label?.comment ?? null,
        ...(o.repeatId === null ? {} : { repeatId: o.repeatId }),
      });
    } catch (e) {
      this.status = 'error';
      this.error = `Clip ${o.clipId}: ${errorMessage(e)}`;
    }
  }

  private save(): Promise<void> {
    // Snapshot now: by the time the request goes out the editor may show another clip.
    const req = this.request();
    if (req === null) return Promise.resolve();
    return this.send(req);
  }

  private send(req: NonNullable<ReturnType<LabelEditor['request']>>): Promise<void> {
    const { clipId, annotatorId } = req;
    if (this.clipId === clipId && this.annotatorId === annotatorId) this.status = 'saving';
    const previous = this.inflight;
    const run = (async () => {
      if (previous) await previous; // keep versions in the order they were made
      try {
        const label = await getApi().call('labels.save', req);
        if (this.clipId === clipId && this.annotatorId === annotatorId) {
          this.saved = label;
          if (this.timer === null && this.status === 'saving') this.status = 'saved';
        }
        this.onSaved(label, req.repeatId ?? null);
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
  flushOnUnload(send: (req: NonNullable<ReturnType<LabelEditor['request']>>) => void): void {
    const req = this.request();
    if (!this.timer || req === null) return;
    clearTimeout(this.timer);
    this.timer = null;
    send(req);
  }
}

export const editor = new LabelEditor();
