/**
 * What a particular app adds to the generic sandbox: development data it needs (e.g. the web trigger secrets its
 * alert sources check) and how a local sender reaches each web trigger. Kaizen's lives in sandbox/kaizen-profile.ts.
 * Profiles run inside an invocation of the app, so they use the same @forge/kvs the app uses.
 */
export interface SenderInstructions {
  /** The URL a sender posts to when it differs from the plain trigger URL (e.g. a token in the query). */
  url?: string;
  /** Headers the sender must send. */
  headers?: Record<string, string>;
  /** The shared secret a signing sender signs the body with. */
  secret?: string;
  /** One line on how the real sender is configured. */
  note?: string;
}

export interface SandboxAppProfile {
  /** Runs on the first start of an empty data directory and after every reset. */
  seed?(): Promise<void>;
  describeWebtrigger?(key: string, url: string): Promise<SenderInstructions>;
  /** App operations a developer can run by hand: `POST /__sandbox/app/<name>` runs one inside an invocation. */
  actions?: Record<string, () => Promise<unknown>>;
}
