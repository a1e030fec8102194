// The keyboard map of the labelling screen: one table drives both the key handler and the on-screen help,
// so what is shown is what works.
import { EMOTIONS, type Emotion } from '../../src-main/contract/emotions';

/** Letter that picks each emotion (mnemonic; U for sUrprise because S is sad). */
export const EMOTION_KEYS: Record<Emotion, string> = {
  happy: 'H', sad: 'S', anger: 'A', surprise: 'U', disgust: 'D', fear: 'F',
};

export const EMOTION_BY_KEY: Record<string, number> = Object.fromEntries(
  EMOTIONS.map((e, i) => [EMOTION_KEYS[e].toLowerCase(), i]),
);

export interface ShortcutHelp { keys: string[]; what: string }

export const SHORTCUT_GROUPS: { title: string; items: ShortcutHelp[] }[] = [
  {
    title: 'Rating',
    items: [
      { keys: EMOTIONS.map((e) => EMOTION_KEYS[e]), what: 'Pick an emotion (happy, sad, anger, surprise, disgust, fear)' },
      { keys: ['↑', '↓'], what: 'Previous / next emotion' },
      { keys: ['0', '1', '2', '3'], what: 'Set the picked emotion (none, weak, somewhat, strong) and move to the next emotion' },
      { keys: ['←', '→'], what: 'Lower / raise the picked emotion' },
      { keys: ['Enter'], what: 'Keep the values shown as my rating and go to the next unlabelled clip' },
      { keys: ['X'], what: 'Mark the clip not rateable (choose a reason)' },
      { keys: ['C'], what: 'Write a comment' },
      { keys: ['Ctrl+Z', 'Ctrl+Y'], what: 'Undo / redo the last changes' },
    ],
  },
  {
    title: 'Moving',
    items: [
      { keys: ['N'], what: 'Next unlabelled clip' },
      { keys: ['J', 'K'], what: 'Next / previous clip in the queue' },
    ],
  },
  {
    title: 'Listening',
    items: [
      { keys: ['Space'], what: 'Play / pause' },
      { keys: ['R'], what: 'Replay from the start (of the selection)' },
      { keys: ['L'], what: 'Loop the selection (drag on the waveform to select)' },
      { keys: ['[', ']'], what: 'Slower / faster (0.5–2×)' },
      { keys: ['-', '='], what: 'Volume down / up' },
    ],
  },
  { title: 'Help', items: [{ keys: ['?'], what: 'Show or hide this list' }, { keys: ['Esc'], what: 'Close this list, or leave the comment / not-rateable field' }] },
];

/** True when the key should go to a text field rather than act as a shortcut. */
export function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['radio', 'checkbox', 'range', 'button'].includes(target.type);
  return false;
}
