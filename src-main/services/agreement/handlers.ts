// API handlers of the agreement domain, spread into the handler table in services/handlers.ts.
// Typed structurally (the context needs only the project and the per-project cache), so this file does
// not depend on the dispatcher's types.
import type { AgreementReport, AgreementRequest } from '../../contract/methods/agreement';
import { agreementCompute, type OffThreadContext } from './off-thread';

export const agreementHandlers = {
  'agreement.compute': (ctx: OffThreadContext, req: AgreementRequest): Promise<AgreementReport> => agreementCompute(ctx, req),
};
