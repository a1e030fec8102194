// Column-name checks shared by the CSV and .csd readers: a feature file must name exactly the 74
// COVAREP columns, in FEATURE_COLUMNS order, so that column c of the file is column c of the model input.
import { FEATURE_COLUMNS, FEATURE_COUNT } from '../contract/feature-spec';
import { FeatureFileError } from './types';

/** Throws a FeatureFileError naming the file, where the names come from and the first mismatch. */
export function checkColumnNames(file: string, names: readonly string[], where: string): void {
  if (names.length !== FEATURE_COUNT) {
    throw new FeatureFileError(`${file}: ${where} has ${names.length} feature columns; expected the ${FEATURE_COUNT} COVAREP columns ${FEATURE_COLUMNS[0]}, ${FEATURE_COLUMNS[1]}, … ${FEATURE_COLUMNS[FEATURE_COUNT - 1]}.`);
  }
  for (let c = 0; c < FEATURE_COUNT; c++) {
    const got = names[c].trim();
    if (got !== FEATURE_COLUMNS[c]) {
      const elsewhere = FEATURE_COLUMNS.indexOf(got);
      const hint = elsewhere >= 0 ? ` ("${got}" belongs at position ${elsewhere + 1}: the columns are out of order)` : '';
      throw new FeatureFileError(`${file}: ${where}, column ${c + 1} is named "${got}" but must be "${FEATURE_COLUMNS[c]}"${hint}. The names must be COVAREP's 74 names in order.`);
    }
  }
}
