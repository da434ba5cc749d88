import { createHash } from 'node:crypto';
import { canonicalJson } from '@parley/protocol';
import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { confirmWithPassword } from '../../../identity/confirmWithPassword.ts';
import { checkCrossSigningKey, type CheckedCrossSigningKey } from '../../../crossSigning/checkCrossSigningKey.ts';
import { crossSigningUploadNeedsAuth, uploadCrossSigningKeys } from '../../../actions/uploadCrossSigningKeys.ts';
import { uploadKeySignatures } from '../../../actions/uploadKeySignatures.ts';
import { listCrossSigningKeys } from '../../../storage/repos/crossSigning.ts';

export const uploadCrossSigningKeysEndpoint = defineEndpoint(contracts.uploadCrossSigningKeys, {
  handler: async ({ deps, auth, body, request }) => {
    const uploaded: CheckedCrossSigningKey[] = [];
    if (body.master_key) uploaded.push(checkCrossSigningKey(body.master_key, 'master', auth.userId));
    if (body.self_signing_key) uploaded.push(checkCrossSigningKey(body.self_signing_key, 'self_signing', auth.userId));
    if (body.user_signing_key) uploaded.push(checkCrossSigningKey(body.user_signing_key, 'user_signing', auth.userId));
    const needsAuth = crossSigningUploadNeedsAuth(await listCrossSigningKeys(deps.database.db, auth.userId), uploaded);
    if (needsAuth) {
      // The session is bound to these keys: it cannot be used to upload others.
      const digest = createHash('sha256')
        .update(canonicalJson(uploaded.map((k) => k.key)))
        .digest('base64url');
      await confirmWithPassword(deps, auth, body.auth, `uploadCrossSigningKeys ${digest}`, request.ip);
    }
    await uploadCrossSigningKeys(deps, auth.userId, uploaded, needsAuth);
    return {};
  },
});

export const uploadCrossSigningSignaturesEndpoint = defineEndpoint(contracts.uploadCrossSigningSignatures, {
  handler: async ({ deps, auth, body }) => ({ failures: await uploadKeySignatures(deps, auth.userId, body) }),
});

/** The same two under their unstable paths. */
export const uploadCrossSigningKeysUnstableEndpoint = defineEndpoint(contracts.uploadCrossSigningKeysUnstable, { handler: uploadCrossSigningKeysEndpoint.handler });
export const uploadCrossSigningSignaturesUnstableEndpoint = defineEndpoint(contracts.uploadCrossSigningSignaturesUnstable, {
  handler: uploadCrossSigningSignaturesEndpoint.handler,
});
