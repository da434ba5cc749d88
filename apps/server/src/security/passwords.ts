import { hash, verify } from '@node-rs/argon2';

/** @node-rs/argon2's Algorithm.Argon2id (a const enum, not importable under verbatimModuleSyntax). */
const ARGON2ID = 2;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hashed: string, password: string): Promise<boolean>;
  /**
   * Checks a password against an account's hash, if it has one. Without one (no such user,
   * or no password) it still verifies against a throwaway hash and answers false, so the
   * answer takes as long either way and does not reveal which user names exist.
   */
  check(hashed: string | null | undefined, password: string): Promise<boolean>;
}

/** argon2id; memory cost from config (OWASP's 19 MiB minimum by default). */
export function argon2Hasher(memoryCostKib: number): PasswordHasher {
  const opts = { algorithm: ARGON2ID, memoryCost: memoryCostKib, timeCost: 2, parallelism: 1 };
  const safeVerify = async (hashed: string, password: string): Promise<boolean> => {
    try {
      return await verify(hashed, password);
    } catch {
      return false;
    }
  };
  let decoy: Promise<string> | undefined;
  return {
    hash: (password) => hash(password, opts),
    verify: safeVerify,
    check: async (hashed, password) => {
      if (hashed) return safeVerify(hashed, password);
      decoy ??= hash('parley-decoy-password', opts);
      await safeVerify(await decoy, password);
      return false;
    },
  };
}
