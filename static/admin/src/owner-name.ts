/** The name of a credential's owner as the admin page shows it: the vendor's product name, or "Deployments (CI)" in the user's language. */
import type { CredentialOwner } from '@shared/admin';
import { SOURCE_NAMES } from '@shared/vocabulary';
import type { AdminI18n } from './i18n/admin-i18n';

export const ownerName = (owner: CredentialOwner, t: AdminI18n['t']): string => (owner === 'deployments' ? t('deployments.name') : SOURCE_NAMES[owner]);
