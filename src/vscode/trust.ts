import * as vscode from 'vscode';
import type { AwsConnection } from '../aws/connection';

/**
 * What reaches AWS from an untrusted workspace (remote invoke and its deployed-name lookup): it works, signed with
 * the person's own profile and sent to their own endpoint (remote logs stay off until the workspace is trusted). What the workspace
 * names — its settings (restricted in the manifest, so VS Code hides them), its samconfig.toml profile, its
 * `provider.profile` — is not used until the workspace is trusted.
 */
export const untrustedAwsNote =
  'This workspace is not trusted: AWS calls use your own profile and endpoint (user settings, environment); a profile or endpoint the workspace names is ignored until you trust it.';

/** The note for a connection, when the workspace is untrusted: names the profile that was passed over. */
export function untrustedAwsDetail(conn: AwsConnection): string | undefined {
  if (vscode.workspace.isTrusted) return undefined;
  const ignored = conn.ignoredProfile;
  return ignored ? `${untrustedAwsNote} (Ignored: profile "${ignored.profile}" from ${ignored.origin === 'samconfig' ? 'samconfig.toml' : 'provider.profile'}.)` : untrustedAwsNote;
}
