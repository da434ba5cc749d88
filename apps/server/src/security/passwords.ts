import { hash, verify } from '@node-rs/argon2';

/** @node-rs/argon2's Algorithm.Argon2id (a const enum, not importable under verbatimModuleSyntax). */
const ARGON2ID = 2;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hashed: string, password: string): Promise<boolean>;
}

/** argon2id; memory cost from config (OWASP's 19 MiB minimum by default). */
export function argon2Hasher(memoryCostKib: number): PasswordHasher {
  const opts = { algorithm: ARGON2ID, memoryCost: memoryCostKib, timeCost: 2, parallelism: 1 };
  return {
    hash: (password) => hash(password, opts),
    verify: async (hashed, password) => {
      try {
        return await verify(hashed, password);
      } catch {
        return false;
      }
    },
  };
}
