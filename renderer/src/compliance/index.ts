/** Live compliance in the composer (see useComplianceCheck); the composer imports only from here. */
export { useComplianceCheck, type ComplianceCheck } from './useComplianceCheck';
export { ComplianceHighlights } from './ComplianceHighlights';
export { ComplianceBar } from './ComplianceBar';
export { AckDialog } from './AckDialog';
