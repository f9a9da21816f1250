export { percentAgreement, cohensKappa, type KappaResult } from './agreement';
export { quantile, mean } from './quantile';
export { toCsv, type CsvCell, type CsvColumn, type CsvOptions } from './csv';
export { hashString, mulberry32, seededRank, seededPick, ceilShare } from './random';
