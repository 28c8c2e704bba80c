export {
  secretKind,
  parseCredentialSpec,
  parseCredentialsText,
  verifyPassword,
  cramMd5Digest,
  verifyCramMd5,
  createCredentialVerifier,
} from './credentials.js';
export type { SecretKind, CredentialVerifier } from './credentials.js';
