// The one redaction function lives in core (pure, shared with the extension's log); re-exported for the AWS bundle.
export { redact } from '../core/redact';
