// The HttpTokens a launch from a template version actually gets, and where it comes from. A version
// that sets HttpTokens decides; one that does not takes the account default, then its AMI's
// ImdsSupport (v2.0 means required), then AWS's own default (optional). An AMI imds could not see is
// "unknown", with the reason: never a guess. Pure.
import type { AccountDefaults, ImageLookup, TemplateVersionRecord } from "./types.js";

type EffectiveSource = "template" | "account-default" | "ami" | "aws-default" | "unknown";

export interface Effective {
  httpTokens: "required" | "optional" | "unknown";
  source: EffectiveSource;
  /** Where it comes from, in words: "from AMI ami-0abc (ImdsSupport v2.0)", "account default". */
  because: string;
}

/** "required (from AMI ami-0abc, ImdsSupport v2.0)", "optional (account default)", "unknown (...)". */
export function effectiveText(e: Effective): string {
  return `${e.httpTokens} (${e.because})`;
}

const SSM_ALIAS = "resolve:ssm:";

function fromImage(imageId: string | undefined, images: ReadonlyMap<string, ImageLookup>): Effective {
  const unknown = (because: string): Effective => ({ httpTokens: "unknown", source: "unknown", because });
  if (imageId === undefined) return unknown("no AMI in the template: the launch names it");
  if (imageId.startsWith(SSM_ALIAS)) {
    return unknown(`AMI not visible: ${imageId} is resolved from Systems Manager at launch`);
  }
  const image = images.get(imageId);
  if (image === undefined) return unknown(`AMI ${imageId} not looked up`);
  if (!image.visible) return unknown(`AMI not visible: ${imageId}, ${image.reason}`);
  if (image.imdsSupport === "v2.0") {
    return { httpTokens: "required", source: "ami", because: `from AMI ${imageId}, ImdsSupport v2.0` };
  }
  return {
    httpTokens: "optional",
    source: "aws-default",
    because: `AWS default: AMI ${imageId} has no ImdsSupport v2.0`,
  };
}

/**
 * @param defaults the region's account default; undefined when it could not be read.
 * @param images what DescribeImages said of each AMI id the region's templates name.
 */
export function effectiveTokens(
  t: Pick<TemplateVersionRecord, "metadata" | "imageId">,
  defaults: AccountDefaults | undefined,
  images: ReadonlyMap<string, ImageLookup>,
): Effective {
  const own = t.metadata?.httpTokens;
  if (own === "required" || own === "optional") {
    return { httpTokens: own, source: "template", because: "set in the template" };
  }
  if (defaults === undefined) {
    return { httpTokens: "unknown", source: "unknown", because: "the account default could not be read" };
  }
  if (defaults.httpTokens === "required" || defaults.httpTokens === "optional") {
    return { httpTokens: defaults.httpTokens, source: "account-default", because: "account default" };
  }
  return fromImage(t.imageId, images);
}

/** Whether a launch from the version has the metadata endpoint at all (template, then account default). */
export function endpointOff(
  t: Pick<TemplateVersionRecord, "metadata">,
  defaults: AccountDefaults | undefined,
): boolean {
  return (t.metadata?.httpEndpoint ?? defaults?.httpEndpoint) === "disabled";
}

/** The AMI ids a region's templates name whose ImdsSupport could decide a launch: looked up by id. */
export function imagesToLookUp(templates: readonly Pick<TemplateVersionRecord, "metadata" | "imageId">[]) {
  const ids = new Set<string>();
  for (const t of templates) {
    const own = t.metadata?.httpTokens;
    if (own === "required" || own === "optional") continue;
    if (t.imageId?.startsWith("ami-")) ids.add(t.imageId);
  }
  return [...ids].sort();
}
