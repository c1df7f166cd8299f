/**
 * The uptake outcome each city's simulated curves are shaped to produce (DOMAIN.md "Indicators":
 * migration rate ≥ 50% and usage rate ≥ 60% within one year of go-live), as of the simulation's
 * reference day, whichever day that is (reference-date.ts).
 *
 * City nodes are judged at go-live + 12 months (all deadlines have passed by the reference day):
 * they either meet both targets or miss exactly one. PRD clouds are judged from the date their
 * resources were interconnected; those still inside their year are on track or at risk (the trend
 * of the last months projected to the deadline stays below a target); display-only PRD clouds
 * (no interconnection yet) are not evaluated. Tests check the simulated data against this table.
 */
export type UptakeOutcome = 'meets-both' | 'misses-migration' | 'misses-usage' | 'at-risk' | 'on-track' | 'not-evaluated';

export const OUTCOMES: Readonly<Record<string, UptakeOutcome>> = Object.freeze({
  // 14 province-built city nodes, judged at go-live + 12 months.
  shaoguan: 'meets-both',
  zhaoqing: 'meets-both',
  heyuan: 'misses-usage',
  shantou: 'misses-migration',
  jiangmen: 'meets-both',
  zhanjiang: 'meets-both',
  maoming: 'misses-migration',
  meizhou: 'misses-usage',
  qingyuan: 'meets-both',
  yunfu: 'meets-both',
  shanwei: 'misses-usage',
  yangjiang: 'meets-both',
  chaozhou: 'meets-both',
  jieyang: 'misses-migration',
  // 7 PRD clouds, judged from their interconnection date (null = display only, not evaluated).
  guangzhou: 'on-track',
  shenzhen: 'not-evaluated',
  zhuhai: 'at-risk',
  foshan: 'on-track',
  huizhou: 'at-risk',
  dongguan: 'not-evaluated',
  zhongshan: 'at-risk',
});

/** Which target an at-risk PRD cloud falls short of. */
export const AT_RISK_ON: Readonly<Record<string, 'migration' | 'usage'>> = Object.freeze({
  zhuhai: 'usage',
  huizhou: 'migration',
  zhongshan: 'usage',
});
