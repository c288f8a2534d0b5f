// Which container credentials URLs the direct reader fetches itself: exactly those the SDK's
// fromHttp provider (@aws-sdk/credential-provider-http, the first the SDK tries for the ECS and EKS
// variables) accepts. HTTPS anywhere; plain HTTP only to the ECS agent (169.254.170.2), the EKS Pod
// Identity agent (169.254.170.23, [fd00:ec2::23]) or loopback. A URL it refuses goes to the SDK,
// whose next provider has rules of its own; so does anything unusual (a query, a fragment, a user
// name), which the SDK rebuilds in its own way.

const AGENT_HOSTS = new Set(['169.254.170.2', '169.254.170.23', '[fd00:ec2::23]']);

export function checkCredentialsUrl(url: URL): boolean {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') return false;
  if (url.protocol === 'https:') return true;
  const host = url.hostname;
  // URL has already made every IPv4 spelling (127.1, 0x7f.1) the dotted-decimal one the SDK compares.
  return AGENT_HOSTS.has(host) || host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
