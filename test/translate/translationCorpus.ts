import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Notification, notificationSchema } from '../../src/hipchat/notificationSchema.js';
import type { SlackMessageContent } from '../../src/slack/SlackMessage.js';
import type { TranslateOptions } from '../../src/translate/translateWith.js';

/** The golden corpus: real-shaped HipChat payloads, each with the exact Slack content expected. */
export const CORPUS_DIRECTORY = join(import.meta.dirname, '../fixtures/translate');

/** Options as written in a fixture (`random` is the value the injected source returns). */
export interface FixtureOptions extends Omit<TranslateOptions, 'random' | 'textRules'> {
  random?: number;
}

export interface CorpusCase {
  file: string;
  description: string;
  /** The body as the sender posted it. */
  body: Record<string, unknown>;
  /** The body as the edge hands it to the translator: validated, defaults applied. */
  notification: Notification;
  options: TranslateOptions;
  expected: SlackMessageContent | undefined;
  /** Rewrites the fixture with `actual` as its expectation (`UPDATE_GOLDEN=1`). */
  update(actual: SlackMessageContent): void;
}

export function loadCorpus(): CorpusCase[] {
  return readdirSync(CORPUS_DIRECTORY)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const path = join(CORPUS_DIRECTORY, file);
      const doc = JSON.parse(readFileSync(path, 'utf8')) as {
        description: string;
        options?: FixtureOptions;
        notification: Record<string, unknown>;
        expected?: SlackMessageContent;
      };
      const { random, ...rest } = doc.options ?? {};
      return {
        file,
        description: doc.description,
        body: doc.notification,
        notification: notificationSchema.parse(doc.notification),
        options: random === undefined ? rest : { ...rest, random: () => random },
        expected: doc.expected,
        update(actual) {
          writeFileSync(path, `${JSON.stringify({ ...doc, expected: actual }, null, 2)}\n`);
        },
      };
    });
}
