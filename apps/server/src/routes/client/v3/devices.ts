import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { notFound } from '../../../errors/MatrixError.ts';
import { userInteractiveAuth } from '../../../http/userInteractiveAuth.ts';
import { passwordStage } from '../../../http/passwordStage.ts';
import { findDevice, listDevices, type DeviceRow } from '../../../storage/repos/devices.ts';
import { removeDevices } from '../../../actions/removeDevices.ts';
import { renameDevice } from '../../../actions/renameDevice.ts';

function deviceJson(d: DeviceRow): Record<string, unknown> {
  return {
    device_id: d.device_id,
    ...(d.display_name !== null ? { display_name: d.display_name } : {}),
    ...(d.last_seen_ip !== null ? { last_seen_ip: d.last_seen_ip } : {}),
    ...(d.last_seen_ts !== null ? { last_seen_ts: Number(d.last_seen_ts) } : {}),
  };
}

export const getDevices = defineEndpoint(contracts.getDevices, {
  handler: async ({ deps, auth }) => ({ devices: (await listDevices(deps.database.db, auth.userId)).map(deviceJson) }),
});

export const getDevice = defineEndpoint(contracts.getDevice, {
  handler: async ({ deps, auth, params }) => {
    const device = await findDevice(deps.database.db, auth.userId, params.deviceId);
    if (!device) throw notFound('No device with that ID');
    return deviceJson(device);
  },
});

export const updateDevice = defineEndpoint(contracts.updateDevice, {
  handler: async ({ deps, auth, params, body }) => {
    if (body.display_name === undefined) {
      if (!(await findDevice(deps.database.db, auth.userId, params.deviceId))) throw notFound('No device with that ID');
      return {};
    }
    await renameDevice(deps, auth.userId, params.deviceId, body.display_name);
    return {};
  },
});

export const deleteDevice = defineEndpoint(contracts.deleteDevice, {
  handler: async ({ deps, auth, params, body, request }) => {
    await userInteractiveAuth(deps, {
      flows: [{ stages: ['m.login.password'] }],
      params: {},
      auth: body.auth,
      bind: `${auth.userId} deleteDevice ${params.deviceId}`,
      checkers: { 'm.login.password': passwordStage(deps, auth.userId, request.ip) },
    });
    await removeDevices(deps, auth.userId, [params.deviceId]);
    return {};
  },
});

export const deleteDevices = defineEndpoint(contracts.deleteDevices, {
  handler: async ({ deps, auth, body, request }) => {
    await userInteractiveAuth(deps, {
      flows: [{ stages: ['m.login.password'] }],
      params: {},
      auth: body.auth,
      bind: `${auth.userId} deleteDevices ${JSON.stringify([...new Set(body.devices)].sort())}`,
      checkers: { 'm.login.password': passwordStage(deps, auth.userId, request.ip) },
    });
    await removeDevices(deps, auth.userId, body.devices);
    return {};
  },
});
