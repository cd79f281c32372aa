// DescribeLaunchConfigurations: by name or every one, paginated (MaxRecords 1..100, default 50).
import { BUCKETS } from "../buckets.js";
import { encodeToken } from "../ec2/action.js";
import type { SimLaunchConfiguration } from "../launch-state.js";
import type { Xml } from "../protocol.js";
import { type AutoScalingAction, maxRecordsParam, memberList, pageStart } from "./params.js";

function writeConfiguration(x: Xml, c: SimLaunchConfiguration): void {
  x.leaf("LaunchConfigurationName", c.name)
    .leaf("LaunchConfigurationARN", c.arn)
    .leaf("ImageId", c.imageId)
    .leaf("KeyName", c.keyName);
  x.open("SecurityGroups");
  for (const g of c.securityGroups) x.leaf("member", g);
  x.close("SecurityGroups")
    .leaf("InstanceType", c.instanceType)
    .open("BlockDeviceMappings")
    .close("BlockDeviceMappings")
    .open("InstanceMonitoring")
    .leaf("Enabled", true)
    .close("InstanceMonitoring")
    .leaf("CreatedTime", new Date(c.createdTime).toISOString())
    .leaf("EbsOptimized", false);
  const m = c.metadataOptions;
  if (m) {
    x.open("MetadataOptions")
      .leaf("HttpTokens", m.httpTokens)
      .leaf("HttpPutResponseHopLimit", m.httpPutResponseHopLimit)
      .leaf("HttpEndpoint", m.httpEndpoint)
      .close("MetadataOptions");
  }
}

export const describeLaunchConfigurations: AutoScalingAction = {
  bucket: () => ({ key: "DescribeLaunchConfigurations", size: BUCKETS.describe }),
  prepare(params, ctx) {
    const names = memberList(params, "LaunchConfigurationNames");
    const max = maxRecordsParam(params);
    const region = ctx.region;
    const offset = pageStart(params, "DescribeLaunchConfigurations", region.name);
    return (xml) => {
      const configs = region.launchConfigurations.filter((c) => names.length === 0 || names.includes(c.name));
      const end = Math.min(configs.length, offset + max);
      xml.open("LaunchConfigurations");
      for (const c of configs.slice(offset, end)) {
        xml.open("member");
        writeConfiguration(xml, c);
        xml.close("member");
      }
      xml.close("LaunchConfigurations");
      if (end < configs.length) {
        xml.leaf("NextToken", encodeToken("DescribeLaunchConfigurations", region.name, end));
      }
    };
  },
};
