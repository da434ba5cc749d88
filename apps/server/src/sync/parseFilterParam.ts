import { MatrixError } from '../errors/MatrixError.ts';
import { jsonDepthExceeds } from '../http/jsonDepthExceeds.ts';
import { MAX_FILTER_JSON_LENGTH } from './EventFilter.ts';

/**
 * The JSON of a `filter` query parameter (/sync inline, /messages, /context), before
 * checkSyncFilter: too long, unparsable or nested too deeply is 400 M_INVALID_PARAM,
 * as for any malformed query parameter. The checks on its content are checkSyncFilter's.
 */
export function parseFilterParam(raw: string): unknown {
  if (raw.length > MAX_FILTER_JSON_LENGTH) throw new MatrixError('M_INVALID_PARAM', `filter is longer than ${MAX_FILTER_JSON_LENGTH} characters`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new MatrixError('M_INVALID_PARAM', 'filter is not valid JSON');
  }
  if (jsonDepthExceeds(parsed)) throw new MatrixError('M_INVALID_PARAM', 'filter is nested too deeply');
  return parsed;
}
