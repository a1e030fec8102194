// Mersenne Twister MT19937 (Matsumoto & Nishimura, ACM TOMACS 8(1), 1998) with `init_genrand` seeding and
// 53-bit uniform doubles (`genrand_res53`: (a·2^26 + b)/2^53 with a = int32 >> 5, b = int32 >> 6).
// This is the generator and the double construction behind MATLAB's `rand` with the 'twister' generator
// and Octave's `rand`: seed 5489 reproduces MATLAB's start-up stream (rng(0,'twister')), seed 1 gives
// rng(1,'twister'). COVAREP's HMPD code draws its random phases from that stream.

export class MT19937 {
  private readonly mt = new Uint32Array(624);
  /** Tempered outputs of the current state. */
  private readonly out = new Uint32Array(624);
  private mti = 625;

  constructor(seed: number) {
    this.init(seed);
  }

  init(seed: number): void {
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      // 1812433253 · prev + i, modulo 2^32, without losing precision
      mt[i] = ((((prev & 0xffff0000) >>> 16) * 1812433253) << 16) + (prev & 0x0000ffff) * 1812433253 + i;
    }
    this.mti = 624;
  }

  nextUint32(): number {
    if (this.mti >= 624) this.twist();
    return this.out[this.mti++];
  }

  /** Regenerates the state and tempers all 624 outputs at once (branch-free: the matrix term is
   *  −(y & 1) & 0x9908b0df). */
  private twist(): void {
    const mt = this.mt, out = this.out;
    let kk = 0;
    let y: number;
    for (; kk < 624 - 397; kk++) {
      y = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7fffffff);
      mt[kk] = mt[kk + 397] ^ (y >>> 1) ^ (-(y & 1) & 0x9908b0df);
    }
    for (; kk < 623; kk++) {
      y = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7fffffff);
      mt[kk] = mt[kk + (397 - 624)] ^ (y >>> 1) ^ (-(y & 1) & 0x9908b0df);
    }
    y = (mt[623] & 0x80000000) | (mt[0] & 0x7fffffff);
    mt[623] = mt[396] ^ (y >>> 1) ^ (-(y & 1) & 0x9908b0df);
    for (let i = 0; i < 624; i++) {
      let t = mt[i];
      t ^= t >>> 11;
      t ^= (t << 7) & 0x9d2c5680;
      t ^= (t << 15) & 0xefc60000;
      t ^= t >>> 18;
      out[i] = t;
    }
    this.mti = 0;
  }

  /** Uniform double in [0, 1) with 53-bit resolution (MATLAB/Octave `rand`). */
  random(): number {
    if (this.mti >= 623) {
      const a = this.nextUint32() >>> 5, b = this.nextUint32() >>> 6;
      return (a * 67108864 + b) / 9007199254740992;
    }
    const a = this.out[this.mti] >>> 5, b = this.out[this.mti + 1] >>> 6;
    this.mti += 2;
    return (a * 67108864 + b) * (1 / 9007199254740992);
  }
}

/** The MT19937 seed that reproduces the reference CSV of COVAREP seed `seed` (0 → 5489, as MATLAB). */
export function matlabTwisterSeed(seed: number): number {
  return seed === 0 ? 5489 : seed;
}
