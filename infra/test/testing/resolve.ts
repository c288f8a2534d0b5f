// Just enough of CloudFormation's intrinsic functions to evaluate the values these tests compare (the
// pseudo parameters, Ref and Fn::GetAtt of named stand-ins, Fn::Join, Fn::Select, Fn::Split), as a
// deployment to one account and region would. Anything else throws, naming it: a template that grew
// a function this does not know fails the test instead of comparing an unresolved object.

export interface Environment {
  account: string;
  region: string;
  partition: string;
  urlSuffix: string;
  /** Ref of a logical id (a parameter or a resource) → value. */
  refs?: Record<string, string>;
  /** `LogicalId.Attribute` → value. */
  attributes?: Record<string, string>;
}

export function environment(region: string, account = '111111111111'): Environment {
  const china = region.startsWith('cn-');
  return { account, region, partition: china ? 'aws-cn' : 'aws', urlSuffix: china ? 'amazonaws.com.cn' : 'amazonaws.com' };
}

export function resolve(value: unknown, env: Environment): unknown {
  if (Array.isArray(value)) return value.map((item) => resolve(item, env));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const [first] = entries;
  if (entries.length === 1 && first && (first[0] === 'Ref' || first[0].startsWith('Fn::'))) return intrinsic(first[0], first[1], env);
  return Object.fromEntries(entries.map(([key, item]) => [key, resolve(item, env)]));
}

function intrinsic(name: string, argument: unknown, env: Environment): unknown {
  switch (name) {
    case 'Ref':
      return ref(String(argument), env);
    case 'Fn::GetAtt': {
      const [id, attribute] = argument as [string, string];
      const key = `${id}.${attribute}`;
      const found = env.attributes?.[key];
      if (found === undefined) throw new Error(`unresolved Fn::GetAtt ${key}`);
      return found;
    }
    case 'Fn::Join': {
      const [separator, parts] = argument as [string, unknown[]];
      return (resolve(parts, env) as unknown[]).map(String).join(separator);
    }
    case 'Fn::Select': {
      const [index, list] = argument as [string | number, unknown];
      return (resolve(list, env) as unknown[])[Number(index)];
    }
    case 'Fn::Split': {
      const [separator, text] = argument as [string, unknown];
      return String(resolve(text, env)).split(separator);
    }
    default:
      throw new Error(`the test resolver does not know ${name}`);
  }
}

function ref(id: string, env: Environment): string {
  const pseudo: Record<string, string> = {
    'AWS::AccountId': env.account,
    'AWS::Region': env.region,
    'AWS::Partition': env.partition,
    'AWS::URLSuffix': env.urlSuffix,
  };
  const found = pseudo[id] ?? env.refs?.[id];
  if (found === undefined) throw new Error(`unresolved Ref ${id}`);
  return found;
}
