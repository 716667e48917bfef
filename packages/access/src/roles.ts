/** Who can call Metrodesk. `service` is a service acting on its own behalf (jobs, consumers). */
export const ROLES = ['enterprise', 'liaison', 'city_manager', 'province_manager', 'admin', 'service'] as const;
export type Role = (typeof ROLES)[number];
