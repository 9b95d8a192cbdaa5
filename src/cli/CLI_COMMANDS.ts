import type { CliCommand } from './CliCommand.js';
import { checkCommand } from './check/checkCommand.js';
import { deadLettersCommand } from './deadLettersCommand.js';
import { mapsCommand } from './maps/mapsCommand.js';
import { slackTokenCommand } from './slackTokenCommand.js';
import { tokensCommand } from './tokens/tokensCommand.js';
import { usageCommand } from './usage/usageCommand.js';

/**
 * The top-level commands of `hipchat-proxy`, in help order. To mount another (e.g. the retry
 * queue's `dead-letters`), export a CliCommand from its module and add it here — nothing else
 * changes.
 *
 * @example
 * export const CLI_COMMANDS = [tokensCommand, slackTokenCommand, usageCommand, deadLettersCommand];
 */
export const CLI_COMMANDS: readonly CliCommand[] = [
  tokensCommand,
  slackTokenCommand,
  usageCommand,
  deadLettersCommand,
  mapsCommand,
  checkCommand,
];
