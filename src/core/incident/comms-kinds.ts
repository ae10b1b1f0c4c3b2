/** The comms entries a responder logs (media, spokesperson, stakeholders, evidence): journal event types, and a step's `records`. */
export const COMMS_KINDS = ["media_enquiry", "spokesperson_appearance", "stakeholder_notice", "evidence"] as const;
export type CommsKind = (typeof COMMS_KINDS)[number];
