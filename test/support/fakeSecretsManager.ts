import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';

interface Version {
  value: string;
  stages: Set<string>;
}

/**
 * A stateful Secrets Manager behind aws-sdk-client-mock, with the semantics the CLI relies
 * on (from the API reference): versions identified by ClientRequestToken; PutSecretValue
 * labels the new version AWSCURRENT unless VersionStages says otherwise; a label lives on one
 * version at a time; UpdateSecretVersionStage fails with InvalidParameterException when the
 * label is attached elsewhere and RemoveFromVersionId is missing or does not match (the
 * compare-and-swap); moving AWSCURRENT moves AWSPREVIOUS to the version it left.
 *
 * `beforeStageMove` runs just before each AWSCURRENT move, to stage a concurrent operator.
 *
 * @example
 * const sm = fakeSecretsManager();
 * sm.create('hipchat-slack-proxy/whitelist', '{"tokens":[]}');
 * sm.current('hipchat-slack-proxy/whitelist'); // the AWSCURRENT value
 */
export function fakeSecretsManager() {
  const mock = mockClient(SecretsManagerClient);
  const secrets = new Map<string, Map<string, Version>>();
  let versionCounter = 0;
  const state = {
    mock,
    beforeStageMove: undefined as ((secretId: string) => void) | undefined,
    /** A secret with an optional first value (undefined: created empty, as the stack does). */
    create(secretId: string, value?: string) {
      secrets.set(secretId, new Map());
      if (value !== undefined) state.put(secretId, value);
    },
    /** What another operator (or the console) writing the secret does: a new AWSCURRENT. */
    put(secretId: string, value: string): string {
      return putVersion(secretId, value, `version-${++versionCounter}`, ['AWSCURRENT']);
    },
    /** Makes an existing version current, as a successful stage move does. */
    promote(secretId: string, versionId: string) {
      moveStage(secretId, 'AWSCURRENT', versionId);
    },
    current(secretId: string): string | undefined {
      return versionWithStage(secretId, 'AWSCURRENT')?.[1].value;
    },
    stagesOf(secretId: string): Record<string, string[]> {
      return Object.fromEntries(
        [...versionsOf(secretId)].map(([id, version]) => [id, [...version.stages]]),
      );
    },
    reset() {
      mock.reset();
      secrets.clear();
      versionCounter = 0;
      state.beforeStageMove = undefined;
      install();
    },
  };

  const fail = (name: string, message: string) =>
    Object.assign(new Error(message), { name, $fault: 'client' });
  const versionsOf = (secretId: string) => {
    const versions = secrets.get(secretId);
    if (versions === undefined)
      throw fail('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return versions;
  };
  const versionWithStage = (secretId: string, stage: string) =>
    [...versionsOf(secretId)].find(([, version]) => version.stages.has(stage));
  const moveStage = (secretId: string, stage: string, toId: string | undefined) => {
    const holder = versionWithStage(secretId, stage);
    holder?.[1].stages.delete(stage);
    if (toId !== undefined) versionsOf(secretId).get(toId)?.stages.add(stage);
    if (stage === 'AWSCURRENT' && holder !== undefined && holder[0] !== toId) {
      moveStage(secretId, 'AWSPREVIOUS', holder[0]);
    }
  };
  const putVersion = (secretId: string, value: string, id: string, stages: string[]) => {
    const versions = versionsOf(secretId);
    const existing = versions.get(id);
    if (existing !== undefined) {
      if (existing.value !== value)
        throw fail('ResourceExistsException', 'version exists with another value');
      return id;
    }
    versions.set(id, { value, stages: new Set() });
    for (const stage of stages) moveStage(secretId, stage, id);
    return id;
  };

  const install = () => {
    mock.on(GetSecretValueCommand).callsFake(async (input) => {
      const stage =
        input.VersionStage ?? (input.VersionId === undefined ? 'AWSCURRENT' : undefined);
      const found =
        input.VersionId !== undefined
          ? ([input.VersionId, versionsOf(input.SecretId).get(input.VersionId)] as const)
          : versionWithStage(input.SecretId, stage as string);
      if (found?.[1] === undefined) {
        throw fail(
          'ResourceNotFoundException',
          `Secrets Manager can't find the specified secret value for staging label: ${stage}`,
        );
      }
      return { Name: input.SecretId, VersionId: found[0], SecretString: found[1].value };
    });
    mock.on(DescribeSecretCommand).callsFake(async (input) => ({
      Name: input.SecretId,
      VersionIdsToStages: state.stagesOf(input.SecretId),
    }));
    mock.on(PutSecretValueCommand).callsFake(async (input) => {
      const id = input.ClientRequestToken ?? `version-${++versionCounter}`;
      putVersion(input.SecretId, input.SecretString, id, input.VersionStages ?? ['AWSCURRENT']);
      return { Name: input.SecretId, VersionId: id, VersionStages: input.VersionStages };
    });
    mock.on(UpdateSecretVersionStageCommand).callsFake(async (input) => {
      const {
        SecretId: secretId,
        VersionStage: stage,
        MoveToVersionId: to,
        RemoveFromVersionId: from,
      } = input;
      if (stage === 'AWSCURRENT') state.beforeStageMove?.(secretId);
      const holder = versionWithStage(secretId, stage)?.[0];
      if (to !== undefined && !versionsOf(secretId).has(to)) {
        throw fail('ResourceNotFoundException', 'no such version');
      }
      if (holder !== undefined && holder !== to && holder !== from) {
        throw fail(
          'InvalidParameterException',
          `The staging label ${stage} is attached to version ${holder}, not ${from}.`,
        );
      }
      if (to === undefined) {
        if (holder === from)
          versionsOf(secretId)
            .get(from as string)
            ?.stages.delete(stage);
      } else {
        moveStage(secretId, stage, to);
      }
      return { Name: secretId };
    });
  };
  install();
  return state;
}
