import type { AppDeps } from '../deps.ts';
import { MatrixError, UiaChallenge } from '../errors/MatrixError.ts';
import { randomId } from '../security/tokens.ts';
import { deleteUiaSession, findUiaSession, insertUiaSession, updateUiaSessionCompleted } from '../storage/repos/uiaSessions.ts';

export interface UiaFlow {
  stages: string[];
}

/** Checks one stage's auth dict; returns true when it is satisfied, throws a MatrixError when it is wrong. */
export type StageChecker = (auth: Record<string, unknown>) => Promise<boolean>;

export interface UiaRequest {
  flows: UiaFlow[];
  params: Record<string, unknown>;
  checkers: Record<string, StageChecker>;
  auth: unknown;
  /** Who asks and for what (e.g. `@u:hs deactivate`): a session only continues the request it was started for. */
  bind?: string;
}

const SESSION_TTL_MS = 30 * 60_000;

/**
 * User-interactive authentication: answers 401 with the flows until one flow's
 * stages are all completed within one session (kept in the database, so any node can continue it).
 */
export async function userInteractiveAuth(deps: AppDeps, req: UiaRequest): Promise<void> {
  const db = deps.database.db;
  const auth = req.auth;
  const now = deps.now();
  if (auth === undefined || auth === null) {
    const session = randomId(16);
    await insertUiaSession(db, { sessionId: session, params: JSON.stringify(req.params), createdTs: now, boundTo: req.bind ?? null });
    throw new UiaChallenge({ flows: req.flows, params: req.params, session, completed: [] });
  }
  if (typeof auth !== 'object' || Array.isArray(auth)) throw new MatrixError('M_BAD_JSON', 'auth must be an object');
  const a = auth as Record<string, unknown>;
  let session = typeof a.session === 'string' ? a.session : undefined;
  let completed: string[] = [];
  if (session) {
    const row = await findUiaSession(db, session);
    if (!row || now - Number(row.created_ts) > SESSION_TTL_MS) throw new MatrixError('M_UNKNOWN', 'Unknown or expired session', {}, 400);
    if ((row.bound_to ?? null) !== (req.bind ?? null)) throw new MatrixError('M_FORBIDDEN', 'Requested operation has changed during the UI authentication session');
    completed = JSON.parse(row.completed) as string[];
  } else {
    session = randomId(16);
    await insertUiaSession(db, { sessionId: session, params: JSON.stringify(req.params), createdTs: now, boundTo: req.bind ?? null });
  }
  const type = a.type;
  if (type !== undefined) {
    if (typeof type !== 'string') throw new MatrixError('M_BAD_JSON', 'auth.type must be a string');
    const allowed = req.flows.some((f) => f.stages.includes(type));
    const checker = req.checkers[type];
    if (!allowed || !checker) throw new MatrixError('M_UNRECOGNIZED', `Unsupported auth type ${type}`, {}, 400);
    let ok = false;
    let failure: MatrixError | undefined;
    try {
      ok = await checker(a);
    } catch (err) {
      // A spent rate limit is answered as such (429 with Retry-After), not as another UIA round.
      if (!(err instanceof MatrixError) || err.errcode === 'M_LIMIT_EXCEEDED') throw err;
      failure = err;
    }
    if (ok && !completed.includes(type)) {
      completed.push(type);
      await updateUiaSessionCompleted(db, session, JSON.stringify(completed));
    }
    if (!ok) {
      const e = failure ?? new MatrixError('M_FORBIDDEN', 'Authentication failed');
      throw new UiaChallenge({ flows: req.flows, params: req.params, session, completed, errcode: e.errcode, error: e.message });
    }
  }
  const done = req.flows.some((f) => f.stages.every((s) => completed.includes(s)));
  if (!done) throw new UiaChallenge({ flows: req.flows, params: req.params, session, completed });
  await deleteUiaSession(db, session);
}
