// What a typical launch template version carries besides its AMI, type and metadata options
// (botocore's ResponseLaunchTemplateData): disks, profile, key, security groups, tags to apply,
// user data. imds reads none of it; it is here so template pages weigh what AWS's do.

import type { SimTemplate, TemplateData } from "../launch-state.js";
import type { Xml } from "../protocol.js";
import { factsOf } from "./realistic-facts.js";

/** A cloud-init script of a typical size, base64 as AWS returns it. */
const USER_DATA = Buffer.from(
  [
    "#!/bin/bash",
    "set -euo pipefail",
    "dnf install -y amazon-cloudwatch-agent",
    "TOKEN=$(curl -sX PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 300')",
    'REGION=$(curl -s -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/placement/region)',
    'aws ssm get-parameter --region "$REGION" --name /app/config --query Parameter.Value --output text > /etc/app.conf',
    "systemctl enable --now app.service",
  ].join("\n"),
).toString("base64");

/** The elements written before `imageId`, in AWS's order, where the version sets none of its own. */
export function writeTemplateDataHead(x: Xml, d: TemplateData, region: string, accountId: string): void {
  const facts = factsOf(region, accountId);
  if (!d.iamInstanceProfile)
    x.open("iamInstanceProfile").leaf("arn", facts.profileArn).close("iamInstanceProfile");
  if (d.blockDeviceMappings) return;
  x.items("blockDeviceMappingSet", ["/dev/xvda"], (b, device) =>
    b
      .leaf("deviceName", device)
      .open("ebs")
      .leaf("encrypted", true)
      .leaf("deleteOnTermination", true)
      .leaf("iops", 3000)
      .leaf("volumeSize", 30)
      .leaf("volumeType", "gp3")
      .leaf("throughput", 125)
      .close("ebs"),
  );
}

/** The elements written after `instanceType`, metadata options excepted, where the version sets none. */
export function writeTemplateDataTail(
  x: Xml,
  d: TemplateData,
  template: SimTemplate,
  region: string,
  accountId: string,
): void {
  const facts = factsOf(region, accountId);
  if (!d.keyName) x.leaf("keyName", "ops-2024");
  x.open("monitoring").leaf("enabled", false).close("monitoring");
  if (!d.userData) x.leaf("userData", USER_DATA);
  if (!d.tagSpecifications) {
    x.items("tagSpecificationSet", ["instance", "volume"], (t, resourceType) =>
      t
        .leaf("resourceType", resourceType)
        .items("tagSet", [template.name], (g, name) => g.leaf("key", "Name").leaf("value", name)),
    );
  }
  if (d.securityGroupIds) return;
  x.open("securityGroupIdSet");
  for (const group of facts.groups) x.leaf("item", group.id);
  x.close("securityGroupIdSet");
}
