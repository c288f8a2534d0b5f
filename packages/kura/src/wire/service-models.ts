// The four service models Kura speaks, loaded once. The JSON is imported (not read from disk) so
// that the esbuild bundle carries it and `kura` runs from any working directory.
import ssmJson from '../../models/ssm.json' with { type: 'json' };
import kmsJson from '../../models/kms.json' with { type: 'json' };
import iamJson from '../../models/iam.json' with { type: 'json' };
import stsJson from '../../models/sts.json' with { type: 'json' };
import overlayJson from '../../models/overlay.json' with { type: 'json' };
import { loadModel, withOverlay } from './model.js';
import type { ServiceModel, ShapeOverlay } from './model.js';

const overlay = overlayJson as Partial<Record<'ssm' | 'kms' | 'iam' | 'sts', Record<string, ShapeOverlay>>>;

// Through `unknown`: the generated files are checked by loadModel, not by tsc's literal inference.
export const ssmModel: ServiceModel = withOverlay(loadModel(ssmJson as unknown), overlay.ssm);
export const kmsModel: ServiceModel = withOverlay(loadModel(kmsJson as unknown), overlay.kms);
export const iamModel: ServiceModel = withOverlay(loadModel(iamJson as unknown), overlay.iam);
export const stsModel: ServiceModel = withOverlay(loadModel(stsJson as unknown), overlay.sts);
