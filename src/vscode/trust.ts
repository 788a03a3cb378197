import type { AwsConnection } from '../aws/connection';
import type { IgnoredRemoteValue } from '../shared/remoteTrust';
import { untrustedRemoteNote } from '../shared/remoteTrust';
import type { Config } from './config';

/**
 * The remote-trust note for an AWS call in this window (src/shared/remoteTrust.ts): undefined when the workspace is
 * trusted; otherwise the one message, naming the profile and endpoint the workspace named and the call passed over.
 */
export function awsRemoteNote(config: Config, conn: AwsConnection): string | undefined {
  if (config.trusted) return undefined;
  const ignored: IgnoredRemoteValue[] = [];
  for (const name of ['awsProfile', 'awsEndpointUrl'] as const) {
    const i = config.remote(name).ignored;
    if (i) ignored.push(i);
  }
  if (conn.ignoredProfile) ignored.push({ what: 'profile', value: conn.ignoredProfile.profile, source: conn.ignoredProfile.origin });
  return untrustedRemoteNote(false, ignored);
}

/** The same note for an Azure call for a folder: the subscription and function app the workspace named. */
export function azureRemoteNote(config: Config, folder?: string): string | undefined {
  if (config.trusted) return undefined;
  const ignored: IgnoredRemoteValue[] = [];
  for (const name of ['azureSubscription', 'azureFunctionApp'] as const) {
    const i = config.remote(name, folder).ignored;
    if (i) ignored.push(i);
  }
  return untrustedRemoteNote(false, ignored);
}
