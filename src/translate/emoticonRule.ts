import { escapeMrkdwn } from './escapeMrkdwn.js';
import type { TextRule } from './textToMrkdwn.js';

/**
 * HipChat's common `(shortcut)` emoticons as Slack emoji names (`:name:`), or as literal text
 * where Slack has no counterpart (`text:` prefix). Product logos have no standard emoji and are
 * left out, so they stay literal like any unknown shortcut (custom per-group emoticons existed).
 */
export const HIPCHAT_EMOTICONS: Readonly<Record<string, string>> = {
  successful: ':white_check_mark:',
  success: ':white_check_mark:',
  failed: ':x:',
  unknown: ':grey_question:',
  continue: ':arrow_forward:',
  waiting: ':hourglass_flowing_sand:',
  yey: ':tada:',
  thumbsup: ':+1:',
  thumbsdown: ':-1:',
  okay: ':ok_hand:',
  fireworks: ':fireworks:',
  boom: ':boom:',
  beer: ':beer:',
  coffee: ':coffee:',
  tea: ':tea:',
  cake: ':cake:',
  heart: ':heart:',
  awthanks: ':pray:',
  facepalm: ':face_palm:',
  shrug: ':shrug:',
  sadpanda: ':cry:',
  lol: ':joy:',
  haha: ':laughing:',
  wtf: ':interrobang:',
  omg: ':scream:',
  huh: ':confused:',
  ohcrap: ':grimacing:',
  allthethings: ':raised_hands:',
  goodnews: ':loudspeaker:',
  notbad: ':slightly_smiling_face:',
  dealwithit: ':sunglasses:',
  mindblown: ':exploding_head:',
  ninja: ':ninja:',
  pirate: ':pirate_flag:',
  poo: ':poop:',
  rockon: ':metal:',
  upvote: ':arrow_up:',
  downvote: ':arrow_down:',
  goldstar: ':star:',
  ghost: ':ghost:',
  stare: ':eyes:',
  whoa: ':open_mouth:',
  meh: ':neutral_face:',
  derp: ':stuck_out_tongue_winking_eye:',
  troll: ':smiling_imp:',
  present: ':gift:',
  tableflip: 'text:(╯°□°)╯︵ ┻━┻',
  disapproval: 'text:ಠ_ಠ',
};

/**
 * The text rule for HipChat's `(shortcut)` emoticons: known ones become Slack emoji, unknown
 * ones stay literal.
 *
 * @example
 * textToMrkdwn('Build passed (successful)', [emoticonRule]); // 'Build passed :white_check_mark:'
 */
export const emoticonRule: TextRule = {
  pattern: /\(([a-z0-9]{1,50})\)/,
  render(match) {
    const emoji = emoticonPlain(match);
    return emoji === undefined ? undefined : escapeMrkdwn(emoji);
  },
  plain: emoticonPlain,
};

/** `:shortcode:` for a known emoticon, its text for the text-only ones, else `undefined`. */
function emoticonPlain(match: RegExpExecArray): string | undefined {
  const name = match[1] ?? '';
  const emoji = Object.hasOwn(HIPCHAT_EMOTICONS, name) ? HIPCHAT_EMOTICONS[name] : undefined;
  return emoji?.startsWith('text:') ? emoji.slice('text:'.length) : emoji;
}
