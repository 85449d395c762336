import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AwsError } from './errors';
import type { ProfileInfo, ProfileKind, ServiceEndpoint, ServiceEndpoints } from './types';

/**
 * The shared config and credentials files, read the way the SDK reads them (same section and sub-section rules
 * as @smithy's `parseIni`), because the SDK does not expose what we need for an explicitly chosen profile: its
 * `endpoint_url` is only applied for `AWS_PROFILE`/`[default]`. A private parser (40 lines) instead of importing
 * the SDK's internal loader keeps us off an undeclared transitive dependency and off its process-wide file cache
 * (which would hide edits to the files until the extension restarts).
 */

/** Commercial regions where EventBridge and SNS are available, for the region picker. */
export const KNOWN_REGIONS: readonly string[] = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-south-1',
  'ap-south-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5',
  'ap-southeast-7', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ca-central-1', 'ca-west-1',
  'eu-central-1', 'eu-central-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-south-1', 'eu-south-2',
  'eu-north-1', 'il-central-1', 'me-south-1', 'me-central-1', 'mx-central-1', 'sa-east-1',
];

type Section = Record<string, string>;
type Ini = Record<string, Section>;

interface SharedFiles {
  /** Config file profiles by name (`[profile x]` → `x`, `[default]` → `default`). */
  readonly configProfiles: Ini;
  /** `[services x]` sections by name. */
  readonly services: Ini;
  readonly credentialProfiles: Ini;
  /** Profile names in file order, config first. */
  readonly order: readonly string[];
}

const SECTION_PREFIX = /^([\w-]+)\s(["'])?([\w\-@+.%:/]+)\2$/;
const SECTION_TYPES = new Set(['profile', 'sso-session', 'services']);

/** Parses an AWS INI file into `section → key → value`; nested keys (`eventbridge =` + indented lines) become `parent.key`. */
export function parseIni(text: string): { sections: Ini; order: string[] } {
  const sections: Ini = Object.create(null) as Ini;
  const order: string[] = [];
  let current: string | undefined;
  let sub: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.split(/(?:^|\s)[;#]/)[0].trim();
    if (line.startsWith('[') && line.endsWith(']')) {
      sub = undefined;
      const name = line.slice(1, -1).trim();
      const m = SECTION_PREFIX.exec(name);
      current = m ? (SECTION_TYPES.has(m[1]) ? `${m[1]}.${m[3]}` : undefined) : name;
      if (current === '__proto__' || current === 'profile.__proto__') current = undefined;
      if (current !== undefined && !order.includes(current)) order.push(current);
      continue;
    }
    if (current === undefined) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (value === '') {
      sub = key;
      continue;
    }
    if (sub && raw.trimStart() === raw) sub = undefined;
    (sections[current] ??= Object.create(null) as Section)[sub ? `${sub}.${key}` : key] = value;
  }
  return { sections, order };
}

function homeDir(env: NodeJS.ProcessEnv): string {
  return env.HOME || env.USERPROFILE || (env.HOMEPATH ? `${env.HOMEDRIVE ?? 'C:'}${env.HOMEPATH}` : os.homedir());
}

/** The config file path: `AWS_CONFIG_FILE`, else `~/.aws/config`. */
export function configFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_CONFIG_FILE || path.join(homeDir(env), '.aws', 'config');
}

/** The credentials file path: `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`. */
export function credentialsFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_SHARED_CREDENTIALS_FILE || path.join(homeDir(env), '.aws', 'credentials');
}

async function readOptional(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    // A missing or unreadable file is the normal "no profiles" case, exactly as for the SDK.
    return '';
  }
}

async function loadSharedFiles(env: NodeJS.ProcessEnv): Promise<SharedFiles> {
  const [configText, credentialsText] = await Promise.all([
    readOptional(configFilePath(env)),
    readOptional(credentialsFilePath(env)),
  ]);
  const config = parseIni(configText);
  const credentials = parseIni(credentialsText);
  const configProfiles: Ini = Object.create(null) as Ini;
  const services: Ini = Object.create(null) as Ini;
  const order: string[] = [];
  for (const key of config.order) {
    const section = config.sections[key] ?? {};
    if (key === 'default' || key.startsWith('profile.')) {
      const name = key === 'default' ? 'default' : key.slice('profile.'.length);
      // `[profile default]` and `[default]` are the same profile; the SDK lets the prefixed one win.
      configProfiles[name] = key === 'default' ? { ...section, ...configProfiles[name] } : { ...configProfiles[name], ...section };
      if (!order.includes(name)) order.push(name);
    } else if (key.startsWith('services.')) {
      services[key.slice('services.'.length)] = section;
    }
  }
  for (const name of credentials.order) if (!order.includes(name)) order.push(name);
  return { configProfiles, services, credentialProfiles: credentials.sections, order };
}

