/**
 * A value loaded on its first use and kept: the module a route or a feature imports lazily,
 * a client built when first needed. A load that fails is not kept, so the next use tries
 * again (a chunk that could not be read, a store that could not be built); a module that
 * failed while evaluating stays failed, as Node caches that error itself.
 *
 * @example
 * const sqs = loadOnce(async () => new (await import('@aws-sdk/client-sqs')).SQSClient({}));
 * await (await sqs()).send(command);
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}
