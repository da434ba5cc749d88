/** Device management (device_management.yaml). */
import { Type } from '@sinclair/typebox';
import { defineContract } from './defineContract.ts';
import { EmptyResponse } from './schemas.ts';

const DeviceParams = Type.Object({ deviceId: Type.String({ minLength: 1, maxLength: 255 }) });

/** definitions/client_device.yaml */
export const Device = Type.Object({
  device_id: Type.String(),
  display_name: Type.Optional(Type.String()),
  last_seen_ip: Type.Optional(Type.String()),
  last_seen_ts: Type.Optional(Type.Integer()),
});

export const getDevices = defineContract({
  operationId: 'getDevices',
  method: 'GET',
  path: '/_matrix/client/v3/devices',
  r0: true,
  auth: 'required',
  response: Type.Object({ devices: Type.Array(Device) }),
});

export const getDevice = defineContract({
  operationId: 'getDevice',
  method: 'GET',
  path: '/_matrix/client/v3/devices/{deviceId}',
  r0: true,
  auth: 'required',
  params: DeviceParams,
  response: Device,
});

export const updateDevice = defineContract({
  operationId: 'updateDevice',
  method: 'PUT',
  path: '/_matrix/client/v3/devices/{deviceId}',
  r0: true,
  auth: 'required',
  params: DeviceParams,
  body: Type.Object({ display_name: Type.Optional(Type.String({ maxLength: 100 })) }),
  response: EmptyResponse,
});

export const deleteDevice = defineContract({
  operationId: 'deleteDevice',
  method: 'DELETE',
  path: '/_matrix/client/v3/devices/{deviceId}',
  r0: true,
  auth: 'required',
  params: DeviceParams,
  body: Type.Object({ auth: Type.Optional(Type.Unknown()) }),
  response: EmptyResponse,
});

export const deleteDevices = defineContract({
  operationId: 'deleteDevices',
  method: 'POST',
  path: '/_matrix/client/v3/delete_devices',
  r0: true,
  auth: 'required',
  body: Type.Object({
    devices: Type.Array(Type.String({ maxLength: 255 }), { maxItems: 1000 }),
    auth: Type.Optional(Type.Unknown()),
  }),
  response: EmptyResponse,
});
