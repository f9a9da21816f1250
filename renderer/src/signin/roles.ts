import type { Role } from '../../../shared/protocol/hub';

const ROLE_COLORS: Record<Role, string> = { agent: 'blue', qa: 'purple', lead: 'gold', customer: 'default' };

export const roleColor = (role: Role): string => ROLE_COLORS[role] ?? 'default';
