// The four AWS models Kura ships, loaded with Kura's overlay, as fixtures for the codec tests: real
// models exercise every shape and trait the codecs meet. The services load their own model
// (services/<svc>/model.ts); the wire layer knows no service, so its tests load them here.
import ssmJson from '../../../models/ssm.json' with { type: 'json' };
import kmsJson from '../../../models/kms.json' with { type: 'json' };
import iamJson from '../../../models/iam.json' with { type: 'json' };
import stsJson from '../../../models/sts.json' with { type: 'json' };
import overlayJson from '../../../models/overlay.json' with { type: 'json' };
import { loadModel, withOverlay, type ServiceModel, type ShapeOverlay } from '../model.js';

const overlay = overlayJson as Partial<Record<'ssm' | 'kms' | 'iam' | 'sts', Record<string, ShapeOverlay>>>;

export const ssmModel: ServiceModel = withOverlay(loadModel(ssmJson as unknown), overlay.ssm);
export const kmsModel: ServiceModel = withOverlay(loadModel(kmsJson as unknown), overlay.kms);
export const iamModel: ServiceModel = withOverlay(loadModel(iamJson as unknown), overlay.iam);
export const stsModel: ServiceModel = withOverlay(loadModel(stsJson as unknown), overlay.sts);
