/**
 * Mailpit's html-check response (`htmlcheck.Response`), field for field, plus devmail's extras:
 * `Lines` on each warning and `RemoteStylesheets` at the top.
 */
export interface HtmlCheckResponse {
  Warnings: HtmlCheckWarning[];
  /** Platform → client families tested on it, sorted (for the UI's filters). */
  Platforms: Record<string, string[]>;
  Total: HtmlCheckTotal;
  /** devmail: `<link rel="stylesheet">` URLs; never fetched (a captured mail chooses them), so not checked. */
  RemoteStylesheets: Array<{ URL: string; Line: number }>;
}

/** One feature the message uses, with its support per client. */
export interface HtmlCheckWarning {
  Slug: string;
  Title: string;
  /** caniemail's description (Markdown text). */
  Description: string;
  URL: string;
  /** html, css, image or others. */
  Category: string;
  Tags: string[];
  Keywords: string;
  Results: HtmlCheckResult[];
  /** Note number → note (Markdown text). */
  NotesByNumber: Record<string, string>;
  Score: HtmlCheckScore;
  /** devmail: 1-based lines of the HTML part where the feature appears (at most 50). */
  Lines: number[];
}

/** Support of one client version. */
export interface HtmlCheckResult {
  /** "Family Platform (version)". */
  Name: string;
  Platform: string;
  Family: string;
  Version: string;
  Support: 'yes' | 'no' | 'partial';
  NoteNumber: string;
}

/** How often a feature is used and how well it is supported (percentages of client versions). */
export interface HtmlCheckScore {
  Found: number;
  Supported: number;
  Partial: number;
  Unsupported: number;
}

/** The whole message's result. */
export interface HtmlCheckTotal {
  /** Features tested. */
  Tests: number;
  /** Elements in the body. */
  Nodes: number;
  Supported: number;
  Partial: number;
  Unsupported: number;
}
