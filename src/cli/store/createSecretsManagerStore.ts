import { randomUUID } from 'node:crypto';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { CliError } from '../CliError.js';
import { EXIT_CODES } from '../EXIT_CODES.js';
import { ConcurrentChangeError } from './ConcurrentChangeError.js';
import type { GuardedTextStore } from './GuardedTextStore.js';

/** Marks our not-yet-current version; the Lambda only ever reads AWSCURRENT. */
export const PENDING_STAGE = 'HIPCHAT_PROXY_PENDING';

/**
 * A Secrets Manager secret as a GuardedTextStore. Secrets Manager has no conditional
 * PutSecretValue, but moving a staging label is a compare-and-swap: UpdateSecretVersionStage
 * with `RemoveFromVersionId` fails unless AWSCURRENT is still on that version. So a write
 * 1. stores the new text as a version labelled only HIPCHAT_PROXY_PENDING (invisible to the
 *    Lambda; the ClientRequestToken makes an SDK retry of the same PUT idempotent), then
 * 2. moves AWSCURRENT to it from the version we read — or fails, meaning someone else's
 *    version became current in between; ours is left unlabelled and theirs stands.
 * AWSPREVIOUS follows automatically, so `aws secretsmanager` can still roll back one step.
 *
 * @example
 * const store = createSecretsManagerStore(new SecretsManagerClient({}), 'hipchat-slack-proxy/whitelist', randomUUID);
 * const { text, version } = await store.read();
 */
export function createSecretsManagerStore(
  client: SecretsManagerClient,
  secretId: string,
  newVersionId: () => string = randomUUID,
): GuardedTextStore {
  return {
    description: `secret ${secretId}`,
    async read() {
      try {
        const result = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
        const text =
          result.SecretString ??
          (result.SecretBinary ? Buffer.from(result.SecretBinary).toString('utf8') : undefined);
        return { text, version: result.VersionId };
      } catch (error) {
        // A secret created empty (the stack does that) has no AWSCURRENT version yet.
        if (!isError(error, 'ResourceNotFoundException')) throw error;
        if (await secretExists(client, secretId)) return { text: undefined, version: undefined };
        throw new CliError(
          EXIT_CODES.notFound,
          `no secret ${secretId} in ${await regionOf(client)}; check --env/--secret-id/--region`,
        );
      }
    },
    async write(text, basedOn) {
      const versionId = newVersionId();
      await client.send(
        new PutSecretValueCommand({
          SecretId: secretId,
          SecretString: text,
          ClientRequestToken: versionId,
          VersionStages: [PENDING_STAGE],
        }),
      );
      try {
        await client.send(
          new UpdateSecretVersionStageCommand({
            SecretId: secretId,
            VersionStage: 'AWSCURRENT',
            MoveToVersionId: versionId,
            // Absent on a first write: then the call fails if anyone made a version current.
            RemoveFromVersionId: basedOn,
          }),
        );
      } catch (error) {
        // The API reference documents the failure, not its error name: decide by looking.
        const current = await currentVersion(client, secretId);
        // A timed-out call that did go through: our version is current, the write stands.
        if (current === versionId) return { version: versionId };
        if (current !== basedOn) {
          throw new ConcurrentChangeError(
            `secret ${secretId} is no longer at version ${basedOn ?? '(none)'}`,
          );
        }
        throw error;
      }
      try {
        // Tidy: the pending label has done its job. Failing to remove it is harmless.
        await client.send(
          new UpdateSecretVersionStageCommand({
            SecretId: secretId,
            VersionStage: PENDING_STAGE,
            RemoveFromVersionId: versionId,
          }),
        );
      } catch {
        // The write itself succeeded; a stray pending label is moved by the next write.
      }
      return { version: versionId };
    },
  };
}

async function secretExists(client: SecretsManagerClient, secretId: string): Promise<boolean> {
  try {
    await client.send(new DescribeSecretCommand({ SecretId: secretId }));
    return true;
  } catch {
    return false;
  }
}

async function currentVersion(
  client: SecretsManagerClient,
  secretId: string,
): Promise<string | undefined> {
  const { VersionIdsToStages: stages = {} } = await client.send(
    new DescribeSecretCommand({ SecretId: secretId }),
  );
  return Object.entries(stages).find(([, labels]) => labels?.includes('AWSCURRENT'))?.[0];
}

async function regionOf(client: SecretsManagerClient): Promise<string> {
  try {
    return await client.config.region();
  } catch {
    return 'the default region';
  }
}

function isError(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}
