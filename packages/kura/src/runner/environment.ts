// The environment a container starts with, assembled in ECS's order of precedence:
//   environmentFiles (the first file naming a variable wins) < environment < secrets,
// on top of the runner's own environment minus every AWS_* variable (the administrator's keys,
// profile and endpoint must not reach the program: it gets the task role, as on ECS), and with
// the variables the ECS agent sets (region, credentials endpoint, metadata endpoint) added.

/** `VAR=VALUE` lines of an ECS environment file; `#` comments and blank lines skipped; values literal. */
export function parseEnvFile(text: string): { vars: Map<string, string>; skipped: number[] } {
  const vars = new Map<string, string>();
  const skipped: number[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const eq = line.indexOf('=');
    // ECS ignores lines that are not VAR=VALUE; the caller reports them so typos are visible.
    if (eq <= 0) {
      skipped.push(i + 1);
      continue;
    }
    const name = line.slice(0, eq);
    if (!vars.has(name)) vars.set(name, line.slice(eq + 1));
  }
  return { vars, skipped };
}

/** Variables removed from the inherited environment: credentials, profiles and endpoints of the caller. */
export function isStrippedVariable(name: string): boolean {
  return name.startsWith('AWS_') || name.startsWith('KURA_ADMIN_');
}

export interface AgentVariables {
  region: string;
  endpointUrl: string;
  /** Present when the task has a task role. */
  credentials?: { fullUri: string; authorizationToken: string };
  metadataUri?: string;
}

export function agentVariables(agent: AgentVariables): Record<string, string> {
  return {
    AWS_REGION: agent.region,
    AWS_DEFAULT_REGION: agent.region,
    AWS_ENDPOINT_URL: agent.endpointUrl,
    AWS_EXECUTION_ENV: 'AWS_ECS_FARGATE',
    // On ECS there is no ~/.aws; pointing both SDKs at an empty file keeps a developer's profiles
    // (which both SDKs rank above the container provider) from shadowing the task role.
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    ...(agent.metadataUri ? { ECS_CONTAINER_METADATA_URI_V4: agent.metadataUri, ECS_CONTAINER_METADATA_URI: agent.metadataUri } : {}),
  };
}

export interface ContainerEnvironmentParts {
  inherited: NodeJS.ProcessEnv;
  agent: AgentVariables;
  /** Parsed environmentFiles, in the task definition's order. */
  files: ReadonlyArray<Map<string, string>>;
  environment: ReadonlyArray<{ name: string; value: string }>;
  /** Resolved secret values by variable name. */
  secrets: ReadonlyMap<string, string>;
}

export function containerEnvironment(parts: ContainerEnvironmentParts): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parts.inherited)) {
    if (value !== undefined && !isStrippedVariable(name)) env[name] = value;
  }
  Object.assign(env, agentVariables(parts.agent));
  const fromFiles = new Map<string, string>();
  for (const file of parts.files) for (const [name, value] of file) if (!fromFiles.has(name)) fromFiles.set(name, value);
  for (const [name, value] of fromFiles) env[name] = value;
  for (const { name, value } of parts.environment) env[name] = value;
  for (const [name, value] of parts.secrets) env[name] = value;
  // The credentials endpoint is the agent's, and set last as on ECS: the task role is not optional.
  if (parts.agent.credentials) {
    env['AWS_CONTAINER_CREDENTIALS_FULL_URI'] = parts.agent.credentials.fullUri;
    env['AWS_CONTAINER_AUTHORIZATION_TOKEN'] = parts.agent.credentials.authorizationToken;
  }
  return env;
}
