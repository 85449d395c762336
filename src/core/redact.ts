/**
 * Removes credentials and signature material from any text before it is logged or shown: access key IDs,
 * secret keys, session tokens, `Authorization` header values, SigV4 `Credential=` / `Signature=` parts and the
 * `X-Amz-Security-Token` / `X-Amz-Credential` / `X-Amz-Signature` values, in header, JSON, INI, env and
 * query-string spellings. Safe to apply twice.
 */
export function redact(text: string): string {
  let out = text;
  // Credentials in a URL (`http://user:password@host`): the password goes, the user and host stay for the reader.
  out = out.replace(/(\b[a-zA-Z][\w+.-]*:\/\/[^\s:/?#@"'<>]*:)(?!\[redacted\]@)[^\s/?#@"'<>]+@/g, (_m, head: string) => `${head}${MASK}@`);
  // Command-line flags naming a secret: `--password x`, `--token=x`, `--secret "x y"` (credential_process lines, logs
  // of a spawned tool).
  out = out.replace(/(--(?:password|passwd|pass|token|secret|secret-access-key|session-token|api-key)(?:=|\s+))(?!\[redacted\])(?:"[^"\r\n]*"|'[^'\r\n]*'|[^\s"']+)/gi,
    (_m, flag: string) => `${flag}${MASK}`);
  // An Authorization header's value runs to the end of its line or string (it contains spaces and commas).
  out = out.replace(/(\b(?:authorization|credential_?process)\b["']?\s*[:=]\s*)(?!\s*(?:\[redacted\]|"\[redacted\]"|'\[redacted\]'))(?:"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\\\r\n]|\\.)*'|[^\s"'][^\r\n]*)/gi,
    (m: string, key: string) => `${key}${quoted(m.slice(key.length))}`);
  // Named secrets: `"secretAccessKey": "…"`, `aws_secret_access_key = …`, `AWS_SESSION_TOKEN=…`, `x-amz-security-token: …`.
  out = out.replace(
    new RegExp(`(\\b(?:${SECRET_KEYS})\\b["']?\\s*[:=]\\s*)(?!\\s*(?:\\[redacted\\]|"\\[redacted\\]"|'\\[redacted\\]'))(?:"(?:[^"\\\\\\r\\n]|\\\\.)*"|'(?:[^'\\\\\\r\\n]|\\\\.)*'|[^\\s"',;&}\\]]+)`, 'gi'),
    (m: string, key: string) => `${key}${quoted(m.slice(key.length))}`);
  // SigV4 parts wherever they appear (inside an Authorization value that was quoted oddly, presigned URLs).
  out = out.replace(/(\b(?:X-Amz-)?(?:Credential|Signature|Security-Token)=)[^\s&,;"'<>]+/gi, (_m, key: string) => `${key}${MASK}`);
  // Bare access key IDs (AKIA… long-term, ASIA… temporary) and bare long tokens.
  // Also right after a URL escape (`%3DAKIA…` in an encoded query string), where there is no word boundary.
  out = out.replace(/(?:\b|(?<=%[0-9A-Fa-f]{2}))(?:AKIA|ASIA|AIDA|AROA|AIPA|ANPA|ANVA|AGPA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g, MASK);
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
  'client_?secret', 'aws_access_key_id', 'access_?key_?id', 'sso_?access_?token', 'aws_security_token',
  'registration_?access_?token', 'password', 'passwd',
].join('|');
