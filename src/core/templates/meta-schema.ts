import { templateMetaSchema } from "../playbook/schema.js";
import { validate } from "../yaml/validate.js";
import type { MetaCheck } from "./parse.js";

/** A template's front matter checked by zod: what the commands but lint pass parseTemplate (they load the schemas anyway). */
export const metaBySchema: MetaCheck = (value, parsed) => validate(templateMetaSchema, value, parsed);
