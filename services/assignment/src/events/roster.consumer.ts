import { on } from '@metrodesk/events';
import {
  enterpriseClosed,
  enterpriseFlagged,
  enterpriseRegistered,
  enterpriseReopened,
  enterpriseUpdated,
  ENTERPRISE_TOPIC,
  userCreated,
  userDisabled,
  userUpdated,
  USER_TOPIC,
} from '@metrodesk/contracts';
import type { AssignmentDeps } from '../use-cases/ports';
import { learnUser } from '../use-cases/learn-user';
import { learnEnterprise } from '../use-cases/learn-enterprise';

/** The roster and territory projections, learnt from identity and accounts. */
export function rosterHandlers(deps: AssignmentDeps) {
  const user = on(userCreated, async (e) => learnUser(deps, e.data, new Date(e.time)))[1];
  const enterprise = on(enterpriseRegistered, async (e) => learnEnterprise(deps, e.data))[1];
  return {
    topics: [USER_TOPIC, ENTERPRISE_TOPIC],
    handlers: [
      ...[userCreated, userUpdated, userDisabled].map((d) => [d.type, user] as [string, typeof user]),
      ...[enterpriseRegistered, enterpriseUpdated, enterpriseFlagged, enterpriseClosed, enterpriseReopened].map((d) => [d.type, enterprise] as [string, typeof enterprise]),
    ],
  };
}
