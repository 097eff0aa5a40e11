/** One item of a feed, normalised. Everything in it came from the feed and is untrusted text. */
export interface Essay {
  /** Stable identity: guid / Atom id, else link, else `sha256:` hash of title + date. */
  id: string;
  /** The feed this essay was last seen in (URL or local path as configured). */
  feedUrl: string;
  title: string;
  /** Link to the essay ("" when the item has none). */
  url: string;
  /** Author name ("" when unknown): dc:creator, author, or the feed's own author. */
  author: string;
  /** ISO 8601 publication date, or null when missing or unparseable. */
  published: string | null;
  /** Categories / tags, as given by the feed, de-duplicated, in feed order. */
  tags: string[];
  /** Body HTML: content:encoded, else content / description, else summary ("" when none). */
  html: string;
}

/** What fetching one feed produced. */
export type FetchResult =
  | {
      status: "ok";
      /** Raw bytes: decoding needs the XML declaration or the Content-Type charset. */
      body: Uint8Array;
      /** The Content-Type header, when fetched over HTTP. */
      contentType?: string;
      etag?: string;
      lastModified?: string;
      /** A local file's size, modification time and inode: its validator (see local.ts). */
      fileStamp?: string;
    }
  | { status: "not-modified" };

/** Validators remembered from the last successful fetch of a feed, sent as a conditional GET. */
export interface FeedValidators {
  etag?: string;
  lastModified?: string;
  /** A local file's stamp last time: the same stamp means the same file, so it is not read. */
  fileStamp?: string;
  /** sha256 of the bytes last parsed: a server that ignores validators still costs no parse. */
  bodyHash?: string;
}

export interface ParsedFeed {
  feedUrl: string;
  /** The feed's own title ("" when missing). */
  title: string;
  essays: Essay[];
}
