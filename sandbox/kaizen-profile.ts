import type { SandboxAppProfile } from './core/app-profile';

/**
 * Kaizen's development data for the sandbox. Alert-source secrets and ready-to-use sender instructions are added
 * with the alert intake (issue 3).
 */
export const kaizenProfile: SandboxAppProfile = {};
