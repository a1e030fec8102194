// Speaker id of an imported file from the project's rule: the parent folder's name (default — most
// corpora keep one folder per speaker), the first capture group of a regular expression on the file
// name, or a fixed id. Editable per clip later (clips.setSpeaker, audited).
import { basename, dirname } from 'node:path';
import { AppError, type SpeakerRule } from '../contract/api';

export function compileSpeakerRule(rule: SpeakerRule): (path: string) => string {
  switch (rule.kind) {
    case 'parent-folder':
      return (path) => basename(dirname(path)) || 'unknown';
    case 'fixed':
      return () => rule.speakerId;
    case 'filename-regex': {
      let re: RegExp;
      try {
        re = new RegExp(rule.pattern);
      } catch (err) {
        throw new AppError('invalid-speaker-rule', `the speaker pattern /${rule.pattern}/ is not a valid regular expression (${(err as Error).message})`);
      }
      return (path) => {
        const m = re.exec(basename(path));
        const id = m?.[1] ?? m?.[0];
        if (!id) throw new AppError('speaker-rule-no-match', `the file name does not match the speaker pattern /${rule.pattern}/`);
        return id;
      };
    }
  }
}

/** Parses the CLI form: "parent-folder", "fixed:<id>", "regex:<pattern>". */
export function parseSpeakerRule(text: string): SpeakerRule {
  if (text === 'parent-folder') return { kind: 'parent-folder' };
  if (text.startsWith('fixed:') && text.length > 6) return { kind: 'fixed', speakerId: text.slice(6) };
  if (text.startsWith('regex:') && text.length > 6) return { kind: 'filename-regex', pattern: text.slice(6) };
  throw new AppError('invalid-speaker-rule', `unknown speaker rule "${text}": use parent-folder, fixed:<id> or regex:<pattern with a capture group>`);
}
