// Playback of the open clip: a thin, reactive handle on the wavesurfer.js instance owned by the clip
// player component, so keyboard shortcuts elsewhere can drive it.
import type WaveSurfer from 'wavesurfer.js';
import type RegionsPlugin from 'wavesurfer.js/dist/plugins/regions.esm.js';

export const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 2] as const;

export class Player {
  ws: WaveSurfer | null = null;
  regions: InstanceType<typeof RegionsPlugin> | null = null;
  playing = $state(false);
  ready = $state(false);
  speed = $state(1);
  volume = $state(1);
  loop = $state(false);
  hasSelection = $state(false);
  currentTime = $state(0);
  duration = $state(0);
  error = $state<string | null>(null);
  /** performance.now() when the rater asked for another clip, and how long until it was playable. */
  switchStartedAt = 0;
  lastSwitchMs = $state<number | null>(null);

  toggle(): void {
    if (!this.ws || !this.ready) return;
    void this.ws.playPause();
  }

  replay(): void {
    if (!this.ws || !this.ready) return;
    const region = this.regions?.getRegions()[0];
    this.ws.setTime(region ? region.start : 0);
    void this.ws.play();
  }

  setSpeed(speed: number): void {
    this.speed = Math.max(0.5, Math.min(2, speed));
    this.ws?.setPlaybackRate(this.speed, true);
  }

  stepSpeed(direction: 1 | -1): void {
    const i = SPEEDS.findIndex((s) => s >= this.speed - 1e-9);
    const j = Math.max(0, Math.min(SPEEDS.length - 1, (i < 0 ? SPEEDS.length - 1 : i) + direction));
    this.setSpeed(SPEEDS[j]);
  }

  setVolume(volume: number): void {
    this.volume = Math.max(0, Math.min(1, volume));
    this.ws?.setVolume(this.volume);
  }

  toggleLoop(): void {
    this.loop = !this.loop;
  }

  clearSelection(): void {
    this.regions?.clearRegions();
    this.hasSelection = false;
  }
}

export const player = new Player();
