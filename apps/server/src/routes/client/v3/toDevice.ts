import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { sendToDevice } from '../../../actions/sendToDevice.ts';
import { checkEventType } from './send.ts';

export const sendToDeviceEndpoint = defineEndpoint(contracts.sendToDevice, {
  rateLimit: 'send',
  handler: async ({ deps, auth, params, body }) => {
    await sendToDevice(deps, auth, { type: checkEventType(params.eventType), txnId: params.txnId, messages: body.messages });
    return {};
  },
});