function kindOf(p: Section): ProfileKind {
  if (p.role_arn && p.web_identity_token_file) return 'web-identity';
  if (p.role_arn) return 'assume-role';
  if (p.sso_session || p.sso_start_url) return 'sso';
  if (p.credential_process) return 'process';
  if (p.login_session) return 'login';
  if (p.aws_access_key_id) return 'static';
  return 'unknown';
}

/**
 * Profiles from the shared config and credentials files (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`, else
 * `~/.aws/`), `default` first, then in file order: names, region, kind and `endpoint_url`. Never secrets.
 */
export async function listProfiles(env: NodeJS.ProcessEnv = process.env): Promise<ProfileInfo[]> {
  const files = await loadSharedFiles(env);
  const names = [...files.order].sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : 0));
  return names.map(name => {
    const config = files.configProfiles[name];
    const creds = files.credentialProfiles[name];
    const merged: Section = { ...config, ...creds };
    const sources: ('config' | 'credentials')[] = [];
    if (config) sources.push('config');
    if (creds) sources.push('credentials');
    const info: ProfileInfo = { name, kind: kindOf(merged), sources };
    return {
      ...info,
      ...(config?.region ? { region: config.region } : {}),
      ...(config?.endpoint_url ? { endpointUrl: config.endpoint_url } : {}),
    };
  });
}

/** The profile the SDK uses when none is named: `AWS_PROFILE`, else `default`. */
export function defaultProfileName(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_PROFILE || 'default';
}

/**
 * The region for a profile: the profile's own `region` (a chosen profile's region should win over a shell
 * variable left from other work), else `AWS_REGION` / `AWS_DEFAULT_REGION`, else `us-east-1`.
 */
export async function defaultRegion(profile?: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const files = await loadSharedFiles(env);
  const name = profile ?? defaultProfileName(env);
  return files.configProfiles[name]?.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
}

const SERVICE_IDS = { eventbridge: 'EventBridge', sns: 'SNS', schemas: 'schemas', pipes: 'Pipes', lambda: 'Lambda' } as const;

function truthy(v: string | undefined): boolean {
  return v !== undefined && v.trim().toLowerCase() === 'true';
}

/**
 * Where each service's calls go, resolved in the SDK's order but for the chosen profile: an explicit
 * `endpointUrl`, then `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the profile's `[services]` section, the
 * profile's `endpoint_url`; `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` / `ignore_configured_endpoint_urls` switch off
 * all but the explicit one. `url` undefined means AWS's regional endpoint.
 */
export async function resolveEndpoints(
  options: { profile?: string; endpointUrl?: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<ServiceEndpoints> {
  if (options.endpointUrl) {
    const e: ServiceEndpoint = { url: options.endpointUrl, source: 'argument' };
    return { eventbridge: e, sns: e, schemas: e, pipes: e, lambda: e };
  }
  const files = await loadSharedFiles(env);
  const name = options.profile ?? defaultProfileName(env);
  const profile = files.configProfiles[name] ?? {};
  const ignore = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS !== undefined
    ? truthy(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS)
    : truthy(profile.ignore_configured_endpoint_urls);
  const one = (service: keyof typeof SERVICE_IDS): ServiceEndpoint => {
    if (ignore) return { source: 'default' };
    const envName = `AWS_ENDPOINT_URL_${SERVICE_IDS[service].toUpperCase().replace(/ /g, '_')}`;
    if (env[envName]) return { url: env[envName], source: 'env-service' };
    if (env.AWS_ENDPOINT_URL) return { url: env.AWS_ENDPOINT_URL, source: 'env' };
    if (profile.services) {
      const section = files.services[profile.services];
      if (!section) {
        throw new AwsError({
          cause: 'endpoint', service: 'config', retryable: false, code: 'MissingServicesSection',
          message: `Profile "${name}" names a services section that the config file does not have. Add it or remove the services line: ${profile.services}`,
        });
      }
      const url = section[`${SERVICE_IDS[service].toLowerCase().replace(/ /g, '_')}.endpoint_url`];
      if (url) return { url, source: 'profile-services' };
    }
    if (profile.endpoint_url) return { url: profile.endpoint_url, source: 'profile' };
    return { source: 'default' };
  };
  return { eventbridge: one('eventbridge'), sns: one('sns'), schemas: one('schemas'), pipes: one('pipes'), lambda: one('lambda') };
}
