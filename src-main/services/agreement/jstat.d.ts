// Minimal typing for the part of jStat (MIT, no types published) that the ICC confidence intervals use.
declare module 'jstat' {
  interface CentralF {
    /** Quantile: the x with P(F(df1, df2) ≤ x) = p. df may be non-integer (Satterthwaite). */
    inv(p: number, df1: number, df2: number): number;
    cdf(x: number, df1: number, df2: number): number;
  }
  const jStat: { centralF: CentralF };
  export default jStat;
}
