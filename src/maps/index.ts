/**
 * The room map and the user map from HipChat's data export and Slack's directory: read the
 * export, then build the maps.
 *
 * @example
 * const exported = await readHipChatExport('hipchat.tar.gz.aes', { password });
 * const { roomMap, userMap, report } = buildMaps(exported, slackDirectory, overrides);
 */
export { buildMaps } from './buildMaps.js';
export { ExportError } from './ExportError.js';
export type { ExportRoom, ExportUser, HipChatExport } from './HipChatExport.js';
export type { MapsReport, RoomUnmatchedReason, UserUnmatchedReason } from './MapsReport.js';
export { readHipChatExport } from './readHipChatExport.js';
export type { SlackDirectory } from './SlackDirectory.js';
export { slackImportChannelName } from './slackImportChannelName.js';
