// The Secrets Manager service model, loaded once. The JSON is imported (not read from disk) so that
// the esbuild bundle carries it and `kura` runs from any working directory; loadModel checks its
// shape. No overlay: nothing measured yet contradicts the published model.
import modelJson from '../../../models/secretsmanager.json' with { type: 'json' };
import { loadModel, type ServiceModel } from '../../wire/model.js';

export const secretsManagerModel: ServiceModel = loadModel(modelJson as unknown);
