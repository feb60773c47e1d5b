/** Our side of the bench: check + primary metric (log loss) on bench/data, as the pipeline does it. */
import path from 'node:path';
import { scoringSection } from '../../src/config/scoring.js';
import { scorePredictions } from '../../src/scoring/score.js';

const data = path.join(import.meta.dirname, '..', 'data');
const result = await scorePredictions({
  predictionsPath: path.join(data, 'predictions.csv'),
  labelsPath: path.join(data, 'labels.csv'),
  scoring: scoringSection.parse({ id_column: 'id', columns: ['malignant'], metric: 'log_loss' }),
  competitionDir: data,
});
console.log(JSON.stringify(result));
