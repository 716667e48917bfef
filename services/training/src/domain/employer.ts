/** What training knows of an enterprise, learnt from accounts events (never from its database). */
export interface Employer {
  uscc: string;
  enterpriseId: string;
  name: string;
  cityCode: string;
  status: 'active' | 'closed';
  /** The accounts version this copy reflects: an older or repeated event never replaces it. */
  version: number;
}
