/**
 * The simulator follows the hub protocol as it grows: an optional request (customer.leave, csat.submit, an entryPoint
 * on customer.hello, a grab) is used only when shared/protocol/hub.ts declares it and its schema accepts what the
 * simulator would send. Until then the simulated client falls back (leaving = closing the socket) instead of
 * sending something the hub would refuse.
 */
import type { z } from 'zod';
import { customerRequests, staffRequests } from '../../shared/protocol/hub';

const customerSchemas = customerRequests as Readonly<Record<string, z.ZodType | undefined>>;
const staffSchemas = staffRequests as Readonly<Record<string, z.ZodType | undefined>>;

export function customerMayRequest(event: string, payload: unknown): boolean {
  return customerSchemas[event]?.safeParse(payload).success ?? false;
}

export function staffMayRequest(event: string, payload: unknown): boolean {
  return staffSchemas[event]?.safeParse(payload).success ?? false;
}

/** The first payload of the candidates that the protocol accepts for this customer request, if any. */
export function firstAcceptedCustomerPayload<T>(event: string, candidates: readonly T[]): T | undefined {
  return candidates.find((p) => customerMayRequest(event, p));
}
