/**
 * The title a shared file shows in Slack, from the name the caller gave it, which can never
 * ping. Slack does not say whether it reads mentions in a file's title; through the API a
 * mention is only ever its control form (`<!channel>`, `<!here>`, `<@U123>`, `<#C123>`) —
 * plain `@here` text is none (reference/slack-api.md §4) — so the title's angle brackets become
 * look-alikes (‹ ›), which no control form is made of and which read the same. Only the title:
 * the file's name, what a download is saved as, stays as sent. Entities (`&lt;`) would show
 * raw wherever Slack does not parse the title.
 *
 * @example
 * fileTitle('<!channel> @here report.txt'); // '‹!channel› @here report.txt'
 */
export function fileTitle(filename: string): string {
  return filename.replace(/</g, '‹').replace(/>/g, '›');
}
