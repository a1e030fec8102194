// Identifies a file from its first bytes, so a non-audio file gets an error that says what it is
// ("not an audio file (found PDF header)") instead of a decoder's stack trace.

export type Sniffed =
  | { kind: 'empty' }
  | { kind: 'audio'; format: 'wav' | 'flac' | 'mp3' | 'aac' | 'ogg' | 'm4a' | 'aiff' | 'webm' | 'caf' | 'amr' | 'wma' | 'qoa' }
  | { kind: 'other'; found: string };

const ascii = (b: Uint8Array, offset: number, length: number): string =>
  String.fromCharCode(...b.subarray(offset, offset + length));

export function sniff(bytes: Uint8Array): Sniffed {
  if (bytes.length === 0) return { kind: 'empty' };
  const h4 = ascii(bytes, 0, 4);
  if (h4 === 'RIFF' && ascii(bytes, 8, 4) === 'WAVE') return { kind: 'audio', format: 'wav' };
  if (h4 === 'RIFF') return { kind: 'other', found: `RIFF container of type "${ascii(bytes, 8, 4)}" (not WAVE)` };
  if (h4 === 'fLaC') return { kind: 'audio', format: 'flac' };
  if (h4 === 'OggS') return { kind: 'audio', format: 'ogg' };
  if (ascii(bytes, 0, 3) === 'ID3') return { kind: 'audio', format: 'mp3' };
  if (ascii(bytes, 4, 4) === 'ftyp') return { kind: 'audio', format: 'm4a' };
  if (h4 === 'FORM' && /AIF[FC]/.test(ascii(bytes, 8, 4))) return { kind: 'audio', format: 'aiff' };
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return { kind: 'audio', format: 'webm' };
  if (h4 === 'caff') return { kind: 'audio', format: 'caf' };
  if (h4 === 'qoaf') return { kind: 'audio', format: 'qoa' };
  if (ascii(bytes, 0, 5) === '#!AMR') return { kind: 'audio', format: 'amr' };
  if (bytes[0] === 0x30 && bytes[1] === 0x26 && bytes[2] === 0xb2 && bytes[3] === 0x75) return { kind: 'audio', format: 'wma' };
  // MPEG audio frame sync: layer bits 00 = ADTS AAC, otherwise MP1/2/3.
  if (bytes[0] === 0xff && (bytes[1] & 0xf6) === 0xf0) return { kind: 'audio', format: 'aac' };
  if (bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0 && (bytes[1] & 0x06) !== 0) return { kind: 'audio', format: 'mp3' };
  if (h4 === '%PDF') return { kind: 'other', found: 'PDF header' };
  if (h4 === 'PK\x03\x04') return { kind: 'other', found: 'ZIP header (e.g. a Word, Excel or zip file)' };
  if (bytes[0] === 0x89 && ascii(bytes, 1, 3) === 'PNG') return { kind: 'other', found: 'PNG image header' };
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { kind: 'other', found: 'JPEG image header' };
  if (ascii(bytes, 0, 4) === 'GIF8') return { kind: 'other', found: 'GIF image header' };
  if (ascii(bytes, 0, 5) === 'SQLit') return { kind: 'other', found: 'SQLite database header' };
  if (bytes[0] === 0x7f && ascii(bytes, 1, 3) === 'ELF') return { kind: 'other', found: 'executable (ELF) header' };
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return { kind: 'other', found: 'old Microsoft Office document header' };
  if (bytes.subarray(0, 512).every((c) => c === 0)) return { kind: 'other', found: 'only zero bytes' };
  const head = bytes.subarray(0, 512);
  if (head.every((c) => c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127) || c >= 0xc2)) return { kind: 'other', found: 'plain text' };
  return { kind: 'other', found: `unknown content (first bytes ${Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ')})` };
}

/** Total samples declared in a FLAC STREAMINFO block (0 = unknown), to detect truncated files. */
export function flacDeclaredSamples(bytes: Uint8Array): number {
  // "fLaC" + block header (4 bytes) + STREAMINFO: total samples = low 4 bits of byte 21 and bytes 22–25.
  if (bytes.length < 42 || (bytes[4] & 0x7f) !== 0) return 0;
  const hi = bytes[8 + 13] & 0x0f;
  const lo = ((bytes[8 + 14] << 24) >>> 0) + (bytes[8 + 15] << 16) + (bytes[8 + 16] << 8) + bytes[8 + 17];
  return hi * 2 ** 32 + lo;
}

/** For WAV: the declared data size and the bytes actually present after the data chunk header. */
export function wavDataSizes(bytes: Uint8Array): { declared: number; present: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = ascii(bytes, offset, 4);
    const size = view.getUint32(offset + 4, true);
    if (id === 'data') return { declared: size, present: bytes.length - (offset + 8) };
    offset += 8 + size + (size % 2);
  }
  return null;
}
