/**
 * recordAudit lives in db/ so that the demo loader, which may not import the server, writes its
 * history through the same chain; the server's modules import it from here.
 */
export { recordAudit, type AuditInput } from "../../../db/audit";
