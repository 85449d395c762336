/**
 * Removes credentials and signature material from any text before it is logged or shown: access key IDs,
 * secret keys, session tokens, `Authorization` header values, SigV4 `Credential=` / `Signature=` parts and the
 * `X-Amz-Security-Token` / `X-Amz-Credential` / `X-Amz-Signature` values, in header, JSON, INI, env and
 * query-string spellings. Safe to apply twice.
 */
export function redact(text: string): string {
  let out = text;
  // An Authorization header's value runs to the end of its line or string (it contains spaces and commas).
  out = out.replace(/(\bauthorization\b["']?\s*[:=]\s*)(?!\s*(?:\[redacted\]|"\[redacted\]"|'\[redacted\]'))(?:"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\\\r\n]|\\.)*'|[^\s"'][^\r\n]*)/gi,
    (m: string, key: string) => `${key}${quoted(m.slice(key.length))}`);
  // Named secrets: `"secretAccessKey": "…"`, `aws_secret_access_key = …`, `AWS_SESSION_TOKEN=…`, `x-amz-security-token: …`.
  out = out.replace(
    new RegExp(`(\\b(?:${SECRET_KEYS})\\b["']?\\s*[:=]\\s*)(?!\\s*(?:\\[redacted\\]|"\\[redacted\\]"|'\\[redacted\\]'))(?:"(?:[^"\\\\\\r\\n]|\\\\.)*"|'(?:[^'\\\\\\r\\n]|\\\\.)*'|[^\\s"',;&}\\]]+)`, 'gi'),
    (m: string, key: string) => `${key}${quoted(m.slice(key.length))}`);
  // SigV4 parts wherever they appear (inside an Authorization value that was quoted oddly, presigned URLs).
  out = out.replace(/(\b(?:X-Amz-)?(?:Credential|Signature|Security-Token)=)[^\s&,;"'<>]+/gi, (_m, key: string) => `${key}${MASK}`);
  // Bare access key IDs (AKIA… long-term, ASIA… temporary) and bare long tokens.
  out = out.replace(/\b(?:AKIA|ASIA|AIDA|AROA|AIPA|ANPA|ANVA|AGPA|ABIA|ACCA)[A-Z0-9]{16}\b/g, MASK);
  // A secret access key is 40 base64 characters; require mixed character classes so hex digests and words survive.
  out = out.replace(/(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g, m =>
    /[a-z]/.test(m) && /[A-Z]/.test(m) && /[0-9/+]/.test(m) ? MASK : m);
  // Session tokens and SSO access tokens are long base64 runs.
  out = out.replace(/(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{100,}={0,2}(?![A-Za-z0-9/+=])/g, MASK);
  return out;
}

const MASK = '[redacted]';

/** The mask, keeping the value's quotes so JSON and code stay well-formed (and a second pass sees the mask). */
function quoted(value: string): string {
  const q = value[0];
  return q === '"' || q === "'" ? `${q}${MASK}${q}` : MASK;
}

const SECRET_KEYS = [
  'aws_secret_access_key', 'secret_?access_?key', 'aws_session_token', 'session_?token', 'security_?token',
  'x-amz-security-token', 'x-amz-credential', 'x-amz-signature', 'access_?token', 'refresh_?token',
  'client_?secret', 'aws_access_key_id', 'access_?key_?id', 'credential_?process', 'sso_?access_?token',
].join('|');
