/** The default services board until boards become configurable: every service of the scenario on its channels. */
import type { ServiceStatFilter } from '../../rtd/generated/graphql';

export const DEFAULT_SERVICE_BOARD: ServiceStatFilter = {
  CALL: { services: ['service_1', 'service_2', 'service_3', 'service_4'] },
  VIDEO: { services: ['service_2', 'service_4', 'service_6'] },
  CHAT: { services: ['service_3', 'service_4', 'service_5'] },
};
