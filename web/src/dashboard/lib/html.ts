// Comment bodies arrive as server-rendered, sanitized HTML (body_html, from
// the server's Markdown renderer); only those strings are inserted as HTML.

export function serverHtml(html: string | null | undefined): { __html: string } {
  return { __html: html ?? '' };
}
