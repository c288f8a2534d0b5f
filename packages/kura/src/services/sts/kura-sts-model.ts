// The STS model as Kura serves it: AWS's STS model plus Kura's one internal action,
// KuraAssumeRoleAsService (kura-assume-role-as-service.ts). Declaring it like a modeled operation
// lets the gateway decode, validate (with Coral's messages) and encode it with the ordinary Query
// codecs: `Action=KuraAssumeRoleAsService&Version=2011-06-15&RoleArn=…&RoleSessionName=…&
// ServicePrincipal=ecs-tasks.amazonaws.com[&DurationSeconds=…][&SourceArn=…]`, SigV4-signed for
// service `sts`, answered as `<KuraAssumeRoleAsServiceResponse>` carrying AssumeRole's result shape.

import { decodeQueryInput } from '../../wire/query-input.js';
import { encodeQueryOutput } from '../../wire/query-output.js';
import type { ServiceModel } from '../../wire/model.js';
import { stsModel } from './model.js';
import { ALLOWED_SERVICE_PRINCIPALS, KURA_ASSUME_ROLE_AS_SERVICE } from './kura-assume-role-as-service.js';

export function withKuraOperations(model: ServiceModel): ServiceModel {
  return {
    ...model,
    operations: {
      ...model.operations,
      [KURA_ASSUME_ROLE_AS_SERVICE]: {
        name: KURA_ASSUME_ROLE_AS_SERVICE,
        http: { method: 'POST', requestUri: '/' },
        input: { shape: 'KuraAssumeRoleAsServiceRequest' },
        output: { shape: 'AssumeRoleResponse', resultWrapper: `${KURA_ASSUME_ROLE_AS_SERVICE}Result` },
      },
    },
    shapes: {
      ...model.shapes,
      KuraAssumeRoleAsServiceRequest: {
        type: 'structure',
        required: ['RoleArn', 'RoleSessionName', 'ServicePrincipal'],
        members: {
          RoleArn: { shape: 'arnType' },
          RoleSessionName: { shape: 'roleSessionNameType' },
          ServicePrincipal: { shape: 'KuraServicePrincipalType' },
          DurationSeconds: { shape: 'roleDurationSecondsType' },
          SourceArn: { shape: 'arnType' },
        },
      },
      KuraServicePrincipalType: { type: 'string', enum: [...ALLOWED_SERVICE_PRINCIPALS] },
    },
  };
}

/** AWS's STS model with KuraAssumeRoleAsService added; a superset, usable wherever stsModel is. */
export const kuraStsModel: ServiceModel = withKuraOperations(stsModel);

/** Decodes and validates the internal action's form parameters (ValidationError on failure). */
export function decodeKuraAssumeRoleAsServiceInput(params: URLSearchParams): Record<string, unknown> {
  return decodeQueryInput(kuraStsModel, KURA_ASSUME_ROLE_AS_SERVICE, params);
}

/** The XML response for the internal action. */
export function encodeKuraAssumeRoleAsServiceOutput(output: Record<string, unknown>, requestId: string): string {
  return encodeQueryOutput(kuraStsModel, KURA_ASSUME_ROLE_AS_SERVICE, output, requestId);
}
