import { Type } from '@sinclair/typebox';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { sendToDevice } from '../../../actions/sendToDevice.ts';
import { checkEventType } from './send.ts';

export const sendToDeviceEndpoint = defineEndpoint({
  operationId: 'sendToDevice',
  method: 'PUT',
  path: '/_matrix/client/v3/sendToDevice/{eventType}/{txnId}',
  r0: true,
  auth: 'required',
  rateLimit: 'send',
  params: Type.Object({ eventType: Type.String(), txnId: Type.String({ minLength: 1, maxLength: 255 }) }),
  body: Type.Object({
    messages: Type.Record(Type.String(), Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown()))),
  }),
  handler: async ({ deps, auth, params, body }) => {
    await sendToDevice(deps, auth, { type: checkEventType(params.eventType), txnId: params.txnId, messages: body.messages });
    return {};
  },
});
