import { z } from 'zod';
import { def } from './common';

export const USER_TOPIC = 'identity.user.v1';

const user = {
  userId: z.string(),
  version: z.number().int().positive(),
  name: z.string(),
  role: z.enum(['enterprise', 'liaison', 'city_manager', 'province_manager', 'admin']),
  enterpriseId: z.string().nullable().optional(),
  cityCode: z.string().regex(/^\d{6}$/).nullable().optional(),
  active: z.boolean(),
  /** Where the user's email notifications go; none when null or absent. Set by an admin or by the user (identity PATCH /me). */
  email: z.string().nullable().optional(),
  /** The language the user reads Metrodesk in; zh-CN when absent. Set by an admin or by the user (identity PATCH /me). */
  language: z.enum(['zh-CN', 'en']).optional(),
};

export const userCreated = def('identity.user.created', USER_TOPIC, z.object(user));
export const userUpdated = def('identity.user.updated', USER_TOPIC, z.object(user));
export const userDisabled = def('identity.user.disabled', USER_TOPIC, z.object(user));

export const identityEvents = [userCreated, userUpdated, userDisabled];
