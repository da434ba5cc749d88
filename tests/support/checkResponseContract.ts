// Every 2xx response the API tests receive is checked against its endpoint's contract
// (packages/api): the contract is found by method and path, its response schema compiled with
// ajv once, and a mismatch throws with the schema errors and the body.
import { Ajv, type ValidateFunction } from 'ajv';
import { CONTRACTS, r0PathOf, type AnyContract } from '@parley/api';

const ajv = new Ajv({ strict: false, allErrors: true });

interface Route {
  method: string;
  pattern: RegExp;
  contract: AnyContract;
}

const escape = (s: string): string => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
const patternOf = (path: string): RegExp =>
  new RegExp(
    `^${path
      .split(/\{\w+\}/)
      .map(escape)
      .join('[^/]+')}$`,
  );

const ROUTES: Route[] = CONTRACTS.flatMap((contract) => {
  const paths = contract.r0 ? [contract.path, r0PathOf(contract.path)] : [contract.path];
  return paths.map((path) => ({ method: contract.method, pattern: patternOf(path), contract }));
});

const validators = new Map<AnyContract, ValidateFunction>();

function validatorOf(contract: AnyContract): ValidateFunction {
  let v = validators.get(contract);
  if (!v) {
    v = ajv.compile(contract.response);
    validators.set(contract, v);
  }
  return v;
}

/** The contract serving `method pathname`, if any (several aliases share one response schema). */
export function findContract(method: string, pathname: string): AnyContract | undefined {
  return ROUTES.find((r) => r.method === method && r.pattern.test(pathname))?.contract;
}

/** Throws when `body` (a 2xx response) does not match the response schema of its endpoint's contract. */
export function checkResponseContract(method: string, pathname: string, body: unknown): void {
  const contract = findContract(method.toUpperCase(), pathname);
  if (!contract) return;
  const validate = validatorOf(contract);
  if (validate(body)) return;
  const json = JSON.stringify(body) ?? String(body);
  throw new Error(
    `response of ${method} ${pathname} does not match the contract ${contract.operationId} (packages/api): ${ajv.errorsText(validate.errors, { dataVar: 'body' })}\n${json.length > 800 ? `${json.slice(0, 800)}…` : json}`,
  );
}
