/** A host and port to listen on. Port 0 picks a free one (tests). */
export interface ListenAddress {
  host: string;
  port: number;
}

/** One user and secret as given inline or in an htpasswd-style file. */
export interface CredentialEntry {
  user: string;
  /** Plain text, or a hash: bcrypt `$2a$/$2b$/$2y$`, SHA-crypt `$5$`/`$6$`. */
  secret: string;
}

/** The SMTP server's slice of the configuration. */
export interface SmtpConfig {
  listen: ListenAddress;
  /** Extra implicit-TLS (SMTPS) listener, or null. */
  smtpsListen: ListenAddress | null;
  /** Name used in the greeting, EHLO reply and Received header. */
  hostname: string;
  tls: {
    /** PEM certificate and key paths; both null → a self-signed pair is made at start. */
    certFile: string | null;
    keyFile: string | null;
    /** Subject alternative names for the generated certificate. */
    generatedNames: string[];
    /** STARTTLS must come before MAIL (530 otherwise). */
    requireStartTls: boolean;
    /** The main SMTP port itself speaks implicit TLS. */
    requireTls: boolean;
  };
  auth: {
    /** No credentials configured, or explicitly asked: any user and password pass. */
    acceptAny: boolean;
    /** Configured credentials (inline and from the file); empty with acceptAny. */
    credentials: CredentialEntry[];
    /** Allow AUTH on a connection that is not encrypted when credentials are enforced. */
    allowInsecure: boolean;
  };
  /** Largest message accepted, in bytes (552 past it). */
  maxMessageBytes: number;
  /** Most recipients in one transaction (452 past it). */
  maxRecipients: number;
  /** Recipients must match this, or get 550. Null allows all. */
  allowedRecipients: RegExp | null;
  /** Concurrent connections; past it new ones get 421. */
  maxConnections: number;
  /** A connection idle this long is closed with 421. */
  idleTimeoutMs: number;
  /** Bad commands in one session before 421 and close. */
  maxErrors: number;
  /** Expect a PROXY protocol v1/v2 header first on each connection (behind a load balancer). */
  proxyProtocol: boolean;
}

/** The HTTP server's slice. */
export interface HttpConfig {
  listen: ListenAddress;
  /** Path prefix for every route, '/' or like '/mail/' (always with both slashes). */
  webroot: string;
  /** Basic-auth users for the UI and API; empty → no auth. */
  uiCredentials: CredentialEntry[];
  /** Label shown in the UI and /api/v1/webui. */
  label: string;
  /** The link check may request private, loopback, link-local … addresses (SSRF guard off). */
  allowInternalHttpRequests: boolean;
}

/** The store's slice. */
export interface StoreConfig {
  /** A file path, ':temp:' for a throw-away file, or a postgres:// URL. */
  database: string;
  /** Most messages kept; 0 keeps all. */
  maxMessages: number;
  /** Oldest message kept, in ms; 0 keeps all. */
  maxAgeMs: number;
}

/** Logging slice. */
export interface LogConfig {
  level: 'debug' | 'info' | 'warn' | 'error';
}

/** The whole, frozen configuration. Modules receive only their slice. */
export interface Config {
  smtp: SmtpConfig;
  http: HttpConfig;
  store: StoreConfig;
  log: LogConfig;
}
